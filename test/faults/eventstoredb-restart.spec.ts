import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
} from '../support/eventstoredb-standin/eventstoredb-standin.server';
import { CORE_STORY_ENV } from '../support/core-story';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Fault campaign, EventStoreDB (issue 13 item 9): the whole service on EVENT_STORE=eventstoredb against the gRPC
 * STAND-IN (not a real server). A burst of SendSms, each with its own idempotency key, retried by the "portal" on
 * 503 as a client would, and record reads (access records: 'any' appends) re-sent on 503 with the same
 * X-Correlation-Id; mid-burst a few writes are answered Timeout yet commit, then the stand-in goes down for longer
 * than the service's EventStoreDB budget (so the service answers 503) and restarts (its log kept, its idempotency
 * cache lost, as a real restart). Afterwards every acknowledged text and answered read is in the store exactly
 * once, and no answer was a 5xx other than the documented 503.
 */
const STUDENTS = ['ana', 'ben', 'cai', 'dev', 'eli'];
const TEXTS = 120;
const IN_FLIGHT = 8;
/** The service's EventStoreDB budget per operation, and an outage longer than it. */
const BUDGET_MS = 1_500;
const OUTAGE_MS = 2_500;

describe('fault: EventStoreDB stand-in restart mid-burst of SendSms', () => {
  let standIn: EventStoreDbStandIn;
  let t: TestApp;
  beforeAll(async () => {
    standIn = await startEventStoreDbStandIn();
    t = await startTestApp({
      ...CORE_STORY_ENV,
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: standIn.url,
      EVENTSTORE_OPERATION_TIMEOUT_MS: String(BUDGET_MS),
    });
  });
  afterAll(async () => {
    await t?.close();
    await standIn?.stop();
  });

  it('loses no acknowledged text or read record, doubles none, and answers no 5xx but 503', async () => {
    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
    const admin = t.token('school_admin', 'adm'),
      sis = t.token('sis', 'sis'),
      bell = t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' });
    await t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Denver',
        quietHours: { start: '00:00', end: '23:59' },
        allowedLinkHosts: [],
      })
      .expect(200);
    for (const [i, id] of STUDENTS.entries()) {
      await t.http
        .post('/v1/students')
        .set(auth(sis))
        .send({ studentId: id, firstName: id, lastName: 'Park', smsNumber: `+1201555020${i}` })
        .expect(201);
      await t.http
        .post(`/v1/students/${id}/enrollments`)
        .set(auth(sis))
        .send({
          enrollmentId: `e-${id}`,
          courseId: 'bio',
          courseName: 'Biology',
          teacherId: 't-bell',
          teacherName: 'Amy Bell',
          startedOn: '2026-08-24',
        })
        .expect(201);
    }
    // The roster knows every student before the burst: reads are refused for an unknown student, not retried.
    await t.settle();

    const statuses = new Map<number, number>();
    const acknowledged = new Set<string>();
    const unexpected: string[] = [];
    let committedDespite503 = 0;
    const metRestart: number[] = [];
    let restarted: Promise<void> | undefined;
    const started = Date.now();
    const readsAnswered = new Set<string>();
    /** A teacher's read of a thread: its access record is an 'any' append whose id derives from the correlation id. */
    const read = async (n: number): Promise<void> => {
      const correlationId = `read-${n}`;
      for (let attempt = 0; attempt < 60; attempt++) {
        const res = await t.http
          .get(`/v1/students/${STUDENTS[n % STUDENTS.length]}/threads/t-bell`)
          .set(auth(bell))
          .set('X-Correlation-Id', correlationId);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) return void readsAnswered.add(correlationId);
        // The student's first text was acknowledged a moment ago: its thread may not be projected yet (read models
        // follow the log), so a 404 for it is asked again like a 503, not counted as an answer.
        const notYetProjected =
          res.status === 404 &&
          ['THREAD_NOT_FOUND', 'STUDENT_NOT_FOUND'].includes(
            (res.body as { error?: { code?: string } }).error?.code ?? '',
          );
        if (res.status !== 503 && !notYetProjected)
          return void unexpected.push(`${res.status} ${JSON.stringify(res.body)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const send = async (n: number): Promise<void> => {
      const key = `burst-${String(n).padStart(4, '0')}`;
      for (let attempt = 0; attempt < 60; attempt++) {
        const res = await t.http
          .post(`/v1/students/${STUDENTS[n % STUDENTS.length]}/sms`)
          .set(auth(bell))
          .send({ body: `Reminder ${n}: the lab report is due on Friday.`, idempotencyKey: key });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        // 202 queued; 200 "duplicate": an earlier attempt answered 503 had committed after all (same key, one text).
        if (res.status === 202 || (res.status === 200 && res.body.duplicate === true)) {
          if (res.status === 200) committedDespite503 += 1;
          return void acknowledged.add(key);
        }
        if (res.status !== 503) return void unexpected.push(`${res.status} ${JSON.stringify(res.body)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const restart = async (): Promise<void> => {
      // A few writes answered Timeout that commit anyway, then the crash and the restart.
      Object.assign(standIn.writes, { writeDelayMs: 300, writeTimeoutMs: 100, slowWrites: 4 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      metRestart.push(acknowledged.size);
      await standIn.stop();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await standIn.restart();
      metRestart.push(acknowledged.size);
    };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < TEXTS) {
        const n = next++;
        if (n === Math.floor(TEXTS / 3)) restarted = restart();
        await send(n);
        if (n % 3 === 0) await read(n);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    await restarted;

    const queued = new Map<string, number>();
    for (const record of standIn.log.records.filter((r) => r.type === 'SmsQueued')) {
      const { idempotencyKey } = JSON.parse(Buffer.from(record.data).toString('utf8')) as { idempotencyKey: string };
      queued.set(idempotencyKey, (queued.get(idempotencyKey) ?? 0) + 1);
    }
    const accessRecords = new Map<string, number>();
    for (const record of standIn.log.records.filter((r) => r.type === 'StudentRecordAccessed')) {
      const { correlationId } = JSON.parse(Buffer.from(record.customMetadata).toString('utf8')) as {
        correlationId: string;
      };
      accessRecords.set(correlationId, (accessRecords.get(correlationId) ?? 0) + 1);
    }
    const lost = [...acknowledged]
      .filter((key) => !queued.has(key))
      .concat([...readsAnswered].filter((id) => !accessRecords.has(id)));
    const duplicated = [...queued, ...accessRecords].filter(([, count]) => count > 1).map(([key]) => key);
    const other5xx = [...statuses]
      .filter(([status]) => status >= 500 && status !== 503)
      .reduce((sum, [, count]) => sum + count, 0);
    process.stdout.write(
      `[faults] EventStoreDB stand-in restart mid-burst: ${TEXTS} texts, ${acknowledged.size} acknowledged, ` +
        `${readsAnswered.size} record reads answered, ${accessRecords.size} access records, ` +
        `${lost.length} lost, ${duplicated.length} duplicated, ${statuses.get(503) ?? 0} x 503 (retried), ${other5xx} x other 5xx,\n  ` +
        `${committedDespite503} texts committed despite their 503, restart met after ${metRestart.join('-')} acknowledged, ` +
        `answers ${JSON.stringify(Object.fromEntries(statuses))}, ${Date.now() - started} ms\n`,
    );

    expect({ lost, duplicated, other5xx }).toEqual({ lost: [], duplicated: [], other5xx: 0 });
    expect(unexpected).toEqual([]);
    expect(acknowledged.size).toBe(TEXTS);
    expect(queued.size).toBe(TEXTS);
    expect(readsAnswered.size).toBe(TEXTS / 3);
    expect([...accessRecords.keys()].sort()).toEqual([...readsAnswered].sort());
    // The restart really happened mid-burst, writes really timed out before it, and the outage was answered 503.
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(metRestart[0]).toBeGreaterThan(0);
    expect(metRestart[1]).toBeLessThan(TEXTS);
    expect(standIn.writes.slowWrites).toBe(0);
  });
});
