import type { DataSource } from 'typeorm';
import type { EventStore } from '../../application/ports/event-store.port';
import { pagedStream } from '../../application/shared/paged-stream';
import type { StudentKey } from '../../domain/student/student-stream';
import { logRowContent, type LogRowContent, type StoredLogRow } from '../records/log-chain';
import type { ExpectedEntry } from '../records/log-verifier';

const PAGE = 500;

/** The log entries the event store says a student must have, in stream order, page by page. */
export async function* expectedLogEntries(store: EventStore, streamId: string): AsyncGenerator<ExpectedEntry> {
  for await (const event of pagedStream(store, streamId)) {
    const content = logRowContent(event);
    if (content) yield { content, position: event.position, recordedAt: event.recordedAt };
  }
}

/** The entry the event store has at one revision of the student's stream (null: none, or not a log entry). */
export async function expectedLogEntryAt(
  store: EventStore,
  streamId: string,
  revision: bigint,
): Promise<LogRowContent | null> {
  const [event] = await store.readStream(streamId, { fromRevision: revision, maxCount: 1 });
  return event && event.revision === revision ? logRowContent(event) : null;
}

export type StoredLogRowAt = StoredLogRow & { position: string };

/** Every stored row of the student, in stream order, page by page (keyset on the stream revision; pg returns int8 as text). */
export async function* storedLogRows(db: DataSource, student: StudentKey): AsyncGenerator<StoredLogRowAt> {
  let after = '-1';
  for (;;) {
    const rows: StoredLogRowAt[] = await db.query(
      `SELECT entry_id, student_id, district_id, stream_revision, position, occurred_at, kind, event_type,
              actor_id, actor_role, actor_initials, summary, details, content_hash, prev_hash, entry_hash
         FROM communication_log WHERE district_id = $1 AND student_id = $2 AND stream_revision > $3::bigint
        ORDER BY stream_revision, position LIMIT ${PAGE}`,
      [student.districtId, student.studentId, after],
    );
    for (const row of rows) yield row;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.stream_revision;
  }
}
