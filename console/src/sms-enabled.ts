/** The SMS Enabled reasons as sentences a teacher can act on (the seed: "check the Edit Information page"). */
const SENTENCES: Record<string, string> = {
  district_disabled: 'No: the district does not allow texting students. The Send SMS tab stays closed.',
  opted_out: 'No: the student or family asked for no texts. Call instead, and log the call.',
  no_sms_number: 'No: no SMS contact number is on file. The school adds it on the Edit Information page.',
  number_flagged_invalid:
    'No: the phone network says the number on file cannot receive texts. The registrar checks it with the family.',
};

export function smsEnabledSentence(enabled: boolean, reason: string | null): string {
  if (enabled) return 'Yes';
  return SENTENCES[reason ?? ''] ?? 'No: texting is not possible for this student right now.';
}
