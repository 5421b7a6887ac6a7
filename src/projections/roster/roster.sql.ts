/**
 * SMS Enabled per student, in the same order of reasons as the domain's smsEligibility(): the district first,
 * then an opt-out, then a missing number, then a number the phone network reported invalid. (A test checks both agree.)
 */
export const SMS_REASON = `
  CASE WHEN dp.sms_allowed IS NOT TRUE THEN 'district_disabled'
       WHEN sd.opted_out THEN 'opted_out'
       WHEN sd.sms_number IS NULL THEN 'no_sms_number'
       WHEN sd.sms_number_invalid THEN 'number_flagged_invalid' END`;

/** Recomputes SMS Enabled of the enrollments of the students `where` selects (sd: student_directory). */
export const REFRESH_SMS = (where: string) => `
  UPDATE current_enrollments ce
     SET sms_enabled = r.reason IS NULL, sms_disabled_reason = r.reason
    FROM (SELECT sd.student_id, ${SMS_REASON} AS reason
            FROM student_directory sd LEFT JOIN district_policies dp ON dp.district_id = sd.district_id
           WHERE ${where}) r
   WHERE ce.student_id = r.student_id`;
