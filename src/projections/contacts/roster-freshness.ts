import type { DataSource } from 'typeorm';

/** How long a read waits for the roster to show what the event store already holds (its p99 lag is well under). */
export const ROSTER_WAIT_MS = 2000;
const POLL_MS = 10;

/**
 * Waits until the roster projection's checkpoint (in the database, so it holds whichever replica's runner wrote it)
 * has reached `position`. True when it has; false after `timeoutMs`, when the read model is behind (a stalled
 * projection): the caller then must not promise the event store's revision for what it read.
 */
export async function rosterReached(db: DataSource, position: bigint, timeoutMs = ROSTER_WAIT_MS): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.query<{ position: string }[]>(
      `SELECT position::text AS position FROM projection_checkpoints WHERE name = 'roster'`,
    );
    if (row && BigInt(row.position) >= position) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
