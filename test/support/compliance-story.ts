import type { Response } from 'supertest';
import { eventually, type TestApp } from './test-app';

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The district turns texting on (once per app). */
export async function allowTexting(t: TestApp, district = 'd1'): Promise<void> {
  const admin = t.token('school_admin', `adm-${district}`, { district, initials: 'P.Admin' });
  await t.http
    .put(`/v1/districts/${district}/sms-policy`)
    .set(auth(admin))
    .send({
      smsAllowed: true,
      timeZone: 'America/Chicago',
      quietHours: { start: '08:00', end: '21:00' },
      allowedLinkHosts: [],
    })
    .expect(200);
}

export interface StoryIds {
  messageId: string;
  noteId: string;
  callId: string;
}

/**
 * A short record for one student: registered, enrolled with Mrs. Bell (t-bell), texted (delivered), a note and a
 * logged call. Enough entries for the log to have a chain worth checking.
 */
export async function shortStory(t: TestApp, studentId: string, phone: string, district = 'd1'): Promise<StoryIds> {
  const sis = t.token('sis', 'sis-sync', { district });
  const bell = t.token('teacher', 't-bell', { district, initials: 'A.Bell', name: 'Amy Bell' });
  await t.http
    .post('/v1/students')
    .set(auth(sis))
    .send({
      studentId,
      firstName: 'Maddie',
      lastName: 'Quinlan',
      smsNumber: phone,
      dateOfBirth: '2010-02-03',
      address: '12 Oak Ave',
    })
    .expect(201);
  await t.http
    .post(`/v1/students/${studentId}/enrollments`)
    .set(auth(sis))
    .send({
      enrollmentId: `enr-${studentId}`,
      courseId: 'art',
      courseName: 'Art',
      teacherId: 't-bell',
      teacherName: 'Amy Bell',
      startedOn: '2026-09-01',
    })
    .expect(201);
  await t.settle();
  const sent = await t.http
    .post(`/v1/students/${studentId}/sms`)
    .set(auth(bell))
    .send({ body: 'Welcome to Art class Maddie! - Mrs. Bell', idempotencyKey: `welcome-${studentId}` })
    .expect(202);
  await eventually(async () => {
    const res = await t.http.get(`/v1/students/${studentId}/threads/t-bell`).set(auth(bell)).expect(200);
    if (res.body.messages[0].status !== 'delivered') throw new Error('not delivered yet');
  });
  const note = await t.http
    .post(`/v1/students/${studentId}/notes`)
    .set(auth(bell))
    .send({ body: 'Talked to mom about the first project' })
    .expect(201);
  const call = await t.http
    .post(`/v1/students/${studentId}/calls`)
    .set(auth(bell))
    .send({ direction: 'outbound', party: 'parent', outcome: 'connected', durationSeconds: 120, notes: 'Intro call' })
    .expect(201);
  await t.settle();
  return { messageId: sent.body.messageId, noteId: note.body.noteId, callId: call.body.callId };
}

/** An access-record entry as the compliance API answers it. */
export type AccessEntry = {
  type: string;
  actor: { id: string; role: string };
  part: string;
  purpose: string | null;
  disclosure: boolean;
  channel: string;
  refusedBecause: string | null;
};
/** An event of the replayed history as the compliance API answers it. */
export type HistoryEvent = {
  type: string;
  revision: string;
  metadata: { occurredAt: string; actor: { id: string }; causationId: string; correlationId: string };
};

/** An export's body as text, whether supertest parsed it or buffered it. */
export const text = (res: Response): string => res.text ?? (res.body as Buffer).toString('utf8');
/** A request whose answer is kept as it came (JSON Lines, CSV): not parsed. */
export const raw = (req: ReturnType<TestApp['http']['get']>) =>
  req.buffer(true).parse((res, cb) => {
    let data = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (data += chunk));
    res.on('end', () => cb(null, data));
  });
