import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The analytics views count days and weeks in the district's time zone (its SMS policy's; UTC while it has none), as
 * the worklists do. Rows are written straight into the facts tables (as the projection writes them) and read through
 * the views as the analytics role reads them.
 */
describe('analytics views: days and weeks in the district’s time zone', () => {
  let t: TestApp;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp();
    db = new Client({ connectionString: t.db.url });
    await db.connect();
    await db.query(
      `INSERT INTO district_policies (district_id, sms_allowed, time_zone, quiet_start, quiet_end, allowed_link_hosts)
       VALUES ('dz', true, 'America/Chicago', '08:00', '21:00', '{}')`,
    );
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const contact = (district: string, id: string, enrollment: string, at: string) =>
    db.query(
      `INSERT INTO analytics_contacts (contact_id, district_id, student_id, staff_id, enrollment_id, course_id, kind, at, status, entered_in_error)
       VALUES ($1, $2, 's-' || $1, 't-bell', $3, 'bio', 'sms_out', $4::timestamptz, 'delivered', false)`,
      [id, district, enrollment, at],
    );

  it('puts a Sunday-evening text in that week, in Chicago; in UTC for a district without a policy', async () => {
    // Sunday, November 29, 2026, 8 PM in Chicago is Monday 02:00 UTC.
    await contact('dz', 'c-sunday', 'e-none', '2026-11-29 20:00 America/Chicago');
    await contact('du', 'c-sunday', 'e-none', '2026-11-29 20:00 America/Chicago');
    const { rows } = await db.query<{ district_id: string; week: string }>(
      `SELECT district_id, week::text AS week FROM analytics_messages_per_week WHERE district_id IN ('dz', 'du') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { district_id: 'du', week: '2026-11-30' },
      { district_id: 'dz', week: '2026-11-23' },
    ]);
  });

  it("counts a welcome texted at 8 PM on the enrollment's seventh day as in its first week", async () => {
    // Started six days before the district's today; the welcome went at 8 PM (Chicago) of the seventh day, which in
    // UTC is already the eighth day.
    const { rows: zone } = await db.query<{ started: string; welcomed: string }>(
      `SELECT ((now() AT TIME ZONE 'America/Chicago')::date - 6)::text AS started,
              (((now() AT TIME ZONE 'America/Chicago')::date) + time '20:00')::text AS welcomed`,
    );
    const { started, welcomed } = zone[0]!;
    for (const district of ['dz', 'du']) {
      await db.query(
        `INSERT INTO analytics_enrollments (enrollment_id, student_id, district_id, course_id, teacher_id, started_on, ended_on, pacing_status, behind_since)
         VALUES ('e-week1', 's-week1', $1, 'bio', 't-bell', $2::date, NULL, NULL, NULL)`,
        [district, started],
      );
      await contact(district, 'c-welcome', 'e-week1', `${welcomed} America/Chicago`);
    }
    const { rows } = await db.query<{ district_id: string }>(
      `SELECT district_id FROM analytics_unwelcomed_students WHERE enrollment_id = 'e-week1' ORDER BY 1`,
    );
    // Chicago: welcomed on day 7 of 7. The district without a policy counts in UTC, where it came on day 8.
    expect(rows).toEqual([{ district_id: 'du' }]);
  });
});
