import { StudentCommandRunner } from '../../src/application/shared/student-command-runner';
import type { Actor } from '../../src/domain/shared/actor';
import type { SmsQueued } from '../../src/domain/student/student.events';
import { uuidGenerator } from '../../src/infrastructure/clock/system-clock';
import type { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { startPostgresEventStore, type TestEventStore } from '../support/postgres-store';
import { TestClock } from '../support/test-clock';

const POOL = ['+12015550190', '+12015550191', '+12015550192'];
const actor = (id: string, role: Actor['role']): Actor => ({ id, role, districtId: 'd1', initials: id });
const env = (a: Actor) => ({ actor: a, correlationId: uuidGenerator.next() });

/**
 * Two replicas (two runners, each with its own cache, one PostgreSQL event store) decide a new thread's number for the
 * same student at the same moment: the expected-revision check makes the later one decide again, on a new number.
 */
describe('sender numbers across replicas (PostgreSQL event store)', () => {
  let es: TestEventStore;
  let store: PostgresEventStore;

  beforeAll(async () => {
    es = await startPostgresEventStore('sender_pool');
    store = es.store;
  });
  afterAll(async () => {
    await es.close();
  });

  it('never gives two teachers texting one student at once the same number', async () => {
    const clock = new TestClock(new Date('2026-09-01T16:00:00Z')); // 10:00 in Denver
    const [a, b] = [
      new StudentCommandRunner(store, clock, uuidGenerator, POOL),
      new StudentCommandRunner(store, clock, uuidGenerator, POOL),
    ];
    const admin = actor('adm', 'school_admin');
    await a.run(
      { districtId: 'd1', studentId: 'x' },
      {
        type: 'RegisterStudent',
        data: {
          studentId: 'x',
          districtId: 'd1',
          firstName: 'Rob',
          lastName: 'Lee',
          preferredName: null,
          dateOfBirth: null,
          address: null,
          username: null,
          smsNumber: '+12015550131',
          timeZone: 'America/Denver',
          listedContacts: [],
        },
      },
      env(admin),
    );
    await store.append(
      'district-d1',
      [
        {
          id: uuidGenerator.next(),
          type: 'DistrictSmsPolicySet',
          data: {
            districtId: 'd1',
            smsAllowed: true,
            timeZone: 'America/Denver',
            quietHours: { start: '08:00', end: '21:00' },
            allowedLinkHosts: [],
          },
          metadata: {
            actor: admin,
            correlationId: 'c',
            causationId: 'c',
            command: 'SetDistrictSmsPolicy',
            occurredAt: clock.now().toISOString(),
          },
        },
      ],
      'no_stream',
    );
    for (const teacherId of ['t-bell', 't-ruiz']) {
      await a.run(
        { districtId: 'd1', studentId: 'x' },
        {
          type: 'StartEnrollment',
          data: {
            enrollmentId: `e-${teacherId}`,
            courseId: teacherId,
            courseName: 'Course',
            teacherId,
            teacherName: teacherId,
            startedOn: '2026-08-24',
          },
        },
        env(actor('sis', 'sis')),
      );
    }
    // Both replicas have read the student: each decides on the same state, neither sees the other's text.
    await Promise.all([a.read({ districtId: 'd1', studentId: 'x' }), b.read({ districtId: 'd1', studentId: 'x' })]);
    const send = (runner: StudentCommandRunner, teacherId: string) =>
      runner.run(
        { districtId: 'd1', studentId: 'x' },
        {
          type: 'SendSms',
          data: {
            messageId: `m-${teacherId}`,
            enrollmentId: null,
            body: 'Hi Rob, are you able to log on today?',
            idempotencyKey: `key-${teacherId}`,
          },
        },
        env(actor(teacherId, 'teacher')),
      );
    await Promise.all([send(a, 't-bell'), send(b, 't-ruiz')]);
    const queued = (await store.readStream('student-d1/x'))
      .filter((e) => e.type === 'SmsQueued')
      .map((e) => (e.data as SmsQueued['data']).from);
    expect(queued).toHaveLength(2);
    expect(new Set(queued)).toEqual(new Set([POOL[0], POOL[1]]));
  });
});
