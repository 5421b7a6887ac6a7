import { Client, type ClientConfig } from 'pg';
import type { LeaderLease, Lease } from '../../application/ports/leader-lease.port';

/**
 * A session-level PostgreSQL advisory lock on a dedicated connection: held while the session lives, released by
 * the server the moment the holder's connection dies (crash, network), so a stand-by replica can take over.
 */
export class PostgresLeaderLease implements LeaderLease {
  constructor(private readonly connection: ClientConfig) {}

  async tryAcquire(name: string): Promise<Lease | null> {
    const client = new Client({ ...this.connection, application_name: `texting-lease:${name}` });
    let markLost: () => void = () => undefined;
    const lost = new Promise<void>((resolve) => (markLost = resolve));
    client.on('error', () => markLost());
    client.on('end', () => markLost());
    await client.connect();
    const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS held', [
      `lease:${name}`,
    ]);
    if (!rows[0]?.held) {
      await client.end();
      return null;
    }
    return {
      lost,
      release: async () => {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`lease:${name}`]).catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  }
}
