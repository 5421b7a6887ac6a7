import { DomainError } from '../shared/domain-error';
import type { CallOutcome, ContactMedium } from './student.events';

/** How far back a communication may be logged (the seed's "Add Communications": a call made earlier, logged later). */
export const MAX_BACKDATE_DAYS = 30;
/** A device clock a little ahead of ours is not "the future". */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The outcomes each medium can have: a voicemail left is a phone call that reached voicemail. */
export const OUTCOMES_BY_MEDIUM: Record<ContactMedium, readonly CallOutcome[]> = {
  phone: ['connected', 'voicemail', 'no_answer', 'busy', 'wrong_number'],
  email: ['sent', 'received'],
  meeting: ['held', 'no_show'],
};

export function requireOutcomeFits(medium: ContactMedium, outcome: CallOutcome): void {
  const allowed = OUTCOMES_BY_MEDIUM[medium];
  if (!allowed.includes(outcome)) {
    throw new DomainError(
      'OUTCOME_NOT_FOR_KIND',
      `A ${medium === 'phone' ? 'call' : medium} cannot have the outcome "${outcome}"; use one of: ${allowed.join(', ')}.`,
      'invalid',
      { allowed },
    );
  }
}

/**
 * When the communication happened: null (now) or an instant at most 30 days before `now` and not after it. Returned
 * as ISO-8601 UTC, or null when it is "now" (absent, or within the clock tolerance of now).
 */
export function backdatedOccurrence(occurredAt: string | null | undefined, now: Date): string | null {
  if (occurredAt === null || occurredAt === undefined) return null;
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(occurredAt)
    ? new Date(occurredAt)
    : new Date(NaN);
  if (Number.isNaN(at.getTime())) {
    throw new DomainError(
      'INVALID_OCCURRED_AT',
      'occurredAt must be an ISO 8601 date and time with its UTC offset, e.g. 2026-09-01T14:30:00-05:00.',
      'invalid',
    );
  }
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw new DomainError(
      'OCCURRED_AT_IN_FUTURE',
      'A communication cannot be logged before it happens: occurredAt is in the future.',
      'invalid',
    );
  }
  if (at.getTime() < now.getTime() - MAX_BACKDATE_DAYS * 86_400_000) {
    throw new DomainError(
      'OCCURRED_AT_TOO_OLD',
      `A communication can be logged up to ${MAX_BACKDATE_DAYS} days after it happened; older ones go through the school (a note).`,
      'invalid',
      { maxDays: MAX_BACKDATE_DAYS },
    );
  }
  return at.getTime() >= now.getTime() ? null : at.toISOString();
}
