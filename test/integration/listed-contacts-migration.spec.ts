import { Client } from 'pg';
import { createReadModelDataSource } from '../../src/infrastructure/database/read-model-data-source.factory';
import { ListedContacts1733300000000 } from '../../src/infrastructure/database/migrations/1733300000000-listed-contacts';
import { auth } from '../support/compliance-story';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * An installation upgraded to the listed-contacts column has directory rows written without it: the migration empties
 * the roster and removes its checkpoint, and the next start replays the roster from the event store, contacts and all.
 */
describe('migration: listed contacts are replayed into an existing roster', () => {
  let first: TestApp | undefined;
  let second: TestApp | undefined;

  afterAll(async () => {
    await second?.app.close();
    await first?.db.drop();
  });

  it('after the migration and a restart, earlier students show their listed contacts and enrollments again', async () => {
    first = await startTestApp();
    const sis = first.token('sis', 'sis');
    await first.http
      .post('/v1/students')
      .set(auth(sis))
      .send({
        studentId: 's1',
        firstName: 'Sarah',
        lastName: 'Jones',
        listedContacts: [{ name: 'Maria Jones', relationship: 'parent', phone: '+12015550160' }],
      })
      .expect(201);
    await first.http
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
    await first.settle();
    await first.app.close();

    // The database as it was before this change: no column. Then the migration, as the owner runs it at start-up.
    const owner = await createReadModelDataSource(first.db.url, 2);
    const q = owner.createQueryRunner();
    try {
      await q.query('ALTER TABLE student_directory DROP COLUMN listed_contacts');
      await new ListedContacts1733300000000().up(q);
    } finally {
      await q.release();
    }
    const c = new Client({ connectionString: first.db.url });
    await c.connect();
    const emptied = (
      await c.query(
        `SELECT (SELECT count(*) FROM student_directory)::int AS rows, (SELECT count(*) FROM projection_checkpoints WHERE name = 'roster')::int AS checkpoints`,
      )
    ).rows[0];
    await c.end();
    await owner.destroy();
    expect(emptied).toEqual({ rows: 0, checkpoints: 0 });

    second = await startTestApp({}, {}, first.db);
    await second.settle();
    const profile = await second.http
      .get('/v1/students/s1')
      .set(auth(second.token('teacher', 't-bell')))
      .expect(200);
    expect(profile.body.listedContacts).toEqual([
      { name: 'Maria Jones', relationship: 'parent', phone: '+12015550160' },
    ]);
  });
});
