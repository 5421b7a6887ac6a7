import type { LogStep } from './random-log-kinds';

/** The other kinds of events, after recordKinds in the same fixed order. */
export function laterKinds(step: LogStep): (() => void)[] {
  const { contacts, enrollment, i, message, now, own, pick, policy, push, r, s, stream, t, teachers } = step;
  return [
    () =>
      push(
        stream,
        'CallLogged',
        {
          studentId: s,
          callId: `c${Math.floor(r() * 8)}`,
          direction: 'outbound',
          party: 'guardian',
          outcome: 'connected',
          durationSeconds: 60,
          notes: null,
          enrollmentId: r() < 0.4 ? enrollment : null,
          ...(r() < 0.7 ? { authorId: t } : {}),
        },
        t,
      ),
    () =>
      push(
        stream,
        'EntryMarkedEnteredInError',
        { studentId: s, entryKind: r() < 0.7 ? 'call' : 'note', entryId: `c${Math.floor(r() * 8)}`, reason: 'oops' },
        t,
      ),
    () =>
      push(
        stream,
        'SmsOptedOut',
        { studentId: s, removedNumber: r() < 0.5 ? '+12015550999' : null, requestedBy: 'student', note: 'STOP' },
        'system',
      ),
    () =>
      push(
        stream,
        'ContactUpdated',
        {
          studentId: s,
          changes: r() < 0.6 ? { smsNumber: r() < 0.3 ? null : '+12015550999' } : { address: 'x' },
          previousSmsNumber: null,
          reason: null,
        },
        'registrar',
      ),
    () =>
      push(
        stream,
        'SmsNumberFlaggedInvalid',
        { studentId: s, messageId: message, number: '+12015550999', errorCode: null, reason: 'invalid' },
        'system',
      ),
    () => push('district-d2', 'DistrictSmsPolicySet', policy(pick(['d1', 'd2'])), 'adm'),
    () => push(stream, 'SmsSendAttempted', { studentId: s, messageId: message, attempt: 1 }, 'system'),
    () =>
      push(
        stream,
        'SmsCancelled',
        {
          studentId: s,
          messageId: message,
          scheduledFor: null,
          reason: 'opted_out',
          explanation: 'Not sent: the student or family asked for no texts.',
        },
        'system',
      ),
    () =>
      push(
        stream,
        'SmsRescheduled',
        {
          studentId: s,
          messageId: message,
          scheduledFor: new Date(now() + 7_200_000).toISOString(),
          scheduledBecause: 'quiet_hours',
        },
        'system',
      ),
    () =>
      push(
        stream,
        'KeywordReplyQueued',
        {
          studentId: s,
          messageId: r() < 0.5 ? message : `a${Math.floor(r() * 4)}`,
          inReplyTo: 'r1',
          kind: 'stop',
          to: '+12015550101',
          from: null,
          body: 'Unsubscribed',
          staffId: r() < 0.7 ? t : null,
          day: '2026-01-05',
        },
        'system',
      ),
    // Sender pools: a text from a thread's number, a reply with our number (flagged or not), a reply moved by staff.
    () =>
      push(
        stream,
        'SmsQueued',
        {
          studentId: s,
          messageId: `p${i}`,
          enrollmentId: own,
          staffId: t,
          to: '+12015550101',
          body: 'Hi',
          idempotencyKey: `k${i}`,
          scheduledFor: null,
          from: '+12015550190',
        },
        t,
      ),
    () =>
      push(
        stream,
        'SmsReceived',
        {
          studentId: s,
          messageId: `r${Math.floor(r() * 6)}`,
          staffId: t,
          body: 'ok',
          channel: 'sms',
          providerMessageId: `SMp${i}`,
          receivedOn: '+12015550191',
          ...(r() < 0.5 ? { mayBeForAnotherStaffMember: true } : {}),
        },
        'system',
      ),
    () =>
      push(
        stream,
        'InboundSmsMoved',
        {
          studentId: s,
          messageId: r() < 0.8 ? `r${Math.floor(r() * 6)}` : message,
          fromStaffId: t,
          toStaffId: pick(teachers),
          reason: r() < 0.5 ? 'meant for them' : null,
        },
        t,
      ),
    () =>
      push(
        stream,
        'InboundSmsMoved',
        {
          studentId: s,
          messageId: `r${Math.floor(r() * 6)}`,
          fromStaffId: t,
          toStaffId: pick(teachers),
          reason: null,
        },
        'registrar',
      ),
    // Listed contacts and record corrections (issue 15): both end a roster run.
    () =>
      push(
        stream,
        'ContactUpdated',
        {
          studentId: s,
          changes: { listedContacts: contacts(), ...(r() < 0.3 ? { smsNumber: '+12015550998' } : {}) },
          previousSmsNumber: null,
          reason: null,
        },
        'registrar',
      ),
    () =>
      push(
        stream,
        'StudentRecordCorrected',
        r() < 0.5
          ? {
              studentId: s,
              fields: ['lastName', 'timeZone'],
              correctedValues: { lastName: `L${i}`, timeZone: 'America/Denver' },
              reason: 'x',
            }
          : {
              studentId: s,
              fields: ['firstName', 'preferredName'],
              correctedValues: { firstName: `F${i}`, preferredName: r() < 0.5 ? null : `P${i}` },
              reason: 'x',
            },
        'registrar',
      ),
  ];
}
