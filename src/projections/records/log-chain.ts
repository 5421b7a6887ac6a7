import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../../application/ports/event-store.port';
import { parseStudentStreamId } from '../../domain/student/student-stream';
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
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
export const contentHash = (content: LogRowContent): string => sha256(canonicalJson(content));
export const chainHash = (prevHash: string | null, content: string): string =>
  sha256(`${prevHash ?? GENESIS}:${content}`);

/** The log row an event becomes, or null when the event is not a log entry (or not a student's). */
export function logRowContent(event: RecordedEvent): LogRowContent | null {
  const stream = parseStudentStreamId(event.streamId);
  if (!stream) return null;
  const entry = toLogEntry(event);
  if (!entry) return null;
  const { actor, correlationId, causationId, command, occurredAt } = event.metadata;
  // Round-tripped through JSON as the jsonb column stores it, so both sides hash the same value.
  const details = JSON.parse(JSON.stringify({ data: event.data, correlationId, causationId, command })) as Record<
    string,
    unknown
  >;
  return {
    entryId: event.id.toLowerCase(),
    studentId: stream.studentId,
    districtId: stream.districtId ?? actor.districtId,
    streamRevision: event.revision.toString(),
    occurredAt: new Date(occurredAt).toISOString(),
    kind: entry.kind,
    eventType: event.type,
    actor: { id: actor.id, role: actor.role, initials: actor.initials ?? null },
    summary: entry.summary,
    details,
  };
}

/** What the projection writes for an event: the row's columns but `details`, that as JSON text, and the content hash. */
export interface LogRowToWrite {
  row: Omit<LogRowContent, 'details'>;
  detailsJson: string;
  contentHash: string;
}

/**
 * logRowContent and contentHash in one pass, for writing many rows: `details` is never copied through JSON. Its JSON
 * text is what jsonb stores (the same value as the round-tripped copy's), and the content is serialized canonically
 * straight from the event with JSON.stringify's rules (jsonText below), so that
 *   contentHash === contentHash(logRowContent(event))  and  JSON.parse(detailsJson) equals logRowContent(event).details.
 */
export function logRowToWrite(event: RecordedEvent): LogRowToWrite | null {
  const stream = parseStudentStreamId(event.streamId);
  if (!stream) return null;
  const entry = toLogEntry(event);
  if (!entry) return null;
  const { actor, correlationId, causationId, command, occurredAt } = event.metadata;
  const details = { data: event.data, correlationId, causationId, command };
  const row = {
    entryId: event.id.toLowerCase(),
    studentId: stream.studentId,
    districtId: stream.districtId ?? actor.districtId,
    streamRevision: event.revision.toString(),
    occurredAt: new Date(occurredAt).toISOString(),
    kind: entry.kind,
    eventType: event.type,
    actor: { id: actor.id, role: actor.role, initials: actor.initials ?? null },
    summary: entry.summary,
  };
  const detailsJson = JSON.stringify(details);
  return { row, detailsJson, contentHash: sha256(jsonText({ ...row, details }, '')!) };
}

/**
 * canonicalJson(JSON.parse(JSON.stringify(value))) without the copy: JSON.stringify's view of each value (toJSON,
 * boxed primitives unboxed, non-finite numbers null, undefined, functions and symbols left out of objects and null in
 * arrays), with object keys sorted. Undefined when JSON.stringify would leave the value out.
 */
function jsonText(input: unknown, key: string): string | undefined {
  let value = input;
  if (typeof value === 'string') return JSON.stringify(value);
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = (toJSON as (k: string) => unknown).call(value, key);
    if (value instanceof Number) value = Number(value);
    else if (value instanceof String) value = String(value);
    else if (value instanceof Boolean) value = value.valueOf();
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      return JSON.stringify(value); // throws, as JSON.stringify does
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += jsonText(value[i], String(i)) ?? 'null';
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const k of keys) {
    const text = jsonText(record[k], k);
    if (text === undefined) continue;
    if (out.length > 1) out += ',';
    out += quotedKey(k) + ':' + text;
  }
  return out + '}';
}

/** Object keys as JSON strings: the same few keys come back in every event. */
const quotedKeys = new Map<string, string>();
function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < 10_000) quotedKeys.set(k, q);
  }
  return q;
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
    entryId: row.entry_id,
    studentId: row.student_id,
    districtId: row.district_id,
    streamRevision: String(row.stream_revision),
    occurredAt: row.occurred_at.toISOString(),
    kind: row.kind,
    eventType: row.event_type,
    actor: { id: row.actor_id, role: row.actor_role, initials: row.actor_initials },
    summary: row.summary,
    details: row.details,
  };
}
