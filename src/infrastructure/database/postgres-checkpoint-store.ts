import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { CheckpointStore } from '../../application/ports/checkpoint-store.port';
import { READ_MODEL_DATA_SOURCE } from '../../projections/runner/read-model-data-source';

/** Reaction checkpoints (the SMS dispatcher) live in PostgreSQL beside the read models, whatever the event store. */
@Injectable()
export class PostgresCheckpointStore implements CheckpointStore {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource) {}

  async load(name: string): Promise<bigint | undefined> {
    const rows: { position: string }[] = await this.db.query(
      'SELECT position FROM reaction_checkpoints WHERE name = $1',
      [name],
    );
    return rows[0] ? BigInt(rows[0].position) : undefined;
  }

  async save(name: string, position: bigint): Promise<void> {
    await this.db.query(
      `INSERT INTO reaction_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(reaction_checkpoints.position, EXCLUDED.position), updated_at = now()`,
      [name, position.toString()],
    );
  }
}
