import type { RecordedEvent } from '../../../src/application/ports/event-store.port';
import {
  canonicalJson,
  chainHash,
  contentHash,
  GENESIS,
  logRowContent,
  sha256,
  type LogRowContent,
  type StoredLogRow,
} from '../../../src/projections/records/log-chain';
import { verifyLog, type ExpectedEntry } from '../../../src/projections/records/log-verifier';

const event = (
  revision: number,
  type = 'NoteAdded',
  data: Record<string, unknown> = { noteId: `n${revision}`, body: `note ${revision}` },
): RecordedEvent => ({
  id: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
  streamId: 'student-s1',
  revision: BigInt(revision),
  position: BigInt(1000 + revision),
  type,
  data: { studentId: 's1', ...data },
  recordedAt: '2026-09-01T00:00:00.000Z',
  metadata: {
    actor: { id: 't-bell', role: 'teacher', districtId: 'd1', initials: 'A.Bell' },
    correlationId: 'c',
    causationId: 'c',
    command: 'AddNote',
    occurredAt: `2026-09-01T10:00:${String(revision % 60).padStart(2, '0')}.000Z`,
  },
});

/** What the projection would have stored for these events, as the verifier reads rows back. */
function stored(events: RecordedEvent[]): (StoredLogRow & { position: string })[] {
  let prev: string | null = null;
  return events.map((e) => {
    const c = logRowContent(e)!;
    const content = contentHash(c);
    const entry = chainHash(prev, content);
    const row = {
      entry_id: c.entryId,
      student_id: c.studentId,
      district_id: c.districtId,
      stream_revision: c.streamRevision,
      position: e.position.toString(),
      occurred_at: new Date(c.occurredAt),
      kind: c.kind,
      event_type: c.eventType,
      actor_id: c.actor.id,
      actor_role: c.actor.role,
      actor_initials: c.actor.initials,
      summary: c.summary,
      details: c.details,
      content_hash: content,
      prev_hash: prev,
      entry_hash: entry,
    };
    prev = entry;
    return row;
  });
}
async function* iter<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}
const expected = (events: RecordedEvent[]): ExpectedEntry[] =>
  events.map((e) => ({ content: logRowContent(e)!, position: e.position, recordedAt: e.recordedAt }));
const verify = (
  events: RecordedEvent[],
  rows: ReturnType<typeof stored>,
  lookup: (r: bigint) => Promise<LogRowContent | null> = async () => null,
) => verifyLog(iter(expected(events)), iter(rows), { projectedThrough: 10_000n, lookup });

describe('log chain: canonical content and hashes', () => {
  it('canonical JSON sorts keys at every depth and drops undefined, so key order and jsonb round trips do not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: null, y: 'x' }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":"x","z":null}]},"b":1}',
    );
    expect(canonicalJson({ a: 'é"\n' })).toBe(JSON.stringify({ a: 'é"\n' }));
  });

  it('links each entry to the one before (the first to "genesis")', () => {
    expect(chainHash(null, 'abc')).toBe(sha256(`${GENESIS}:abc`));
    expect(chainHash('prev', 'abc')).toBe(sha256('prev:abc'));
  });

  it("a log entry's content is what its row shows; events that are not log entries have none", () => {
    const c = logRowContent(event(0))!;
    expect(c).toMatchObject({
      studentId: 's1',
      streamRevision: '0',
      kind: 'note',
      eventType: 'NoteAdded',
      summary: 'Note by A.Bell: note 0',
      actor: { initials: 'A.Bell' },
    });
    expect(logRowContent(event(1, 'SmsSendAttempted', { messageId: 'm', attempt: 1 }))).toBeNull();
    expect(logRowContent({ ...event(2), streamId: 'access-s1' })).toBeNull();
  });
});

