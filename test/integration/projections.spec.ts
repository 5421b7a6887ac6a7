import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { READ_MODEL_DATA_SOURCE } from '../../src/projections/runner/read-model-data-source';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

const TABLES: Record<string, string> = {
  current_enrollments: 'district_id, enrollment_id',
  student_directory: 'district_id, student_id',
  district_policies: 'district_id',
  threads: 'district_id, student_id, staff_id',
  thread_messages: 'message_id',
  unrouted_inbound: 'message_id',
  communication_log: 'position',
};

async function snapshot(db: DataSource): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(TABLES))
    out[table] = await db.query(`SELECT * FROM ${table} ORDER BY ${order}`);
  return out;
}

/** Projections on real PostgreSQL, fed by the real PostgreSQL event store, through the whole app. */
describe('projections: rows and checkpoint in one transaction', () => {
  let t: TestApp;
  let db: DataSource;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({ SIMULATOR_INVALID_NUMBERS: '+12015550177' });
    db = t.app.get(READ_MODEL_DATA_SOURCE);
    const admin = t.token('school_admin', 'adm'),
      sis = t.token('sis', 'sis'),
      bell = t.token('teacher', 't-bell', { initials: 'A.Bell' });
    await t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
      })
      .expect(200);
    for (const [id, phone] of [
      ['a', '+12015550101'],
      ['b', '+12015550177'],
      ['c', '+12015550103'],
    ]) {
      await t.http
        .post('/v1/students')
        .set(auth(sis))
        .send({ studentId: id, firstName: id.toUpperCase(), lastName: 'Smith', smsNumber: phone })
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
          startedOn: '2026-09-01',
        })
        .expect(201);
      await t.http
        .post(`/v1/students/${id}/sms`)
        .set(auth(bell))
        .send({ body: `Hi ${id.toUpperCase()}, welcome to Biology!`, idempotencyKey: `welcome-${id}` })
        .expect(202);
    }
    // Opt out after the welcome text went out (a text still queued at an opt-out is cancelled, not sent).
    await eventually(async () =>
      expect((await t.store.readStream('student-d1/c')).map((e) => e.type)).toContain('SmsDelivered'),
    );
    await t.http.post('/v1/students/c/opt-out').set(auth(bell)).send({ requestedBy: 'student' }).expect(200);
    await t.http
      .post('/v1/students/a/calls')
      .set(auth(bell))
      .send({ direction: 'outbound', party: 'student', outcome: 'voicemail' })
      .expect(201);
    await new Promise((r) => setTimeout(r, 300));
    await t.settle();
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts an event once when the log delivers it twice', async () => {
    const before = await snapshot(db);
    const everything = await t.store.readAll({ maxCount: 100_000 });
    expect(everything.length).toBeGreaterThan(20);
    await t.projections.applyBatch(everything);
    await t.projections.applyBatch(everything.slice(5, 15));
    expect(await snapshot(db)).toEqual(before);
  });

  it('rebuilds every read model from the log into tables equal to the live ones', async () => {
    const live = await snapshot(db);
    expect(live.communication_log!.length).toBeGreaterThan(10);
    const { events } = await t.projections.rebuild();
    expect(events).toBe((await t.store.readAll({ maxCount: 100_000 })).length);
    expect(await snapshot(db)).toEqual(live);
  });

  it('keeps the communication log append-only in the database itself', async () => {
    // The service's own role has no UPDATE or DELETE on it (database-roles.spec.ts); the owner meets the trigger.
    await expect(db.query(`UPDATE communication_log SET summary = 'edited'`)).rejects.toThrow(/permission denied/);
    const owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      await expect(owner.query(`UPDATE communication_log SET summary = 'edited'`)).rejects.toThrow(/append-only/);
      await expect(owner.query('DELETE FROM communication_log')).rejects.toThrow(/append-only/);
      await expect(owner.query('TRUNCATE communication_log')).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
    expect(
      (await db.query('SELECT count(*)::int AS n FROM communication_log WHERE summary = $1', ['edited']))[0].n,
    ).toBe(0);
  });

  it('shows SMS Enabled with the same reasons the domain gives', async () => {
    const rows: { student_id: string; sms_enabled: boolean; sms_disabled_reason: string | null }[] = await db.query(
      'SELECT student_id, sms_enabled, sms_disabled_reason FROM current_enrollments ORDER BY student_id',
    );
    expect(rows).toEqual([
      { student_id: 'a', sms_enabled: true, sms_disabled_reason: null },
      // The simulator failed b's text as an invalid number (carrier code 30006): flagged for the registrar.
      { student_id: 'b', sms_enabled: false, sms_disabled_reason: 'number_flagged_invalid' },
      { student_id: 'c', sms_enabled: false, sms_disabled_reason: 'opted_out' },
    ]);
    const admin = t.token('school_admin', 'adm');
    await t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: false,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
      })
      .expect(200);
    await t.settle();
    const off: { sms_disabled_reason: string }[] = await db.query(
      'SELECT sms_disabled_reason FROM current_enrollments',
    );
    expect(off.map((r) => r.sms_disabled_reason)).toEqual([
      'district_disabled',
      'district_disabled',
      'district_disabled',
    ]);
  });
});
