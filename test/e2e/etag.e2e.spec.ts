import { startTestApp, type TestApp } from '../support/test-app';

/** Issue 15: a read's ETag is the student stream's revision, and it works as If-Match on writes. */
describe('e2e: one ETag (the stream revision)', () => {
  let t: TestApp;
  let registrar: string, bell: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const revisionInStore = async (id: string) => BigInt((await t.store.readStream(`student-d1/${id}`)).length - 1);

  beforeAll(async () => {
    t = await startTestApp();
    const sis = t.token('sis', 'sis');
    registrar = t.token('registrar', 'reg', { initials: 'R.Diaz' });
    bell = t.token('teacher', 't-bell', { initials: 'A.Bell' });
    await t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({ studentId: 's1', firstName: 'Sarah', lastName: 'Jones', smsNumber: '+12015550123' })
      .expect(201);
    await t.http
      .post('/v1/students/s1/enrollments')
      .set(auth(sis))
      .send({
        enrollmentId: 'e1',
        courseId: 'c1',
        courseName: 'ELA',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET answers the stream revision as a strong ETag; PATCH with it is 200 with the next one, which the next GET answers', async () => {
    const read = await t.http.get('/v1/students/s1').set(auth(registrar)).expect(200);
    expect(read.headers.etag).toBe(`"${await revisionInStore('s1')}"`);
    const write = await t.http
      .patch('/v1/students/s1/contact')
      .set(auth(registrar))
      .set('If-Match', read.headers.etag!)
      .send({ smsNumber: '+12015550199' })
      .expect(200);
    expect(write.headers.etag).toBe(`"${await revisionInStore('s1')}"`);
    expect(write.headers.etag).not.toBe(read.headers.etag);
    // Read right after the write (no settle): the profile waits for the roster, so body and ETag agree.
    const again = await t.http.get('/v1/students/s1').set(auth(registrar)).expect(200);
    expect(again.headers.etag).toBe(write.headers.etag);
    expect(again.body.smsNumber).toBe('+12015550199');
  });

  it('a stale ETag is 412 PRECONDITION_FAILED and changes nothing', async () => {
    const stale = (await t.http.get('/v1/students/s1').set(auth(registrar)).expect(200)).headers.etag!;
    await t.http.post('/v1/students/s1/notes').set(auth(bell)).send({ body: 'Called, left a message' }).expect(201);
    const before = await revisionInStore('s1');
    const res = await t.http
      .patch('/v1/students/s1/contact')
      .set(auth(registrar))
      .set('If-Match', stale)
      .send({ smsNumber: '+12015550144' })
      .expect(412);
    expect(res.body.error.code).toBe('PRECONDITION_FAILED');
    expect(await revisionInStore('s1')).toBe(before);
  });

  it("the ETag of a teacher's read works as If-Match on that teacher's write (a note)", async () => {
    const read = await t.http.get('/v1/students/s1').set(auth(bell)).expect(200);
    const note = await t.http
      .post('/v1/students/s1/notes')
      .set(auth(bell))
      .set('If-Match', read.headers.etag!)
      .send({ body: 'Second try' });
    expect(note.status).toBe(201);
    expect(await revisionInStore('s1')).toBe(BigInt(JSON.parse(read.headers.etag!)) + 1n);
  });

  it('every write to a student answers its new revision as the ETag, which chains into the next write', async () => {
    const written = async (name: string, res: { status: number; headers: Record<string, string> }) => ({
      name,
      status: res.status,
      etag: res.headers.etag,
    });
    const expectNext = async (name: string, res: { status: number; headers: Record<string, string> }) =>
      expect(await written(name, res)).toEqual({ name, status: res.status, etag: `"${await revisionInStore('s1')}"` });
    const note = await t.http.post('/v1/students/s1/notes').set(auth(bell)).send({ body: 'Checked in' }).expect(201);
    await expectNext('note', note);
    const call = await t.http
      .post('/v1/students/s1/calls')
      .set(auth(bell))
      .set('If-Match', note.headers.etag!)
      .send({ direction: 'outbound', party: 'student', outcome: 'voicemail' })
      .expect(201);
    await expectNext('call', call);
    const enrolled = await t.http
      .post('/v1/students/s1/enrollments')
      .set(auth(registrar))
      .set('If-Match', call.headers.etag!)
      .send({
        enrollmentId: 'e-etag',
        courseId: 'c2',
        courseName: 'Art',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
    await expectNext('enrollment', enrolled);
  });

  it('every write to a student takes If-Match: a stale one is 412 on each and records nothing', async () => {
    const admin = t.token('school_admin', 'adm');
    const writes: [string, () => Promise<{ status: number; body: { error?: { code: string } } }>][] = [
      [
        'contact',
        () =>
          t.http
            .patch('/v1/students/s1/contact')
            .set(auth(registrar))
            .set('If-Match', '"0"')
            .send({ address: '1 Elm St' }),
      ],
      [
        'record',
        () =>
          t.http
            .patch('/v1/students/s1/record')
            .set(auth(registrar))
            .set('If-Match', '"0"')
            .send({ lastName: 'Jonas', reason: 'Typo' }),
      ],
      [
        'text',
        () =>
          t.http
            .post('/v1/students/s1/sms')
            .set(auth(bell))
            .set('If-Match', '"0"')
            .send({ body: 'Hi Sarah, see you at 1:00.', idempotencyKey: 'stale-0001' }),
      ],
      ['note', () => t.http.post('/v1/students/s1/notes').set(auth(bell)).set('If-Match', '"0"').send({ body: 'n' })],
      [
        'call',
        () =>
          t.http
            .post('/v1/students/s1/calls')
            .set(auth(bell))
            .set('If-Match', '"0"')
            .send({ direction: 'outbound', party: 'student', outcome: 'voicemail' }),
      ],
      [
        'opt-out',
        () =>
          t.http.post('/v1/students/s1/opt-out').set(auth(bell)).set('If-Match', '"0"').send({ requestedBy: 'parent' }),
      ],
      [
        'enrollment',
        () =>
          t.http.post('/v1/students/s1/enrollments').set(auth(admin)).set('If-Match', '"0"').send({
            enrollmentId: 'e9',
            courseId: 'c9',
            courseName: 'Art',
            teacherId: 't-x',
            teacherName: 'X',
            startedOn: '2026-09-01',
          }),
      ],
      [
        'end enrollment',
        () =>
          t.http
            .post('/v1/students/s1/enrollments/e1/end')
            .set(auth(admin))
            .set('If-Match', '"0"')
            .send({ endedOn: '2026-12-01' }),
      ],
    ];
    const before = await revisionInStore('s1');
    for (const [name, write] of writes) {
      const res = await write();
      expect([name, res.status, res.body.error?.code]).toEqual([name, 412, 'PRECONDITION_FAILED']);
    }
    expect(await revisionInStore('s1')).toBe(before);
  });

  it('a route that writes many students refuses If-Match (400 IF_MATCH_NOT_SUPPORTED) and registers nobody', async () => {
    const etag = (await t.http.get('/v1/students/s1').set(auth(registrar)).expect(200)).headers.etag!;
    const res = await t.http
      .post('/v1/students/bulk')
      .set(auth(registrar))
      .set('If-Match', etag)
      .send({ students: [{ studentId: 's9', firstName: 'Tim', lastName: 'Ruiz' }] })
      .expect(400);
    expect(res.body.error.code).toBe('IF_MATCH_NOT_SUPPORTED');
    expect(await t.store.readStream('student-d1/s9')).toEqual([]);
  });

  it('no weak body-hash ETag leaks from any other route', async () => {
    for (const path of ['/v1/students/s1/threads', '/v1/students/s1/log', '/v1/enrollments/current', '/health']) {
      const res = await t.http.get(path).set(auth(registrar));
      expect([path, res.status < 500, res.headers.etag]).toEqual([path, true, undefined]);
    }
  });
});