describe('log verification', () => {
  const history = Array.from({ length: 12 }, (_, i) => event(i));

  it('passes an untouched log of more than ten entries (stream order is numeric, not text)', async () => {
    const out = await verify(history, stored(history));
    expect(out).toMatchObject({
      intact: true,
      firstDifference: null,
      eventStore: { entries: 12 },
      table: { entries: 12, chainIntact: true },
    });
    expect(out.table.headHash).toBe(out.eventStore.headHash);
  });

  it('names a changed row and the column', async () => {
    const rows = stored(history);
    rows[10]!.summary = 'changed';
    const out = await verify(history, rows);
    expect(out.firstDifference).toMatchObject({ streamRevision: '10', check: 'content', fields: ['summary'] });
    expect(out.table.firstBreak).toMatchObject({ streamRevision: '10', check: 'content_hash' });
  });

  it('names a deleted row, and an inserted one', async () => {
    const rows = stored(history);
    const deleted = await verify(
      history,
      rows.filter((r) => r.stream_revision !== '4'),
    );
    expect(deleted.firstDifference).toMatchObject({ streamRevision: '4', check: 'missing_from_table' });
    const fake = { ...rows[11]!, entry_id: 'fake', stream_revision: '99', position: '99999' };
    const inserted = await verify(history, [...rows, fake]);
    expect(inserted.firstDifference).toMatchObject({ entryId: 'fake', check: 'not_in_event_store' });
  });

  it('reports as pending, never intact, what the projection has not written yet; a row the store explains is not inserted', async () => {
    const rows = stored(history);
    const pending = await verifyLog(iter(expected(history)), iter(rows.slice(0, 10)), {
      projectedThrough: 1009n,
      lookup: async () => null,
    });
    expect(pending).toMatchObject({
      status: 'pending',
      intact: false,
      firstDifference: null,
      eventStore: { entries: 12 },
      table: { entries: 10, chainIntact: true },
      pending: {
        entries: 2,
        lag: { projectedThrough: '1009', pendingThrough: '1011', oldestPendingRecordedAt: '2026-09-01T00:00:00.000Z' },
      },
    });
    const lateRow = await verifyLog(iter(expected(history.slice(0, 11))), iter(rows), {
      projectedThrough: 1010n,
      lookup: async (r) => logRowContent(history[Number(r)]!),
    });
    expect(lateRow).toMatchObject({ status: 'intact', intact: true, pending: null });
  });

  it('a checkpoint moved back does not hide a deleted row that a later row shows the projection passed', async () => {
    const rows = stored(history).filter((r) => r.stream_revision !== '8');
    const out = await verifyLog(iter(expected(history)), iter(rows), {
      projectedThrough: 1005n,
      lookup: async (r) => logRowContent(history[Number(r)]!),
    });
    expect(out).toMatchObject({
      status: 'altered',
      intact: false,
      pending: null,
      firstDifference: { streamRevision: '8', check: 'missing_from_table' },
    });
  });

  it('a deleted tail with the checkpoint moved back is pending (with the lag), never intact with fewer entries', async () => {
    const out = await verifyLog(iter(expected(history)), iter(stored(history).slice(0, 9)), {
      projectedThrough: 1005n,
      lookup: async () => null,
    });
    expect(out).toMatchObject({
      status: 'pending',
      intact: false,
      eventStore: { entries: 12 },
      table: { entries: 9 },
      pending: { entries: 3 },
    });
  });

  it('an empty table is pending when the projection has not started, and altered when it claims to have passed the entries', async () => {
    const fresh = await verifyLog(iter(expected(history)), iter([]), {
      projectedThrough: -1n,
      lookup: async () => null,
    });
    expect(fresh).toMatchObject({
      status: 'pending',
      intact: false,
      eventStore: { entries: 12 },
      table: { entries: 0 },
      pending: { entries: 12 },
    });
    const emptied = await verifyLog(iter(expected(history)), iter([]), {
      projectedThrough: 10_000n,
      lookup: async () => null,
    });
    expect(emptied).toMatchObject({
      status: 'altered',
      intact: false,
      firstDifference: { streamRevision: '0', check: 'missing_from_table' },
    });
  });
});
