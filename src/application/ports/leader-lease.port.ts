/**
 * One holder at a time across every replica: the SMS dispatcher runs only where it holds the lease, so two
 * replicas never both send the same queued text.
 */
export interface Lease {
  /** Resolves when the lease is lost (e.g. its database session ended); the holder must stop at once. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

export interface LeaderLease {
  /** The lease, or null when another process holds it. */
  tryAcquire(name: string): Promise<Lease | null>;
}

export const LEADER_LEASE = Symbol('LEADER_LEASE');
