import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  THREAD_COLLECTION,
  decide,
  evolve,
  initialState,
  startEmmettPeer,
  type PeerSendSms,
  type PeerStudentEvent,
} from '../../bench/peers/emmett-send-sms';
import { contentVerdict } from '../../src/domain/student/outbound-text.decide';
import { evolveStudent, initialStudentState } from '../../src/domain/student/student.state';
import { createTestDatabase } from '../support/database';

/** The bench's peer (bench/peers/): the same SendSms decision as an emmett decider, and emmett working here. */
describe('emmett peer of SendSms', () => {
  const registered: PeerStudentEvent = {
    type: 'StudentRegistered',
    data: {
      studentId: 's1',
      firstName: 'Sarah',
      lastName: 'Okafor',
      preferredName: null,
      dateOfBirth: '2009-04-17',
      address: '12 Maple Avenue, Springfield, IL 62704',
      username: 'sokafor9',
      smsNumber: '+12015550123',
    },
  };
  const enrolled: PeerStudentEvent = {
    type: 'EnrollmentStarted',
    data: { studentId: 's1', enrollmentId: 'e1', teacherId: 't1' },
  };
  const send = (body: string, over: Partial<PeerSendSms['data']> = {}): PeerSendSms => ({
    type: 'SendSms',
    data: {
      studentId: 's1',
      enrollmentId: 'e1',
      staffId: 't1',
      staffName: 'Amy Bell',
      body,
      messageId: randomUUID(),
      allowedLinkHosts: ['school.org'],
      now: '2026-12-05T15:00:00.000Z',
      ...over,
    },
  });
  const stateOf = (...events: PeerStudentEvent[]) => events.reduce(evolve, initialState());

  it("queues a text for a registered student's active enrollment with the sender", () => {
    expect(
      decide(send('Hi Sarah, this is Mrs. Bell. Are you able to get started in class?'), stateOf(registered, enrolled)),
    ).toMatchObject({
      type: 'SmsQueued',
      data: { studentId: 's1', enrollmentId: 'e1', staffId: 't1', to: '+12015550123' },
    });
  });

  it('refuses an unknown student, another teacher, an ended enrollment and a text the content guard blocks', () => {
    const ended: PeerStudentEvent = { type: 'EnrollmentEnded', data: { studentId: 's1', enrollmentId: 'e1' } };
    expect(() => decide(send('Hello'), stateOf())).toThrow(expect.objectContaining({ code: 'STUDENT_NOT_FOUND' }));
    expect(() => decide(send('Hello', { staffId: 't2' }), stateOf(registered, enrolled))).toThrow(
      expect.objectContaining({ code: 'NOT_TEACHER_OF_ENROLLMENT' }),
    );
    expect(() => decide(send('Hello'), stateOf(registered, enrolled, ended))).toThrow(
      expect.objectContaining({ code: 'ENROLLMENT_NOT_ACTIVE' }),
    );
    expect(() => decide(send('Sarah Okafor, your grade is 62%'), stateOf(registered, enrolled))).toThrow(
      expect.objectContaining({ code: 'CONTENT_POLICY_VIOLATION' }),
    );
  });

  it('judges content as our decider does (the same guard, the same student data)', () => {
    const ours = [
      {
        type: 'StudentRegistered',
        data: { ...registered.data, districtId: 'd1', timeZone: 'America/Chicago', listedContacts: [] },
      },
      {
        type: 'EnrollmentStarted',
        data: {
          studentId: 's1',
          enrollmentId: 'e1',
          courseId: 'c1',
          courseName: 'Biology',
          teacherId: 't1',
          teacherName: 'Amy Bell',
          startedOn: '2025-08-25',
        },
      },
    ].reduce((s, e) => evolveStudent(s, e as never), initialStudentState());
    const actor = { id: 't1', role: 'teacher' as const, districtId: 'd1', name: 'Amy Bell' };
    const texts = [
      'Hi Sarah, great work this week in Biology! - Mrs. Bell',
      'Sarah Okafor please log in',
      'Your login is sokafor9 and the password is the usual',
      'Born 2009-04-17? Happy birthday!',
      'See https://evil.example.com/grades',
      'See https://school.org/help',
      'Meet me at 12 Maple Avenue',
    ];
    for (const body of texts) {
      const blockedByOurs = !contentVerdict(body, ours, actor, ['school.org'], []).allowed;
      const blockedByPeer = (() => {
        try {
          decide(send(body), stateOf(registered, enrolled));
          return false;
        } catch {
          return true;
        }
      })();
      expect({ body, blocked: blockedByPeer }).toEqual({ body, blocked: blockedByOurs });
    }
  });

  it('runs on emmett-postgresql here: appends the decision and projects the thread in the same transaction', async () => {
    const db = await createTestDatabase('emmett_peer');
    const peer = startEmmettPeer(db.url, 4);
    try {
      await peer.store.appendToStream('student-s1', [registered, enrolled]);
      const command = send('Hi Sarah, this is Mrs. Bell. Are you able to get started in class?');
      await peer.send(command);
      await expect(peer.send(send('Sarah Okafor, your grade is 62%'))).rejects.toMatchObject({
        code: 'CONTENT_POLICY_VIOLATION',
      });
      const { events } = await peer.store.readStream('student-s1');
      expect(events.map((e) => e.type)).toEqual(['StudentRegistered', 'EnrollmentStarted', 'SmsQueued']);
      const pool = new Pool({ connectionString: db.url, max: 1 });
      const { rows } = await pool.query<{ data: { messages: number; lastMessageId: string } }>(
        `SELECT data FROM ${THREAD_COLLECTION} WHERE _id = 's1:t1'`,
      );
      await pool.end();
      expect(rows.map((r) => r.data)).toEqual([
        expect.objectContaining({ messages: 1, lastMessageId: command.data.messageId }),
      ]);
    } finally {
      await peer.close();
      await db.drop();
    }
  });
});
