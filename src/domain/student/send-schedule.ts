import type { QuietHours } from '../district/district.events';
import { DEFAULT_QUIET_HOURS } from '../district/district.state';
import { DomainError } from '../shared/domain-error';
import type { DecideContext } from './decide-context';
import type { ScheduleReason } from './student.events';
import { formatLocalTime, nextAllowedTime } from './quiet-hours';
import type { StudentProfile } from './student.events';

/** Used when neither the student nor the district names a zone (the opt-out note uses the same fallback). */
export const FALLBACK_TIME_ZONE = 'America/New_York';
/** How far ahead staff may schedule a text: far enough for "next week", short enough that it is still relevant. */
export const MAX_SCHEDULE_DAYS = 30;
/** A requested time this far in the past is a mistake, not clock skew. */
const PAST_TOLERANCE_MS = 5 * 60_000;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export interface SendSchedule {
  /** ISO instant, or null to send now. */
  scheduledFor: string | null;
  scheduledBecause?: ScheduleReason;
}

export const studentTimeZone = (
  profile: Pick<StudentProfile, 'timeZone'>,
  ctx: Pick<DecideContext, 'district'>,
): string => profile.timeZone ?? ctx.district?.timeZone ?? FALLBACK_TIME_ZONE;

/**
 * When a text may go out: now, or the time staff asked for, pushed past the district's quiet hours in the student's
 * time zone (default 8:00 to 21:00). `sendAt` must carry its UTC offset, so "8:00" can never mean the server's zone.
 */
export function scheduleOf(
  sendAt: string | null | undefined,
  profile: Pick<StudentProfile, 'timeZone'>,
  ctx: Pick<DecideContext, 'now' | 'district'>,
): SendSchedule {
  const now = ctx.now.getTime();
  let requested: number | null = null;
  if (sendAt !== null && sendAt !== undefined) {
    requested = ISO_WITH_OFFSET.test(sendAt) ? Date.parse(sendAt) : NaN;
    if (Number.isNaN(requested)) {
      throw new DomainError(
        'INVALID_SEND_AT',
        'sendAt must be an ISO 8601 date-time with its UTC offset, e.g. 2026-09-02T08:30:00-06:00.',
        'invalid',
        { field: 'sendAt' },
      );
    }
    if (requested < now - PAST_TOLERANCE_MS)
      throw new DomainError('SEND_AT_IN_PAST', 'The time to send this text has already passed.', 'invalid', {
        field: 'sendAt',
      });
    if (requested > now + MAX_SCHEDULE_DAYS * 86_400_000) {
      throw new DomainError(
        'SEND_AT_TOO_FAR',
        `A text can be scheduled at most ${MAX_SCHEDULE_DAYS} days ahead.`,
        'invalid',
        { field: 'sendAt', limitDays: MAX_SCHEDULE_DAYS },
      );
    }
  }
  const earliest = requested !== null && requested > now ? requested : now;
  const allowed = nextAllowedTime(
    new Date(earliest),
    studentTimeZone(profile, ctx),
    ctx.district?.quietHours ?? DEFAULT_QUIET_HOURS,
  ).getTime();
  if (allowed <= now) return { scheduledFor: null };
  return {
    scheduledFor: new Date(allowed).toISOString(),
    scheduledBecause: allowed === earliest ? 'requested' : 'quiet_hours',
  };
}

/** The sentence the sender sees when the text waits: "Scheduled for Wed, Sep 2, 8:00 AM MDT (quiet hours ...)". */
export function scheduleNotice(
  scheduledFor: string,
  because: ScheduleReason | undefined,
  timeZone: string,
  quietHours: QuietHours = DEFAULT_QUIET_HOURS,
): string {
  const when = `Scheduled for ${formatLocalTime(new Date(scheduledFor), timeZone)}`;
  return because === 'quiet_hours'
    ? `${when}: texts go out only between ${quietHours.start} and ${quietHours.end} in the student's time zone (${timeZone}).`
    : `${when}, as requested (the student's time zone is ${timeZone}).`;
}
