/** How the dispatcher paces, retries and looks for due texts (from configuration). */
export interface SmsDispatchOptions {
  /** Sends per second this process may start: the sender's throughput (1 for a long code, up to 225 for 10DLC). */
  ratePerSecond: number;
  /** Further attempts after the first for failures worth retrying (429, 5xx, timeouts, 30003); then the text fails. */
  maxRetries: number;
  /** Backoff before the first retry; it doubles for each further one, up to maxBackoffMs. */
  retryBaseMs: number;
  maxBackoffMs: number;
  /** How often waiting texts (scheduled, retrying) are checked against the clock. */
  tickMs: number;
  /** Texts being worked on at once (the rate limiter still decides when each is sent). */
  concurrency: number;
  /**
   * A text still 'sent' this long after it went (its delivery report lost, e.g. while the service was down) is
   * looked up at the provider and its final status recorded; then again after as long, up to 3 days. 0: never.
   */
  statusRecoveryAfterMs: number;
}

export const SMS_DISPATCH_OPTIONS = Symbol('SMS_DISPATCH_OPTIONS');

export const DEFAULT_DISPATCH_OPTIONS: SmsDispatchOptions = {
  ratePerSecond: 1,
  maxRetries: 5,
  retryBaseMs: 5_000,
  maxBackoffMs: 15 * 60_000,
  tickMs: 1_000,
  concurrency: 8,
  statusRecoveryAfterMs: 10 * 60_000,
};

/** Exponential backoff without jitter: retries are already spread out by the rate limiter. `retry` counts from 1. */
export function backoffMs(options: Pick<SmsDispatchOptions, 'retryBaseMs' | 'maxBackoffMs'>, retry: number): number {
  return Math.min(options.maxBackoffMs, options.retryBaseMs * 2 ** Math.max(0, retry - 1));
}

/** Steps a test can crash the dispatcher at (see SmsDispatcher.halt). */
export type DispatchStep = 'attempt_recorded' | 'provider_accepted' | 'status_recorded';

/** Test hook called after each step of a send; production provides none. */
export interface DispatchProbe {
  after(step: DispatchStep, messageId: string): Promise<void> | void;
}

export const SMS_DISPATCH_PROBE = Symbol('SMS_DISPATCH_PROBE');
