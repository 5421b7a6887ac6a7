import { auth } from './compliance-story';
import { eventually, type TestApp } from './test-app';

/** Everything personal the story puts through the service: none of it may appear in a log line. */
export const STORY_PII = {
  names: ['Sarah', 'Tim', 'Becky', 'Quintanilla', 'Amy Bell', 'Rosa Quintanilla'],
  bodies: [
    'Hi Sarah, this is Mrs. Bell, your ELA teacher. Are you able to get started in class?',
    'Yes! I can log on today',
    'Also, when is the study session?',
    'who is this',
    "Hi Tim, don't forget about Algebra class",
    'Talked about pacing with her mother',
    'Family prefers phone calls after 4pm',
    'Mother says the laptop is broken',
  ],
  /** Matched with any separators: "(201) 555-0123", "201.555.0123", "+12015550123" all count. */
  phoneDigits: ['2015550123', '2015550177', '2015550145', '2015550999', '2015550188', '2015550166'],
  datesOfBirth: ['2009-04-17', '4/17/2009', '04/17/2009', '2010-11-02'],
  addresses: ['12 Oak Ave'],
  purposes: ["Records request from Sarah Quintanilla's mother"],
};

/**
 * The seed's story end to end (register, enroll, text, delivery, replies, teacher first, a failed send, opt-out,
 * calls, notes, contact change) plus the compliance reads (log, history, export, verification), with real names,
 * numbers in several formats, dates of birth and addresses.
 */
export async function runSeedStory(t: TestApp): Promise<void> {
  const admin = auth(t.token('school_admin', 'adm-1', { initials: 'P.Admin' }));
  const sis = auth(t.token('sis', 'sis-sync'));
  const bell = auth(t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' }));
  const registrar = auth(t.token('registrar', 'reg-1', { initials: 'R.Diaz' }));
  const compliance = auth(t.token('compliance', 'comp-1'));
  await t.http
    .put('/v1/districts/d1/sms-policy')
    .set(admin)
    .send({
      smsAllowed: true,
      timeZone: 'America/Chicago',
      quietHours: { start: '08:00', end: '21:00' },
      allowedLinkHosts: [],
    })
    .expect(200);

  const students = [
    ['s-1001', 'Sarah', '(201) 555-0123', '2009-04-17'],
    ['s-1002', 'Tim', '201.555.0177', '2010-11-02'],
    ['s-1003', 'Becky', '+1 201 555 0145', null],
  ] as const;
  for (const [id, first, phone, dob] of students) {
    await t.http
      .post('/v1/students')
      .set(sis)
      .send({
        studentId: id,
        firstName: first,
        lastName: 'Quintanilla',
        smsNumber: phone,
        address: '12 Oak Ave',
        ...(dob ? { dateOfBirth: dob } : {}),
        listedContacts: [{ name: 'Rosa Quintanilla', relationship: 'parent', phone: '201-555-0166' }],
      })
      .expect(201);
    await t.http
      .post(`/v1/students/${id}/enrollments`)
      .set(sis)
      .send({
        enrollmentId: `enr-${id}`,
        courseId: 'ela-9',
        courseName: 'ELA 9',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
  }
  await t.settle();
  await t.http.get('/v1/enrollments/current').set(bell).expect(200);

  const sent = await t.http
    .post('/v1/students/s-1001/sms')
    .set(bell)
    .send({ body: STORY_PII.bodies[0], idempotencyKey: 'click-0001' })
    .expect(202);
  await t.http
    .post('/v1/students/s-1001/sms')
    .set(bell)
    .send({ body: STORY_PII.bodies[0], idempotencyKey: 'click-0001' })
    .expect(200);
  await eventually(async () => {
    const res = await t.http.get('/v1/students/s-1001/threads/t-bell').set(bell).expect(200);
    if (res.body.messages[0]?.status !== 'delivered' || res.body.messages[0].messageId !== sent.body.messageId)
      throw new Error('not delivered yet');
  });
  await t.http
    .post('/v1/dev/sms-simulator/replies')
    .set(admin)
    .send({ from: '+12015550123', body: STORY_PII.bodies[1] })
    .expect(202);
  await t.http
    .post('/v1/me/threads/t-bell/replies')
    .set(auth(t.token('student', 's-1001')))
    .send({ body: STORY_PII.bodies[2] })
    .expect(201);
  await t.http
    .post('/v1/dev/sms-simulator/replies')
    .set(admin)
    .send({ from: '+12015550145', body: STORY_PII.bodies[3] })
    .expect(202);
  await t.http
    .post('/v1/dev/sms-simulator/replies')
    .set(admin)
    .send({ from: '(201) 555-0999', body: 'hello? this is Becky' })
    .expect(202);
  await t.http
    .post('/v1/students/s-1002/sms')
    .set(bell)
    .send({ body: STORY_PII.bodies[4], idempotencyKey: 'click-0002' })
    .expect(202);
  await eventually(async () => {
    const res = await t.http.get('/v1/students/s-1002/threads/t-bell').set(bell).expect(200);
    if (res.body.messages[0]?.status !== 'failed') throw new Error('not failed yet');
  });

  // Refusals log too: a text naming the student in full, a teacher changing contact details, a bad number.
  await t.http
    .post('/v1/students/s-1001/sms')
    .set(bell)
    .send({ body: 'Sarah Quintanilla, born 4/17/2009, lives at 12 Oak Ave', idempotencyKey: 'click-0003' })
    .expect(422);
  await t.http.patch('/v1/students/s-1001/contact').set(bell).send({ smsNumber: '+12015550188' }).expect(403);
  await t.http.patch('/v1/students/s-1001/contact').set(registrar).send({ smsNumber: '555-0123' }).expect(400);

  await t.http.post('/v1/students/s-1001/opt-out').set(bell).send({ requestedBy: 'parent' }).expect(200);
  await t.http
    .post('/v1/students/s-1001/calls')
    .set(bell)
    .send({
      direction: 'outbound',
      party: 'parent',
      outcome: 'connected',
      durationSeconds: 240,
      notes: STORY_PII.bodies[5],
    })
    .expect(201);
  const note = await t.http.post('/v1/students/s-1001/notes').set(bell).send({ body: STORY_PII.bodies[6] }).expect(201);
  await t.http
    .post(`/v1/students/s-1001/notes/${note.body.noteId}/amendments`)
    .set(bell)
    .send({ body: STORY_PII.bodies[7], reason: 'Mother called back' })
    .expect(201);
  await t.http
    .patch('/v1/students/s-1001/contact')
    .set(registrar)
    .send({ smsNumber: '+1 (201) 555-0188', reason: 'Parent called the school to resume texts' })
    .expect(200);
  await t.settle();

  const purpose = STORY_PII.purposes[0]!;
  await t.http.get('/v1/students/s-1001/log').set(compliance).set('X-Access-Purpose', purpose).expect(200);
  await t.http.get('/v1/students/s-1001').set(registrar).query({ purpose }).expect(200);
  await t.http.get('/v1/compliance/students/s-1001/history').set(compliance).expect(200);
  await t.http.get('/v1/compliance/students/s-1001/log/verify').set(compliance).expect(200);
  await t.http
    .get('/v1/compliance/students/s-1001/export')
    .query({ format: 'csv', purpose })
    .set(compliance)
    .expect(200);
  await t.http.get('/v1/compliance/students/s-1001/access').set(compliance).expect(200);
}
