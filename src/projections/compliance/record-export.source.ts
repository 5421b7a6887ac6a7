import type { DataSource } from 'typeorm';
import type { EventStore, RecordedEvent } from '../../application/ports/event-store.port';
import type { ExportRow } from '../../application/compliance/record-export.queries';
import { pagedStream } from '../../application/shared/paged-stream';
import type { AccessEvent } from '../../domain/access/record-access.events';
import type { StudentKey } from '../../domain/student/student-stream';
import type { StoredLogRow } from '../records/log-chain';
import { storedLogRows } from './log-rows.reader';

const PAGE = 500;
const empty = {
  eventType: '',
  actorId: '',
  actorRole: '',
  actorInitials: null,
  streamRevision: null,
  entryHash: null,
  prevHash: null,
  correction: null,
};

interface MessageRow {
  message_id: string;
  staff_id: string;
  enrollment_id: string | null;
  direction: string;
  channel: string;
  body: string;
  status: string;
  failure_reason: string | null;
  error_code: string | null;
  created_at: Date;
  status_at: Date;
  position: string;
}

/** Corrections are few: load them first so each original note or call can say what became of it. */
async function corrections(db: DataSource, student: StudentKey): Promise<Map<string, string>> {
  const rows: {
    event_type: string;
    data: { noteId?: string; entryKind?: string; entryId?: string; reason: string };
    occurred_at: Date;
  }[] = await db.query(
    `SELECT event_type, details->'data' AS data, occurred_at FROM communication_log
      WHERE district_id = $1 AND student_id = $2 AND kind = 'correction' ORDER BY stream_revision`,
    [student.districtId, student.studentId],
  );
  const out = new Map<string, string>();
  for (const r of rows) {
    const key = r.event_type === 'NoteAmended' ? `note:${r.data.noteId}` : `${r.data.entryKind}:${r.data.entryId}`;
    const what =
      r.event_type === 'NoteAmended'
        ? `amended ${r.occurred_at.toISOString()} (${r.data.reason})`
        : `entered in error ${r.occurred_at.toISOString()} (${r.data.reason})`;
    out.set(key, out.has(key) ? `${out.get(key)}; ${what}` : what);
  }
  return out;
}

function logRow(r: StoredLogRow, fixes: Map<string, string>): ExportRow {
  const data = (r.details.data ?? {}) as { noteId?: string; callId?: string };
  const key =
    r.event_type === 'NoteAdded' ? `note:${data.noteId}` : r.event_type === 'CallLogged' ? `call:${data.callId}` : null;
  return {
    section: 'log',
    occurredAt: r.occurred_at.toISOString(),
    kind: r.kind,
    eventType: r.event_type,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    actorInitials: r.actor_initials,
    summary: r.summary,
    ref: r.entry_id,
    streamRevision: String(r.stream_revision),
    entryHash: r.entry_hash,
    prevHash: r.prev_hash,
    correction: key ? (fixes.get(key) ?? null) : null,
    details: r.details,
  };
}

async function* messages(db: DataSource, student: StudentKey): AsyncGenerator<ExportRow> {
  const { studentId } = student;
  let after = '-1';
  for (;;) {
    const rows: MessageRow[] = await db.query(
      `SELECT message_id, staff_id, enrollment_id, direction, channel, body, status, failure_reason, error_code, created_at, status_at, position
         FROM thread_messages WHERE district_id = $1 AND student_id = $2 AND position > $3::bigint
        ORDER BY position LIMIT ${PAGE}`,
      [student.districtId, studentId, after],
    );
    for (const m of rows) {
      yield {
        ...empty,
        section: 'message',
        occurredAt: m.created_at.toISOString(),
        kind: `${m.direction}/${m.channel}`,
        summary: m.body,
        ref: m.message_id,
        actorId: m.direction === 'outbound' ? m.staff_id : studentId,
        actorRole: m.direction === 'outbound' ? 'staff' : 'student',
        details: {
          thread: m.staff_id,
          status: m.status,
          statusAt: m.status_at.toISOString(),
          failureReason: m.failure_reason,
          errorCode: m.error_code,
          enrollmentId: m.enrollment_id,
        },
      };
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.position;
  }
}

function accessRow(e: RecordedEvent): ExportRow {
  const event = { type: e.type, data: e.data } as AccessEvent;
  const { actor, correlationId } = e.metadata;
  const base = {
    ...empty,
    section: 'access' as const,
    occurredAt: e.metadata.occurredAt,
    kind: event.data.part,
    eventType: e.type,
    actorId: actor.id,
    actorRole: actor.role,
    actorInitials: actor.initials ?? null,
    ref: e.id,
  };
  if (event.type === 'StudentRecordAccessRefused') {
    return {
      ...base,
      summary: `Refused: ${event.data.part} (${event.data.reason})`,
      details: { channel: event.data.channel, actorDistrict: actor.districtId, correlationId },
    };
  }
  const { purpose, disclosure, channel, detail } = event.data;
  return {
    ...base,
    summary: `${disclosure ? 'Disclosed' : 'Read'}: ${event.data.part}${purpose ? ` (purpose: ${purpose})` : ''}`,
    details: { purpose, disclosure, channel, detail, correlationId },
  };
}

/** The whole record, section by section, each read a page at a time as the writer asks for more. */
export async function* exportRows(
  db: DataSource,
  store: EventStore,
  student: StudentKey & { accessStream: string },
  header: ExportRow,
): AsyncGenerator<ExportRow> {
  yield header;
  const fixes = await corrections(db, student);
  const counts = { log: 0, message: 0, access: 0 };
  let chainHead: string | null = null;
  for await (const r of storedLogRows(db, student)) {
    counts.log++;
    chainHead = r.entry_hash;
    yield logRow(r, fixes);
  }
  for await (const m of messages(db, student)) {
    counts.message++;
    yield m;
  }
  for await (const e of pagedStream(store, student.accessStream)) {
    counts.access++;
    yield accessRow(e);
  }
  yield {
    ...empty,
    section: 'end',
    occurredAt: header.occurredAt,
    kind: 'end',
    summary: `${counts.log} log entries, ${counts.message} messages, ${counts.access} access entries; log chain head ${chainHead ?? 'none'}`,
    ref: '',
    entryHash: chainHead,
    details: { ...counts, chainHead },
  };
}
