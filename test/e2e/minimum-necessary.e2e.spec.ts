import { auth, allowTexting } from '../support/compliance-story';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/**
 * FERPA's minimum necessary, in the communication log: a teacher reads what their own screens show them (their own
 * thread, the profile's fields), the school reads the whole record.
 */
describe('the communication log shows each reader only what they need', () => {
  let t: TestApp;
  const S = 'mn-1';
  const secrets = ['2010-02-03', '12 Oak Ave', 'mquinlan', 'Pat Quinlan'];
  const ruizText = 'Hi Maddie, this is Mr. Ruiz. Study session today at 1:00.';
  const bellText = 'Hi Maddie, this is Mrs. Bell. How is the art project going?';
  let bell: string;
  let ruiz: string;

  beforeAll(async () => {
    t = await startTestApp();
    await allowTexting(t);
    const sis = t.token('sis', 'sis-1');
    const registrar = t.token('registrar', 'reg-1', { initials: 'R.Reg' });
    bell = t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' });
    ruiz = t.token('teacher', 't-ruiz', { initials: 'L.Ruiz', name: 'Luis Ruiz' });
    await t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({
        studentId: S,
        firstName: 'Maddie',
        lastName: 'Quinlan',
        smsNumber: '+12015550190',
        dateOfBirth: '2010-02-03',
        address: '12 Oak Ave',
        username: 'mquinlan',
        listedContacts: [{ name: 'Pat Quinlan', relationship: 'parent', phone: '+12015550191' }],
      })
      .expect(201);
    for (const [teacher, name, course] of [
      ['t-bell', 'Amy Bell', 'Art'],
      ['t-ruiz', 'Luis Ruiz', 'Biology'],
    ]) {
      await t.http
        .post(`/v1/students/${S}/enrollments`)
        .set(auth(sis))
        .send({
          enrollmentId: `enr-${teacher}`,
          courseId: course!.toLowerCase(),
          courseName: course,
          teacherId: teacher,
          teacherName: name,
          startedOn: '2026-09-01',
        })
        .expect(201);
    }
    await t.http
      .patch(`/v1/students/${S}/contact`)
      .set(auth(registrar))
      .send({ address: '14 Oak Ave', reason: 'Family moved' })
      .expect(200);
    await t.http
      .post(`/v1/students/${S}/sms`)
      .set(auth(bell))
      .send({ body: bellText, idempotencyKey: 'mn-bell-1' })
      .expect(202);
    await t.http
      .post(`/v1/students/${S}/sms`)
      .set(auth(ruiz))
      .send({ body: ruizText, idempotencyKey: 'mn-ruiz-1' })
      .expect(202);
    await eventually(async () => {
      await t.settle();
      const log = await t.http.get(`/v1/students/${S}/log`).set(auth(registrar)).expect(200);
      if (log.body.filter((e: { kind: string }) => e.kind === 'sms_status').length < 4)
        throw new Error('texts not delivered yet');
    });
  });
  afterAll(() => t.close());

  it("a teacher sees their own texts, not a colleague's, and no student data beyond their profile view", async () => {
    const res = await t.http.get(`/v1/students/${S}/log`).set(auth(bell)).expect(200);
    const text = JSON.stringify(res.body);
    expect(text).toContain(bellText);
    expect(text).not.toContain(ruizText);
    expect(text).not.toContain('14 Oak Ave');
    for (const secret of secrets) expect(text).not.toContain(secret);
    const ruizEntry = res.body.find(
      (e: { eventType: string; actor: { id: string } }) => e.eventType === 'SmsQueued' && e.actor.id === 't-ruiz',
    );
    expect(ruizEntry.summary).toMatch(/another staff member's thread/);
    expect(ruizEntry.details.data).toMatchObject({ staffId: 't-ruiz' });
    expect(ruizEntry.details.data.body).toBeUndefined();
    // The registration entry still says what the teacher's profile shows.
    const registered = res.body.find((e: { eventType: string }) => e.eventType === 'StudentRegistered');
    expect(registered.details.data).toMatchObject({
      firstName: 'Maddie',
      lastName: 'Quinlan',
      smsNumber: '+12015550190',
    });
  });

  it('the other teacher sees the mirror image', async () => {
    const text = JSON.stringify((await t.http.get(`/v1/students/${S}/log`).set(auth(ruiz)).expect(200)).body);
    expect(text).toContain(ruizText);
    expect(text).not.toContain(bellText);
  });

  it('the school and compliance read the whole record', async () => {
    for (const reader of [t.token('registrar', 'reg-1'), t.token('compliance', 'comp-1')]) {
      const text = JSON.stringify((await t.http.get(`/v1/students/${S}/log`).set(auth(reader)).expect(200)).body);
      for (const expected of [bellText, ruizText, '14 Oak Ave', ...secrets]) expect(text).toContain(expected);
    }
  });
});
