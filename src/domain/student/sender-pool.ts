import type { RepliesState } from './replies.state';

/**
 * The sender number of a (student, staff member) thread. A thread keeps the number it was given while the pool still
 * has it. A new thread gets the first number of the pool (configuration order) that none of the student's other
 * threads uses; when every number is taken (more threads than numbers), the one fewest of them share, so replies
 * to it are as little ambiguous as the pool allows. Pure and deterministic: replicas deciding on the same stream
 * and the same configuration agree. No pool: null (the gateway's default sender).
 */
export function threadSender(state: RepliesState, staffId: string, pool: readonly string[] = []): string | null {
  if (pool.length === 0) return null;
  const current = state.threadSenders.get(staffId);
  if (current && pool.includes(current)) return current;
  const sharing = new Map<string, number>();
  for (const [other, number] of state.threadSenders)
    if (other !== staffId && number) sharing.set(number, (sharing.get(number) ?? 0) + 1);
  let best = pool[0]!;
  for (const number of pool) if ((sharing.get(number) ?? 0) < (sharing.get(best) ?? 0)) best = number;
  return best;
}

export interface ReplyRoute {
  staffId: string;
  /** Our number did not single out one thread: routed to who texted last, and flagged for the staff to check. */
  mayBeForAnotherStaffMember: boolean;
}

/**
 * Which thread a student's text belongs to, by the pair (student's number, our number): the one thread whose sender
 * number the student texted. When several threads share that number (the pool ran out) the one texted last among
 * them; when the number is not one of the student's threads' (unknown, or a provider that does not say), the staff
 * member who texted the student last. Either fallback is flagged when the student has more than one thread: with
 * one thread there is nobody else it could be for. Null: no staff member has texted the student (teacher first).
 */
export function routeReply(state: RepliesState, receivedOn: string | null): ReplyRoute | null {
  const threads = [...state.threadSenders.keys()];
  if (threads.length === 0) return null;
  const onNumber =
    receivedOn === null ? [] : threads.filter((staffId) => state.threadSenders.get(staffId) === receivedOn);
  if (onNumber.length === 1) return { staffId: onNumber[0]!, mayBeForAnotherStaffMember: false };
  const candidates = onNumber.length > 1 ? onNumber : threads;
  const last = state.lastOutboundStaffId;
  const staffId = last !== null && candidates.includes(last) ? last : candidates[candidates.length - 1]!;
  return { staffId, mayBeForAnotherStaffMember: threads.length > 1 };
}
