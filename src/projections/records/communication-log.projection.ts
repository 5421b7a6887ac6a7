import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { Projection, RebuildPreparation, SqlTx } from '../runner/projection';
import { writeTable } from '../runner/row-writer';
import { chainKey, foldLog, LOG_ROWS, logEntries, type ChainHead, type LogEntry } from './communication-log.fold';
import { PreparedLogCopy } from './log-preparation';
import { LogPreparationThread } from './log-preparation-thread';

/**
 * Every contact with a student, append-only, hash-chained per student (log-chain.ts): one pure fold
 * (communication-log.fold.ts) and one set-based writer, below: the chain heads of the batch's students loaded in the
 * same transaction, one INSERT per batch.
 */
export class CommunicationLogProjection implements Projection {
  readonly name = 'communication-log';
  readonly tables = ['communication_log'] as const;
  /** Each student's chain head (chainHeads). */
  readonly readIndexes = ['communication_log (district_id, student_id, stream_revision)'];

  /** Built ahead of the write in a rebuild (Projection.prepare): the rows but for their chain links. */
  prepare(events: readonly RecordedEvent[]): LogEntry[] {
    return logEntries(events);
  }

  /**
   * A rebuild's pages prepared whole in a worker thread (log-preparation-thread.ts), chained from the heads it keeps
   * in memory: apply COPYs them as they are, without reading a head.
   */
  rebuildPreparation(): RebuildPreparation {
    return new LogPreparationThread();
  }

  async apply(tx: SqlTx, events: readonly RecordedEvent[], prepared?: unknown): Promise<void> {
    if (prepared instanceof PreparedLogCopy) return load(tx, prepared);
    const entries = (prepared as LogEntry[] | undefined) ?? logEntries(events);
    if (entries.length === 0) return;
    const students = new Map(entries.map(({ w: { row } }) => [chainKey(row.districtId, row.studentId), row]));
    const heads = await chainHeads(tx, [...students.values()]);
    // Fresh: each is above its student's head, and its id is its event's (unique in the log, applied once).
    await writeTable(tx, LOG_ROWS, { upserts: foldLog(heads, entries), insertOnly: true, fresh: () => true });
  }
}

/**
 * A page prepared by the rebuild's worker thread, COPYed into the fresh table. A row already there (not expected in a
 * rebuild) fails the page, which IsolatingWriter then writes the usual way, and the rebuild stops using the thread.
 */
async function load(tx: SqlTx, page: PreparedLogCopy): Promise<void> {
  if (page.rows === 0) return;
  if (!tx.copy) throw new Error('Log rows prepared for a rebuild were given to a transaction that cannot COPY');
  if (!(await tx.copy(LOG_ROWS.table, Object.keys(LOG_ROWS.columns), page.copy)))
    throw new Error('A log row prepared for the rebuild was in its table already');
}

/**
 * Each student's last chained entry (revision and hash), one query for the whole batch: one backward step per student
 * on the (district_id, student_id, stream_revision) index, never a scan of every earlier entry of the batch's students.
 * Keyed by chainKey.
 */
async function chainHeads(
  tx: SqlTx,
  students: readonly { districtId: string; studentId: string }[],
): Promise<Map<string, ChainHead>> {
  const rows = await tx.query<{ district_id: string; student_id: string; stream_revision: string; entry_hash: string }>(
    `SELECT s.district_id, s.student_id, h.stream_revision::text AS stream_revision, h.entry_hash
       FROM unnest($1::text[], $2::text[]) AS s(district_id, student_id)
       CROSS JOIN LATERAL (SELECT stream_revision, entry_hash FROM communication_log l
                            WHERE l.district_id = s.district_id AND l.student_id = s.student_id
                            ORDER BY l.stream_revision DESC LIMIT 1) h`,
    [students.map((s) => s.districtId), students.map((s) => s.studentId)],
  );
  return new Map(
    rows.map((r) => [
      chainKey(r.district_id, r.student_id),
      { revision: BigInt(r.stream_revision), hash: r.entry_hash },
    ]),
  );
}
