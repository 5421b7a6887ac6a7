/**
 * The analytics views (documented in README.md, Compliance, "9. Analytics views"). Weeks start on Monday, and days
 * and weeks are the district's: in the time zone of its SMS policy (UTC while it has none; before migration
 * 1733700000000, always UTC). Every view has
 * district_id, so the API scopes each answer to the caller's district. Students and staff appear only as their
 * pseudonymous ids; no view exposes a message body, a name, a phone number or a date of birth.
 */
/** The zone a row's district counts its days in: its SMS policy's, UTC while it has none. */
const zoneOf = (alias: string) =>
  `coalesce((SELECT p.time_zone FROM district_policies p WHERE p.district_id = ${alias}.district_id), 'UTC')`;
/** A text that went (or is going) out: cancelled texts never left. */
const SENT = `kind = 'sms_out' AND status <> 'cancelled'`;
/** A teacher's outreach to a student: a text that neither failed nor was cancelled, or a call not entered in error. */
const OUTREACH = `c.kind IN ('sms_out', 'call') AND NOT c.entered_in_error AND coalesce(c.status, '') NOT IN ('failed', 'cancelled')`;

/**
 * The views' SQL. CREATE OR REPLACE: a later migration replaces them in place (same columns), so the privileges granted
 * on them (the analytics role's) stay. `scoped`: a contact is matched to its enrollment, and to the (student, teacher)
 * it is about, within the district as well (ids are scoped by district); the first views matched by ids alone.
 */
