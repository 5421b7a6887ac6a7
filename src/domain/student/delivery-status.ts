/**
 * The delivery-status order of an outbound text: the one definition, used by the domain's fold and decisions, the
 * record snapshot, the dispatcher's report handling and the read models (in code and in SQL).
 *
 * A text moves forward only: waiting (queued) -> handed to the network (sent) -> final (delivered, failed or
 * cancelled). A late or repeated report of an earlier step changes nothing, and a final status is never replaced
 * by another status of the same step. A retry is the one way back (the domain sets a retried text to queued on
 * purpose, see SmsRetryScheduled); it is not a status report.
 */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'cancelled';

/**
 * What the read models show for a text that is still waiting: `scheduled` (for a time: quiet hours or the sender's
 * choice) and `retrying` (a retry waits) are both the queued step.
 */
export type ShownDeliveryStatus = DeliveryStatus | 'scheduled' | 'retrying';

/** The steps in order; every status of one step has the same rank (its index). */
export const DELIVERY_STATUS_STEPS: readonly (readonly ShownDeliveryStatus[])[] = [
  ['queued', 'scheduled', 'retrying'],
  ['sent'],
  ['delivered', 'failed', 'cancelled'],
];

/** The rank of a final status: also the rank of a status this code does not know (never moved past). */
export const FINAL_RANK = DELIVERY_STATUS_STEPS.length - 1;

export const DELIVERY_STATUS_RANK: Readonly<Record<ShownDeliveryStatus, number>> = Object.freeze(
  Object.fromEntries(DELIVERY_STATUS_STEPS.flatMap((step, rank) => step.map((status) => [status, rank]))) as Record<
    ShownDeliveryStatus,
    number
  >,
);

export const FINAL_DELIVERY_STATUSES: ReadonlySet<ShownDeliveryStatus> = new Set(DELIVERY_STATUS_STEPS[FINAL_RANK]);

/** The rank of any status text, as a read model stores it: unknown or null counts as final (nothing moves past it). */
export function deliveryStatusRank(status: string | null | undefined): number {
  return status !== null && status !== undefined && Object.hasOwn(DELIVERY_STATUS_RANK, status)
    ? DELIVERY_STATUS_RANK[status as ShownDeliveryStatus]
    : FINAL_RANK;
}

/** True when a report of `next` moves a text that is at `current` forward (the only change a report may make). */
export function deliveryStatusAdvances(current: string | null | undefined, next: string): boolean {
  return deliveryStatusRank(next) > deliveryStatusRank(current);
}

/** The status each delivery report event reports. */
export const REPORTED_STATUS = {
  SmsSent: 'sent',
  SmsDelivered: 'delivered',
  SmsFailed: 'failed',
} as const satisfies Record<string, DeliveryStatus>;
