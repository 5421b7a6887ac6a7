/** What one step of the random log knows: its random source, the event writer, and the step's picks. */
export interface LogStep {
  r: () => number;
  pick: <T>(xs: readonly T[]) => T;
  push: (streamId: string, type: string, data: Record<string, unknown>, actor?: string) => void;
  /** The log's clock (epoch ms) as it stands. */
  now: () => number;
  policy: (districtId: string) => Record<string, unknown>;
  contacts: () => unknown[];
  students: string[];
  teachers: string[];
  stream: string;
  s: string;
  t: string;
  enrollment: string;
  own: string;
  message: string;
  i: number;
}

/** The first kinds of events, in a fixed order (the log picks one by index). */
export function recordKinds(step: LogStep): (() => void)[] {
  const { contacts, enrollment, i, message, now, own, push, r, s, stream, t } = step;
  return [
    () =>
      push(
        stream,
        'StudentRegistered',
        {
          studentId: s,
          districtId: r() < 0.9 ? 'd1' : 'd2',
          firstName: s.toUpperCase(),
          lastName: 'X',
          preferredName: r() < 0.3 ? 'P' : null,
          smsNumber: r() < 0.8 ? `+1201555010${s.charCodeAt(0) % 10}` : null,
          timeZone: null,
          ...(r() < 0.7 ? { listedContacts: contacts() } : {}),
        },
        'registrar',
      ),
    () =>
      push(
        stream,
        'EnrollmentStarted',
        {
          studentId: s,
          enrollmentId: own,
          courseId: `c-${t}`,
          courseName: 'Biology',
          teacherId: t,
          teacherName: 'T',
          startedOn: `2026-01-0${1 + Math.floor(r() * 3)}`,
        },
        'sis',
      ),
    () =>
      push(
        stream,
        'EnrollmentEnded',
        {
          studentId: s,
          enrollmentId: own,
          endedOn: `2026-02-0${1 + Math.floor(r() * 2)}`,
          reason: r() < 0.5 ? 'moved' : null,
        },
        'sis',
      ),
    () =>
      push(
        stream,
        'EnrollmentPacingReported',
        {
          studentId: s,
          enrollmentId: own,
          status: r() < 0.6 ? 'behind' : 'on_track',
          asOf: new Date(now() - Math.floor(r() * 1e8)).toISOString(),
        },
        'sis',
      ),
    () =>
      push(
        stream,
        'SmsQueued',
        {
          studentId: s,
          messageId: message,
          enrollmentId: r() < 0.8 ? own : enrollment,
          staffId: t,
          to: '+12015550101',
          body: 'Hello',
          idempotencyKey: `k${i}`,
          scheduledFor: r() < 0.2 ? new Date(now() + 3_600_000).toISOString() : null,
        },
        t,
      ),
    () =>
      push(
        stream,
        'SmsQueued',
        {
          studentId: s,
          messageId: `q${i}`,
          enrollmentId: own,
          staffId: t,
          to: '+12015550101',
          body: 'Hi',
          idempotencyKey: `k${i}`,
          scheduledFor: null,
        },
        t,
      ),
    () =>
      push(
        stream,
        'SmsSent',
        { studentId: s, messageId: message, providerMessageId: r() < 0.7 ? `SM${i}` : null },
        'system',
      ),
    () =>
      push(
        stream,
        'SmsDelivered',
        { studentId: s, messageId: message, providerMessageId: r() < 0.7 ? `SM${i}` : null },
        'system',
      ),
    () =>
      push(
        stream,
        'SmsFailed',
        { studentId: s, messageId: message, reason: 'carrier', errorCode: r() < 0.5 ? '30006' : null },
        'system',
      ),
    () => push(stream, 'SmsCancelled', { studentId: s, messageId: message, scheduledFor: null }, t),
    () =>
      push(
        stream,
        'SmsRetryScheduled',
        {
          studentId: s,
          messageId: message,
          attempt: 2,
          reason: 'busy',
          errorCode: r() < 0.5 ? '20429' : null,
          retryAt: new Date(now() + 60_000).toISOString(),
        },
        'system',
      ),
    () =>
      push(
        stream,
        'OptOutRequestFlagged',
        {
          studentId: s,
          messageId: r() < 0.5 ? message : `r${Math.floor(r() * 6)}`,
          staffId: r() < 0.5 ? t : null,
          phrase: 'stop',
        },
        'system',
      ),
    () =>
      push(
        stream,
        'SmsReceived',
        {
          studentId: s,
          messageId: r() < 0.8 ? `r${Math.floor(r() * 6)}` : message,
          staffId: t,
          body: 'ok',
          channel: r() < 0.8 ? 'sms' : 'portal',
          providerMessageId: r() < 0.5 ? `SMr${i}` : null,
        },
        'system',
      ),
    () =>
      push(
        stream,
        'InboundSmsUnrouted',
        {
          studentId: s,
          messageId: `u${Math.floor(r() * 4)}`,
          body: 'hey',
          reason: 'no_thread',
          providerMessageId: null,
        },
        'system',
      ),
    () =>
      push(
        'inbound-unmatched-2026-01-05',
        'InboundSmsUnmatched',
        {
          messageId: `u${Math.floor(r() * 4)}`,
          districtId: 'd1',
          from: '+12015550999',
          to: null,
          body: 'who?',
          providerMessageId: `SMu${i}`,
          reason: 'unknown_number',
        },
        'system',
      ),
    () => push(stream, 'NoteAdded', { studentId: s, noteId: `n${i}`, body: 'note', authorId: t }, t),
  ];
}
