import { Client } from 'pg';
import { mintToken } from '../../src/infrastructure/auth/token.service';
import { loadConfig } from '../../src/infrastructure/config/app-config';
import { freePort } from '../../src/infrastructure/database/embedded-postgres';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { rosterBundle } from '../support/oneroster-bundle';
import { ServiceProcess } from '../support/service-process';

const STUDENTS = 420;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface JobView {
  status: string;
  total: number;
  done: number;
  counts: { queued: number; scheduled: number; notSent: number };
  students: { studentId: string }[];
}

/**
 * Issue 16, item 4: a class text of more than 200 students is a job that a restart resumes. Here the restart follows
 * a crash: the service runs as a real child process (`npm start`) and is killed with SIGKILL part-way through the
 * job, so no shutdown hook runs and the chunk under way is lost mid-flight. The next start finishes the job, and every
 * student has exactly one SmsQueued in the record.
 */
describe('e2e: a class text job survives kill -9 of the service (real child process)', () => {
  let db: TestDatabase;
  let service: ServiceProcess;
  const config = loadConfig({ NODE_ENV: 'development' });
  const token = (role: 'sis' | 'school_admin' | 'teacher', sub: string) =>
    mintToken(config, {
      sub,
      role,
      district: 'd1',
      ...(role === 'teacher' ? { initials: 'A.T', name: 'Amy Teacher0' } : {}),
    });
  const call = async (method: string, path: string, bearer: string, body?: unknown) => {
    const res = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: res.status,
      location: res.headers.get('location'),
      body: (await res.json()) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    db = await createTestDatabase('e2e');
    service = new ServiceProcess(await freePort(), {
      DATABASE_URL: db.url,
      NODE_ENV: 'development',
      JWT_SECRET: '',
      LOG_LEVEL: 'warn',
      DEFAULT_DISTRICT_ID: 'd1',
      DEMO_DISTRICT: 'off',
      RATE_LIMIT_PER_MINUTE: '1000000',
      SIMULATOR_DELAY_MS: '5',
    });
    await service.start();
  }, 120_000);
  afterAll(async () => {
    await service?.terminate();
    await db?.drop();
  });

  it('SIGKILL part-way through the job; the next start finishes it; every student has exactly one SmsQueued', async () => {
    const admin = token('school_admin', 'adm-1');
    const policy = {
      smsAllowed: true,
      timeZone: 'America/Chicago',
      quietHours: { start: '08:00', end: '21:00' },
      allowedLinkHosts: [],
    };
    expect((await call('PUT', '/v1/districts/d1/sms-policy', admin, policy)).status).toBe(200);
    const files = rosterBundle({ students: STUDENTS, classes: 1, perStudent: 1, prefix: 'big' });
    const imported = await call('POST', '/v1/roster/oneroster', token('sis', 'sis-sync'), { files });
    expect(imported.status).toBe(200);
    // The section's class list is a read model: wait until it holds every student.
    const teacher = token('teacher', 'big-t0');
    for (let listed = 0; listed < STUDENTS; await sleep(200)) {
      const page = await fetch(`${service.baseUrl}/v1/enrollments/current?courseId=big-c0&limit=1000`, {
        headers: { Authorization: `Bearer ${teacher}` },
      });
      listed = ((await page.json()) as unknown[]).length;
    }

    const text = {
      body: 'Hi {firstName}, study session today at 1:00 in {className} - {teacherName}',
      idempotencyKey: 'big-c0-crash-1',
    };
    const started = await call('POST', '/v1/sections/big-c0/texts', teacher, text);
    expect(started).toMatchObject({ status: 202, body: { status: 'running', total: STUDENTS } });
    const location = started.location!;
    // Kill as soon as part of it is recorded.
    let partway = (await call('GET', location, teacher)).body as unknown as JobView;
    while (partway.done === 0) partway = (await call('GET', location, teacher)).body as unknown as JobView;
    await service.kill9();
    expect(partway.done).toBeLessThan(STUDENTS);
    expect(service.exits.at(-1)).toMatchObject({ signal: 'SIGKILL', killedByTest: true });

    // A new process on the same database: the job resumes on its own.
    await service.start();
    let finished = (await call('GET', location, teacher)).body as unknown as JobView;
    for (
      const deadline = Date.now() + 90_000;
      finished.status !== 'finished' && Date.now() < deadline;
      await sleep(250)
    )
      finished = (await call('GET', location, teacher)).body as unknown as JobView;
    expect(finished).toMatchObject({ status: 'finished', total: STUDENTS, done: STUDENTS });
    expect(finished.counts.queued + finished.counts.scheduled).toBe(STUDENTS);
    expect(new Set(finished.students.map((s) => s.studentId)).size).toBe(STUDENTS);

    // The record itself: one SmsQueued per student, whatever the crash interrupted.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ stream_id: string; n: number }>(
        `SELECT stream_id, count(*)::int AS n FROM events WHERE type = 'SmsQueued' GROUP BY stream_id`,
      );
      expect(rows).toHaveLength(STUDENTS);
      expect(rows.filter((r) => r.n !== 1)).toEqual([]);
      expect(rows.every((r) => r.stream_id.startsWith('student-d1/big'))).toBe(true);
    } finally {
      await pg.end();
    }
    expect(service.exits).toHaveLength(1); // the restarted service is still running: it did not exit on its own
  }, 300_000);
});
