/**
 * One row of any worklist, as the queries below answer it. Parameters: $1 district, $2 teacher, $3 the list's bound
 * (see each), $4 how many rows (a page and one more), then the cursor's key (nulls on the first page).
 */
export interface WorklistRow {
  student_id: string;
  student_first_name: string;
  enrollment_id: string | null;
  course_id: string | null;
  course_name: string | null;
  started_on: string | null;
  /** The student's SMS fields: SMS Enabled is the domain's verdict on them (verdictOf), never a SQL CASE. */
  opted_out: boolean;
  sms_number: string | null;
  sms_number_invalid: boolean;
  last_outreach_at: Date | null;
  behind_since: Date | null;
  message_id: string | null;
  failed_at: Date | null;
  failure_reason: string | null;
  /** The row's sort key, as text: the next page's cursor when it is a page's last row. */
  page_key: string[];
}

/** What SMS Enabled is decided on (the reader applies the domain's rule; the number itself never leaves the reader). */
const SMS_FIELDS = `sd.opted_out, sd.sms_number, sd.sms_number_invalid`;
/** A teacher's outreach to a student: a text that neither failed nor was cancelled, or a call not entered in error. */
const OUTREACH = `c.district_id = e.district_id AND c.student_id = e.student_id AND c.staff_id = e.teacher_id AND c.kind IN ('sms_out', 'call') AND NOT c.entered_in_error
  AND coalesce(c.status, '') NOT IN ('failed', 'cancelled')`;

const ENROLLMENT_COLUMNS = `e.student_id, ce.student_first_name, e.enrollment_id, e.course_id, ce.course_name, e.started_on::text AS started_on,
  ${SMS_FIELDS},
  (SELECT max(c.at) FROM analytics_contacts c WHERE ${OUTREACH}) AS last_outreach_at, e.behind_since,
  NULL::text AS message_id, NULL::timestamptz AS failed_at, NULL::text AS failure_reason`;
const ACTIVE_ENROLLMENTS = `analytics_enrollments e
  JOIN current_enrollments ce ON ce.district_id = e.district_id AND ce.enrollment_id = e.enrollment_id
  JOIN student_directory sd ON sd.district_id = e.district_id AND sd.student_id = e.student_id
  WHERE e.district_id = $1 AND e.teacher_id = $2 AND e.ended_on IS NULL`;

/**
 * $3: the district's today (a date in the time zone of its SMS policy). Enrollment started 7 days ago or less (and
 * not in the future), and no text for it went out
 * (failed ones do not count). Keyset pages on (start date, first name, enrollment).
 */
export const NOT_WELCOMED_SQL = `
  SELECT ${ENROLLMENT_COLUMNS}, ARRAY[e.started_on::text, ce.student_first_name, e.enrollment_id] AS page_key
    FROM ${ACTIVE_ENROLLMENTS}
     AND e.started_on BETWEEN $3::date - 7 AND $3::date
     AND NOT EXISTS (SELECT 1 FROM analytics_contacts c WHERE c.kind = 'sms_out' AND c.district_id = e.district_id AND c.enrollment_id = e.enrollment_id AND coalesce(c.status, '') NOT IN ('failed', 'cancelled'))
     AND ($5::date IS NULL OR (e.started_on, ce.student_first_name, e.enrollment_id) > ($5::date, $6::text, $7::text))
   ORDER BY e.started_on, ce.student_first_name, e.enrollment_id LIMIT $4`;

const BEHIND_SINCE = `coalesce(e.behind_since, '-infinity'::timestamptz)`;
/**
 * $3: the first instant of the district's day 7 days ago. The pacing report says behind, and the teacher has not
 * texted or called the student since then. Keyset pages on (behind since, first name, enrollment).
 */
export const FALLING_BEHIND_SQL = `
  SELECT ${ENROLLMENT_COLUMNS}, ARRAY[${BEHIND_SINCE}::text, ce.student_first_name, e.enrollment_id] AS page_key
    FROM ${ACTIVE_ENROLLMENTS}
     AND e.pacing_status = 'behind'
     AND NOT EXISTS (SELECT 1 FROM analytics_contacts c WHERE ${OUTREACH} AND c.at >= $3::timestamptz)
     AND ($5::timestamptz IS NULL OR (${BEHIND_SINCE}, ce.student_first_name, e.enrollment_id) > ($5::timestamptz, $6::text, $7::text))
   ORDER BY ${BEHIND_SINCE}, ce.student_first_name, e.enrollment_id LIMIT $4`;

/**
 * $3: now. The teacher's texts that failed in the last 30 days, unless a later text of theirs reached the student.
 * Newest first, keyset pages on (failed at, message) descending.
 */
export const FAILED_TEXTS_SQL = `
  SELECT m.student_id, coalesce(sd.preferred_name, sd.first_name) AS student_first_name, m.enrollment_id, ce.course_id, ce.course_name,
         ce.started_on::text AS started_on, ${SMS_FIELDS}, NULL::timestamptz AS last_outreach_at, NULL::timestamptz AS behind_since,
         m.message_id, m.status_at AS failed_at, m.failure_reason, ARRAY[m.status_at::text, m.message_id] AS page_key
    FROM thread_messages m
    JOIN student_directory sd ON sd.district_id = m.district_id AND sd.student_id = m.student_id
    LEFT JOIN current_enrollments ce ON ce.district_id = m.district_id AND ce.enrollment_id = m.enrollment_id
   WHERE m.district_id = $1 AND m.staff_id = $2 AND m.direction = 'outbound' AND m.status = 'failed' AND m.status_at > $3::timestamptz - interval '30 days'
     AND NOT EXISTS (SELECT 1 FROM thread_messages later WHERE later.district_id = m.district_id AND later.student_id = m.student_id AND later.staff_id = m.staff_id
                       AND later.direction = 'outbound' AND later.status IN ('sent', 'delivered') AND later.created_at > m.created_at)
     AND ($5::timestamptz IS NULL OR (m.status_at, m.message_id) < ($5::timestamptz, $6::text))
   ORDER BY m.status_at DESC, m.message_id DESC LIMIT $4`;
