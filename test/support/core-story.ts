import type { DataSource } from 'typeorm';
import { READ_MODEL_DATA_SOURCE } from '../../src/projections/runner/read-model-data-source';
import { eventually, type TestApp } from './test-app';

/** The app configuration the story expects: Tim's number fails like an invalid number would. */
export const CORE_STORY_ENV = { SIMULATOR_INVALID_NUMBERS: '+12015550177' };

/**
 * A condensed seed story (policy, registrations, enrollments, texts delivered and failed, a routed and an
 * unrouted reply, an opt-out, a call, a note, a contact change), then the read models with what differs
 * between runs by nature (random ids, times, store positions) taken out, so two stores can be compared.
 */
export async function runCoreStory(
  t: TestApp,
  hooks: { afterRegistration?: () => Promise<void> } = {},
): Promise<Record<string, unknown[]>> {
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
  for (const [id, phone] of [
    ['sarah', '+12015550123'],
    ['tim', '+12015550177'],
    ['becky', '+12015550145'],
  ] as const) {
    await t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({ studentId: id, firstName: id, lastName: 'Jones', smsNumber: phone })
      .expect(201);
    await t.http
      .post(`/v1/students/${id}/enrollments`)
      .set(auth(sis))
      .send({
        enrollmentId: `e-${id}`,
        courseId: 'ela',
        courseName: 'ELA 9',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
  }
  await hooks.afterRegistration?.();
  for (const id of ['sarah', 'tim']) {
    await t.http
      .post(`/v1/students/${id}/sms`)
      .set(auth(bell))
      .send({ body: `Hi ${id}, this is Mrs. Bell. Are you able to log on today?`, idempotencyKey: `welcome-${id}` })
      .expect(202);
  }
  await eventually(async () => {
    const sarah = await t.http.get('/v1/students/sarah/threads/t-bell').set(auth(bell)).expect(200);
    const tim = await t.http.get('/v1/students/tim/threads/t-bell').set(auth(bell)).expect(200);
    if (sarah.body.messages[0].status !== 'delivered' || tim.body.messages[0].status !== 'failed')
      throw new Error('not yet');
  });
  await t.http
    .post('/v1/dev/sms-simulator/replies')
    .set(auth(admin))
    .send({ from: '+12015550123', body: 'Yes I can' })
    .expect(202);
  await t.http
    .post('/v1/dev/sms-simulator/replies')
    .set(auth(admin))
    .send({ from: '+12015550145', body: 'who is this?' })
    .expect(202);
  await t.http.post('/v1/students/sarah/opt-out').set(auth(bell)).send({ requestedBy: 'parent' }).expect(200);
  await t.http
    .post('/v1/students/tim/calls')
    .set(auth(bell))
    .send({ direction: 'outbound', party: 'guardian', outcome: 'connected', durationSeconds: 120 })
    .expect(201);
  await t.http
    .post('/v1/students/tim/notes')
    .set(auth(bell))
    .send({ body: 'Number bounced; asked family to call the school' })
    .expect(201);
  await t.http
    .patch('/v1/students/tim/contact')
    .set(auth(t.token('registrar', 'reg', { initials: 'R.Diaz' })))
    .send({ smsNumber: '+12015550178' })
    .expect(200);
  await t.settle();
  return readModels(t.app.get<DataSource>(READ_MODEL_DATA_SOURCE));
}

async function readModels(db: DataSource): Promise<Record<string, unknown[]>> {
  const q = (sql: string) => db.query(sql) as Promise<unknown[]>;
  return {
    enrollments: await q(
      'SELECT enrollment_id, student_id, course_name, teacher_id, student_first_name, sms_enabled, sms_disabled_reason, last_contact_at IS NOT NULL AS contacted FROM current_enrollments ORDER BY enrollment_id',
    ),
    directory: await q(
      'SELECT student_id, district_id, sms_number, opted_out, last_outbound_at IS NOT NULL AS texted FROM student_directory ORDER BY student_id',
    ),
    threads: await q(
      'SELECT student_id, staff_id, message_count, last_direction FROM threads ORDER BY student_id, staff_id',
    ),
    messages: await q(
      'SELECT student_id, staff_id, direction, channel, body, status, failure_reason, error_code FROM thread_messages ORDER BY student_id, staff_id, position',
    ),
    unrouted: await q('SELECT student_id, body, reason FROM unrouted_inbound ORDER BY body'),
    log: await q(
      'SELECT student_id, stream_revision, kind, event_type, actor_id, actor_role, summary FROM communication_log ORDER BY student_id, stream_revision',
    ),
  };
}
