import type { RecordedEvent } from '../../application/ports/event-store.port';
import type { TableSpec } from '../runner/row-writer';
import { chainHash, logRowToWrite, type LogRowToWrite } from './log-chain';

/** A log row as it is written (column names as keys; details as JSON text). Append-only: never replaced. */
export interface LogRow {
  entry_id: string;
  position: string;
  student_id: string;
  district_id: string;
  stream_revision: string;
  occurred_at: string;
  kind: string;
  event_type: string;
  actor_id: string;
  actor_role: string;
  actor_initials: string | null;
  summary: string;
  details: string;
  content_hash: string;
  prev_hash: string | null;
  entry_hash: string;
}

export const LOG_ROWS: TableSpec<LogRow> = {
  table: 'communication_log',
  key: ['entry_id'],
  columns: {
    entry_id: 'uuid',
    position: 'bigint',
    student_id: 'text',
    district_id: 'text',
    stream_revision: 'bigint',
    occurred_at: 'timestamptz',
    kind: 'text',
    event_type: 'text',
    actor_id: 'text',
    actor_role: 'text',
    actor_initials: 'text',
    summary: 'text',
    details: 'jsonb',
    content_hash: 'text',
    prev_hash: 'text',
    entry_hash: 'text',
  },
};

/** Whose chain an entry is in: the student, named by district and id (ids are scoped by district). */
export const chainKey = (districtId: string, studentId: string): string => `${districtId}/${studentId}`;

/** A student's last chained entry: its stream revision and hash. */
export interface ChainHead {
  revision: bigint;
  hash: string;
}

/** The rows the events become, but for their chain links (which need the stored heads): the most work of a batch. */
export interface LogEntry {
  position: string;
  w: LogRowToWrite;
}

export function logEntries(events: readonly RecordedEvent[]): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const event of events) {
    const w = logRowToWrite(event);
    if (w) entries.push({ position: event.position.toString(), w });
  }
  return entries;
}

/**
 * The communication log's new rows, chained per student from `heads` (each student's last stored entry), in log
 * order. An entry at or below its student's head is already chained (an event delivered twice): chained once. Pure.
 */
export function foldLog(heads: ReadonlyMap<string, ChainHead>, entries: readonly LogEntry[]): LogRow[] {
  // heads: by chainKey.
  return chainLog(new Map(heads), entries);
}

/** foldLog on `last`, each student's head, which it moves to the entries it chains (a rebuild's heads in memory). */
export function chainLog(last: Map<string, ChainHead>, entries: readonly LogEntry[]): LogRow[] {
  const rows: LogRow[] = [];
  for (const { position, w } of entries) {
    const c = w.row;
    const key = chainKey(c.districtId, c.studentId);
    const head = last.get(key);
    if (head && BigInt(c.streamRevision) <= head.revision) continue;
    const prev = head?.hash ?? null;
    const entry = chainHash(prev, w.contentHash);
    last.set(key, { revision: BigInt(c.streamRevision), hash: entry });
    rows.push({
      entry_id: c.entryId,
      position,
      student_id: c.studentId,
      district_id: c.districtId,
      stream_revision: c.streamRevision,
      occurred_at: c.occurredAt,
      kind: c.kind,
      event_type: c.eventType,
      actor_id: c.actor.id,
      actor_role: c.actor.role,
      actor_initials: c.actor.initials,
      summary: c.summary,
      details: w.detailsJson,
      content_hash: w.contentHash,
      prev_hash: prev,
      entry_hash: entry,
    });
  }
  return rows;
}
