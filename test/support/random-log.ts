import type { RecordedEvent } from '../../src/application/ports/event-store.port';

/**
 * Random logs for the projection tests: three students with every event kind the projections read, duplicate ids (a
 * text queued twice, an enrollment started twice), statuses out of order (delivered before sent, events for texts and
 * enrollments nobody has), times out of order.
 */

/** A small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export function randomLog(seed: number, n: number): RecordedEvent[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const students = ['a', 'b', 'c'];
  const teachers = ['t1', 't2'];
  const revisions = new Map<string, bigint>();
  const out: RecordedEvent[] = [];
  let clock = Date.UTC(2026, 0, 5, 15);
  const push = (streamId: string, type: string, data: Record<string, unknown>, actor = pick(teachers)): void => {
    clock += 60_000 + Math.floor(r() * 1000);
    // Some events carry an older time than the one before them.
    const at = r() < 0.2 ? clock - Math.floor(r() * 86_400_000) : clock;
    const revision = revisions.get(streamId) ?? 0n;
    revisions.set(streamId, revision + 1n);
    const position = BigInt(out.length);
    out.push({
      id: uuid(seed * 100_000 + out.length),
      streamId,
      revision,
      position,
      type,
      data,
      metadata: {
        actor: {
          id: actor,
          role: actor.startsWith('t') ? 'teacher' : 'system',
          districtId: 'd1',
          initials: r() < 0.5 ? 'A.B' : undefined,
          name: actor === 't1' ? 'Name t1' : undefined,
        },
        correlationId: 'c',
        causationId: 'c',
        command: 'X',
        occurredAt: new Date(at).toISOString(),
      },
      recordedAt: new Date(at).toISOString(),
    });
  };
  const contacts = () =>
    Array.from({ length: Math.floor(r() * 3) }, (_, n) => ({
      name: `Parent ${n}`,
      relationship: pick(['parent', 'guardian', 'other'] as const),
      phone: r() < 0.5 ? `+1201555020${n}` : null,
    }));
  const policy = (districtId: string) => ({
    districtId,
    smsAllowed: r() < 0.85,
    timeZone: 'America/Chicago',
    quietHours: { start: '08:00', end: '21:00' },
    allowedLinkHosts: [],
  });
  push('district-d1', 'DistrictSmsPolicySet', policy('d1'), 'adm');
  for (let i = 0; i < n; i++) {
    const s = pick(students);
    const t = pick(teachers);
    const stream = `student-${s}`;
    const enrollment = `${pick(students)}-e${1 + Math.floor(r() * 3)}`;
    const own = `${s}-e${1 + Math.floor(r() * 3)}`;
    const message = `m${Math.floor(r() * 12)}`;
    const kinds: (() => void)[] = [
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
            asOf: new Date(clock - Math.floor(r() * 1e8)).toISOString(),
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
            scheduledFor: r() < 0.2 ? new Date(clock + 3_600_000).toISOString() : null,
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
            retryAt: new Date(clock + 60_000).toISOString(),
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
            scheduledFor: new Date(clock + 7_200_000).toISOString(),
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
    const kind = Math.floor(r() * kinds.length);
    // Contact changes, opt-outs, flags and policy changes end the roster's bulk runs: keep them rarer, so runs are long too.
    if ([18, 19, 20, 21].includes(kind) && r() < 0.6) continue;
    kinds[kind]!();
  }
  return out;
}