const viewsSql = (scoped: boolean, zoned: boolean): string => {
  /** `a` and `b` are in the same district: the start of a match, when matches are scoped. */
  const sameDistrict = (a: string, b: string) => (scoped ? `${a}.district_id = ${b}.district_id AND ` : '');
  /** The day of `at` (a timestamptz column of `alias`), and today, in the district's zone (zoned) or UTC. */
  const dayOf = (alias: string, at = `${alias}.at`) => `(${at} AT TIME ZONE ${zoned ? zoneOf(alias) : "'UTC'"})`;
  const today = (alias: string) => (zoned ? `${dayOf(alias, 'now()')}::date` : 'current_date');
  const week = (alias: string) => `date_trunc('week', ${dayOf(alias)})::date`;
  return `
  CREATE OR REPLACE VIEW analytics_messages_per_week AS
    SELECT district_id, course_id, staff_id AS teacher_id, ${week('c')} AS week,
           count(*) FILTER (WHERE ${SENT})::int AS outbound,
           count(*) FILTER (WHERE kind = 'sms_in')::int AS inbound
      FROM analytics_contacts c WHERE kind IN ('sms_out', 'sms_in')
     GROUP BY 1, 2, 3, 4;
  COMMENT ON VIEW analytics_messages_per_week IS 'Texts sent and replies received per district, course, teacher and week (Monday, ${zoned ? "the district''s time zone" : 'UTC'}).';

  CREATE OR REPLACE VIEW analytics_delivery AS
    SELECT district_id, staff_id AS teacher_id, ${week('c')} AS week,
           count(*)::int AS texts,
           count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
           count(*) FILTER (WHERE status = 'failed')::int AS failed,
           count(*) FILTER (WHERE status IN ('queued', 'sent'))::int AS pending,
           round(count(*) FILTER (WHERE status = 'failed')::numeric / nullif(count(*) FILTER (WHERE status IN ('delivered', 'failed')), 0), 4)::float8 AS failure_rate
      FROM analytics_contacts c WHERE ${SENT}
     GROUP BY 1, 2, 3;
  COMMENT ON VIEW analytics_delivery IS 'Delivery results per teacher and week; failure_rate = failed / (delivered + failed).';

  CREATE OR REPLACE VIEW analytics_reply_rate AS
    WITH texted AS (
      SELECT district_id, course_id, staff_id, student_id, ${week('c')} AS week, min(at) AS first_at
        FROM analytics_contacts c WHERE ${SENT} GROUP BY 1, 2, 3, 4, 5
    )
    SELECT t.district_id, t.course_id, t.staff_id AS teacher_id, t.week,
           count(*)::int AS students_texted,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM analytics_contacts r
              WHERE r.kind = 'sms_in' AND ${sameDistrict('r', 't')}r.student_id = t.student_id AND r.staff_id = t.staff_id
                AND r.at > t.first_at AND r.at <= t.first_at + interval '7 days'))::int AS students_replied,
           round(count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM analytics_contacts r
              WHERE r.kind = 'sms_in' AND ${sameDistrict('r', 't')}r.student_id = t.student_id AND r.staff_id = t.staff_id
                AND r.at > t.first_at AND r.at <= t.first_at + interval '7 days'))::numeric / count(*), 4)::float8 AS reply_rate
      FROM texted t
     GROUP BY 1, 2, 3, 4;
  COMMENT ON VIEW analytics_reply_rate IS 'Of the students a teacher texted in a week, how many replied within 7 days of the first text.';

  CREATE OR REPLACE VIEW analytics_opt_out_rate AS
    SELECT district_id, ${week('c')} AS week,
           count(DISTINCT student_id) FILTER (WHERE ${SENT})::int AS students_texted,
           count(*) FILTER (WHERE kind = 'opt_out')::int AS opt_outs,
           count(*) FILTER (WHERE kind = 'opt_out' AND status IN ('keyword', 'carrier'))::int AS automatic_opt_outs,
           round(count(*) FILTER (WHERE kind = 'opt_out')::numeric / nullif(count(DISTINCT student_id) FILTER (WHERE ${SENT}), 0), 4)::float8 AS opt_out_rate
      FROM analytics_contacts c WHERE kind IN ('sms_out', 'opt_out')
     GROUP BY 1, 2;
  COMMENT ON VIEW analytics_opt_out_rate IS 'Opt-outs per district and week, against the students texted that week.';

  CREATE OR REPLACE VIEW analytics_unwelcomed_students AS
    SELECT e.district_id, e.course_id, e.teacher_id, e.enrollment_id, e.student_id, e.started_on,
           e.started_on + 7 AS first_week_ends_on,
           CASE WHEN ${today('e')} >= e.started_on + 7 THEN 'missed' ELSE 'due' END AS status
      FROM analytics_enrollments e
     WHERE e.ended_on IS NULL AND e.started_on <= ${today('e')}
       AND NOT EXISTS (
         SELECT 1 FROM analytics_contacts c
          WHERE c.kind = 'sms_out' AND ${sameDistrict('c', 'e')}c.enrollment_id = e.enrollment_id AND coalesce(c.status, '') NOT IN ('failed', 'cancelled')
            AND ${dayOf('c')}::date < e.started_on + 7);
  COMMENT ON VIEW analytics_unwelcomed_students IS 'Active enrollments with no welcome text in their first 7 days: due (week still running) or missed.';

  CREATE OR REPLACE VIEW analytics_uncontacted_falling_behind AS
    SELECT e.district_id, e.course_id, e.teacher_id, e.enrollment_id, e.student_id, e.behind_since,
           (SELECT max(c.at) FROM analytics_contacts c WHERE ${sameDistrict('c', 'e')}c.student_id = e.student_id AND c.staff_id = e.teacher_id AND ${OUTREACH}) AS last_outreach_at,
           floor(extract(epoch FROM now() - e.behind_since) / 86400)::int AS days_behind
      FROM analytics_enrollments e
     WHERE e.ended_on IS NULL AND e.pacing_status = 'behind'
       AND NOT EXISTS (
         SELECT 1 FROM analytics_contacts c
          WHERE ${sameDistrict('c', 'e')}c.student_id = e.student_id AND c.staff_id = e.teacher_id AND ${OUTREACH} AND c.at >= e.behind_since);
  COMMENT ON VIEW analytics_uncontacted_falling_behind IS 'Active enrollments the SIS reports behind, whose teacher has not texted or called the student since.';
`;
};

/** The views as migration 1732500000100 created them: contacts matched by ids alone. */
export const ANALYTICS_VIEWS_UNSCOPED_SQL = viewsSql(false, false);
/** The views as migration 1733600000000 left them: every match within the district, days and weeks in UTC. */
export const ANALYTICS_VIEWS_SCOPED_UTC_SQL = viewsSql(true, false);
/** The views since migration 1733700000000: every match within the district, days and weeks in the district's zone. */
export const ANALYTICS_VIEWS_SQL = viewsSql(true, true);
