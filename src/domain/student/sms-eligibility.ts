import type { DistrictSmsPolicy } from '../district/district.events';

/** Why SMS Enabled is "no" (the API documents these as its enum). */
export const SMS_DISABLED_REASONS = [
  'district_disabled',
  'no_sms_number',
  'opted_out',
  'number_flagged_invalid',
] as const;
export type SmsDisabledReason = (typeof SMS_DISABLED_REASONS)[number];

export interface SmsEligibility {
  enabled: boolean;
  reason: SmsDisabledReason | null;
  /** The sentence the portal shows next to "No". */
  explanation: string | null;
}

const EXPLANATIONS: Record<SmsDisabledReason, string> = {
  district_disabled: 'The district does not allow texting students.',
  no_sms_number: 'No SMS contact number is on file.',
  opted_out: 'The student or family asked for no texts.',
  number_flagged_invalid:
    'The phone network reported the SMS number on file cannot receive texts; the registrar needs to check it with the family.',
};

/**
 * SMS Enabled (rule 1): the district allows student SMS, a valid SMS number is on file, and nobody opted out.
 * The first failing condition is the reason, in that order, so the portal shows the one a person can act on.
 * Last: the phone network said the number on file cannot receive texts (flagged until the registrar changes it).
 */
export function smsEligibility(
  district: DistrictSmsPolicy | null,
  student: { optedOut: boolean; smsNumber: string | null; numberFlaggedInvalid?: boolean },
): SmsEligibility {
  const reason: SmsDisabledReason | null = !district?.smsAllowed
    ? 'district_disabled'
    : student.optedOut
      ? 'opted_out'
      : !student.smsNumber
        ? 'no_sms_number'
        : student.numberFlaggedInvalid
          ? 'number_flagged_invalid'
          : null;
  return { enabled: reason === null, reason, explanation: reason ? EXPLANATIONS[reason] : null };
}

/**
 * SMS Enabled for a student as the stream has it: a number the network flagged invalid counts only while it is still
 * the number on file (the registrar replacing it lifts the flag).
 */
export function studentSmsEligibility(
  district: DistrictSmsPolicy | null,
  student: { optedOut: boolean; numberFlaggedInvalid: string | null },
  smsNumber: string | null,
): SmsEligibility {
  const numberFlaggedInvalid = student.numberFlaggedInvalid !== null && student.numberFlaggedInvalid === smsNumber;
  return smsEligibility(district, { optedOut: student.optedOut, smsNumber, numberFlaggedInvalid });
}
