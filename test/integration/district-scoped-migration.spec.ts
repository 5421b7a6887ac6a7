import { Client } from 'pg';
import { createReadModelDataSource } from '../../src/infrastructure/database/read-model-data-source.factory';
import { DistrictScopedStudents1733500000000 } from '../../src/infrastructure/database/migrations/1733500000000-district-scoped-students';
import { DistrictScopedAnalytics1733600000000 } from '../../src/infrastructure/database/migrations/1733600000000-district-scoped-analytics';
import { allowTexting, auth } from '../support/compliance-story';
import { eventually, startTestApp, type TestApp } from '../support/test-app';

/**
 * An installation upgraded to district-scoped student ids has read-model rows keyed by student id alone, and
 * inbox_seen rows without a district. The migrations keep every row (inbox_seen's district filled from the item it
 * marks; the analytics facts have always had theirs), and the service then reads them as before and takes the same id
 * in another district as another student, with an analytics enrollment of its own.
 */
describe('migration: district-scoped student ids on a database with rows', () => {
  let first: TestApp | undefined;
  let second: TestApp | undefined;

  afterAll(async () => {
    await second?.app.close();
    await first?.db.drop();
  });

  it('keeps the rows, fills inbox_seen.district_id, and the keys take the district', async () => {
    first = await startTestApp();
    const t = first;
    await allowTexting(t, 'd1');
    const sis = auth(t.token('sis', 'sis'));
    const bell = auth(t.token('teacher', 't-bell', { initials: 'A.Bell' }));
    await t.http
      .post('/v1/students')
      .set(sis)
      .send({ studentId: 's1', firstName: 'Sarah', lastName: 'Jones', smsNumber: '+12015550123' })
      .expect(201);
    await t.http
      .post('/v1/students/s1/enrollments')
      .set(sis)
      .send({
        enrollmentId: 'e1',
        courseId: 'c1',
        courseName: 'ELA',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
    await t.http
      .post('/v1/students/s1/sms')
      .set(bell)
      .send({ body: 'Hi Sarah', idempotencyKey: 'mig-0001' })
      .expect(202);
    // The student answers once the text has reached them.
    await eventually(async () => {
      await t.http
        .post('/v1/me/threads/t-bell/replies')
        .set(auth(t.token('student', 's1')))
        .send({ body: 'Hi!' })
        .expect(201);
    });
    await eventually(async () => {
      const inbox = await t.http.get('/v1/me/inbox').set(bell).expect(200);
      expect(inbox.body.items[0]?.unreadCount).toBe(1);
    });
    await t.http.post('/v1/me/inbox/s1/threads/t-bell/read').set(bell).expect(200);
    await t.settle();
    await t.app.close();

    // The schema as it was before this change (rows kept), then the migration as the owner runs it at start-up.
    const owner = await createReadModelDataSource(t.db.url, 2);
    const q = owner.createQueryRunner();
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    const counts = async () =>
      (
        await c.query(
          `SELECT (SELECT count(*) FROM student_directory)::int AS students, (SELECT count(*) FROM current_enrollments)::int AS enrollments,
                  (SELECT count(*) FROM threads)::int AS threads, (SELECT count(*) FROM inbox_items)::int AS items,
                  (SELECT count(*) FROM inbox_seen)::int AS seen, (SELECT count(*) FROM communication_log)::int AS log,
                  (SELECT count(*) FROM analytics_enrollments)::int AS analytics_enrollments,
                  (SELECT count(*) FROM analytics_contacts)::int AS analytics_contacts`,
        )
      ).rows[0] as Record<string, number>;
    const primaryKey = async (table: string) =>
      (
        await c.query(
          `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
          [table],
        )
      ).rows.map((r: { attname: string }) => r.attname);
    const indexes = async (table: string) =>
      (
        await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname`, [table])
      ).rows.map(
        (r: { indexname: string; indexdef: string }) => `${r.indexname}: ${r.indexdef.replace(/.* USING btree /, '')}`,
      );
    const views = [
      'analytics_messages_per_week',
      'analytics_delivery',
      'analytics_reply_rate',
      'analytics_opt_out_rate',
      'analytics_unwelcomed_students',
      'analytics_uncontacted_falling_behind',
    ];
    const analystMay = async () =>
      (
        await c.query(
          `SELECT v, has_table_privilege('texting_analytics', v, 'SELECT') AS may FROM unnest($1::text[]) v`,
          [views],
        )
      ).rows.map((r: { may: boolean }) => r.may);
    try {
      await new DistrictScopedAnalytics1733600000000().down(q);
      await new DistrictScopedStudents1733500000000().down(q);
      const before = await counts();
      expect(await primaryKey('inbox_seen')).toEqual(['user_id', 'student_id', 'staff_id']);
      expect(await primaryKey('analytics_enrollments')).toEqual(['enrollment_id']);
      expect(await primaryKey('analytics_contacts')).toEqual(['contact_id']);
      await new DistrictScopedStudents1733500000000().up(q);
      await new DistrictScopedAnalytics1733600000000().up(q);
      expect(await counts()).toEqual(before);
      expect(before).toMatchObject({
        students: 1,
        enrollments: 1,
        threads: 1,
        seen: 1,
        analytics_enrollments: 1,
        analytics_contacts: 2,
      });
      expect((await c.query('SELECT user_id, district_id, student_id FROM inbox_seen')).rows).toEqual([
        { user_id: 't-bell', district_id: 'd1', student_id: 's1' },
      ]);
      expect(await primaryKey('student_directory')).toEqual(['district_id', 'student_id']);
      expect(await primaryKey('current_enrollments')).toEqual(['district_id', 'enrollment_id']);
      expect(await primaryKey('threads')).toEqual(['district_id', 'student_id', 'staff_id']);
      expect(await primaryKey('inbox_items')).toEqual(['district_id', 'student_id', 'staff_id']);
      expect(await primaryKey('inbox_seen')).toEqual(['user_id', 'district_id', 'student_id', 'staff_id']);
      expect(await primaryKey('analytics_enrollments')).toEqual(['district_id', 'enrollment_id']);
      expect(await primaryKey('analytics_contacts')).toEqual(['district_id', 'contact_id']);
      expect(await indexes('analytics_enrollments')).toEqual([
        'analytics_enrollments_district: (district_id, started_on)',
        'analytics_enrollments_pkey: (district_id, enrollment_id)',
        'analytics_enrollments_student: (district_id, student_id, teacher_id)',
      ]);
      expect(await indexes('analytics_contacts')).toEqual([
        'analytics_contacts_district: (district_id, at)',
        'analytics_contacts_enrollment: (district_id, enrollment_id, kind, at)',
        'analytics_contacts_pkey: (district_id, contact_id)',
        'analytics_contacts_thread: (district_id, student_id, staff_id, kind, at)',
      ]);
      // The views were replaced in place: the analytics role may still read every one.
      expect(await analystMay()).toEqual(views.map(() => true));
      expect((await c.query(`SELECT pg_get_viewdef('analytics_unwelcomed_students') AS def`)).rows[0].def).toContain(
        'c.district_id = e.district_id',
      );
    } finally {
      await c.end();
      await q.release();
      await owner.destroy();
    }

    second = await startTestApp({}, {}, t.db);
    const s = second;
    const inbox = await s.http
      .get('/v1/me/inbox')
      .set(auth(s.token('teacher', 't-bell')))
      .expect(200);
    expect(inbox.body.items).toEqual([expect.objectContaining({ studentId: 's1', unreadCount: 0 })]);
    await s.http
      .post('/v1/students')
      .set(auth(s.token('sis', 'sis-2', { district: 'd2' })))
      .send({ studentId: 's1', firstName: 'Samuel', lastName: 'Jones' })
      .expect(201);
    // The same enrollment id in district 2: an analytics enrollment of its own, beside district 1's.
    await s.http
      .post('/v1/students/s1/enrollments')
      .set(auth(s.token('sis', 'sis-2', { district: 'd2' })))
      .send({
        enrollmentId: 'e1',
        courseId: 'c2',
        courseName: 'Art',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
    await s.settle();
    for (const [district, name, course] of [
      ['d1', 'Sarah', 'c1'],
      ['d2', 'Samuel', 'c2'],
    ]) {
      const profile = await s.http
        .get('/v1/students/s1')
        .set(auth(s.token('registrar', 'reg', { district })))
        .expect(200);
      expect(profile.body.firstName).toBe(name);
      const unwelcomed = await s.http
        .get('/v1/analytics/unwelcomed-students')
        .set(auth(s.token('analytics', 'ana', { district })))
        .expect(200);
      expect(unwelcomed.body).toEqual([
        expect.objectContaining({ district_id: district, enrollment_id: 'e1', course_id: course }),
      ]);
    }
  });
});
