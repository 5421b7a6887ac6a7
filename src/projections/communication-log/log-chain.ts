import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../../application/ports/event-store.port';
import { STUDENT_STREAM_PREFIX } from '../../domain/student/student.events';
import { toLogEntry } from './log-entry';

/**
 * Tamper evidence for the communication log. Each entry carries
 *   content_hash = sha256(canonical JSON of exactly what the row shows), and
 *   entry_hash   = sha256(prev_hash + ":" + content_hash), prev_hash being the student's previous entry_hash
 *                  ("genesis" for the first entry),
 * so changing, removing or inserting any entry breaks every later link. The content is built from the event by the
 * same function whether the projection writes it or the verifier recomputes it from the event store, and a rebuild
 * reproduces identical hashes.
 */
export interface LogRowContent {
  entryId: string;
  studentId: string;
  districtId: string;
  streamRevision: string;
  occurredAt: string;
  kind: string;
  eventType: string;
  actor: { id: string; role: string; initials: string | null };
  summary: string;
  details: Record<string, unknown>;
}

export const GENESIS = 'genesis';

/** RFC 8785-style canonical JSON: object keys sorted, no whitespace, undefined dropped as JSON.stringify drops it. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
export const contentHash = (content: LogRowContent): string => sha256(canonicalJson(content));
export const chainHash = (prevHash: string | null, content: string): string => sha256(`${prevHash ?? GENESIS}:${content}`);

/** The log row an event becomes, or null when the event is not a log entry (or not a student's). */
export function logRowContent(event: RecordedEvent): LogRowContent | null {
  if (!event.streamId.startsWith(STUDENT_STREAM_PREFIX)) return null;
  const entry = toLogEntry(event);
  if (!entry) return null;
  const { actor, correlationId, causationId, command, occurredAt } = event.metadata;
  // Round-tripped through JSON as the jsonb column stores it, so both sides hash the same value.
  const details = JSON.parse(JSON.stringify({ data: event.data, correlationId, causationId, command })) as Record<string, unknown>;
  return {
    entryId: event.id.toLowerCase(), studentId: event.streamId.slice(STUDENT_STREAM_PREFIX.length), districtId: actor.districtId,
    streamRevision: event.revision.toString(), occurredAt: new Date(occurredAt).toISOString(), kind: entry.kind, eventType: event.type,
    actor: { id: actor.id, role: actor.role, initials: actor.initials ?? null }, summary: entry.summary, details,
  };
}

/** The columns of a stored row, as the verifier reads them back. */
export interface StoredLogRow {
  entry_id: string;
  student_id: string;
  district_id: string;
  stream_revision: string;
  occurred_at: Date;
  kind: string;
  event_type: string;
  actor_id: string;
  actor_role: string;
  actor_initials: string | null;
  summary: string;
  details: Record<string, unknown>;
  content_hash: string | null;
  prev_hash: string | null;
  entry_hash: string | null;
}

export function contentOfRow(row: StoredLogRow): LogRowContent {
  return {
    entryId: row.entry_id, studentId: row.student_id, districtId: row.district_id, streamRevision: String(row.stream_revision),
    occurredAt: row.occurred_at.toISOString(), kind: row.kind, eventType: row.event_type,
    actor: { id: row.actor_id, role: row.actor_role, initials: row.actor_initials }, summary: row.summary, details: row.details,
  };
}
