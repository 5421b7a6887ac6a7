import type { ChainDifference, LogVerificationReport } from '../../application/compliance/log-verification.queries';
import {
  canonicalJson,
  chainHash,
  contentHash,
  contentOfRow,
  type LogRowContent,
  type StoredLogRow,
} from './log-chain';

type Outcome = Omit<LogVerificationReport, 'studentId' | 'verifiedAt' | 'checkedThroughPosition'>;

const FIELDS: readonly (keyof LogRowContent)[] = [
  'entryId',
  'studentId',
  'districtId',
  'streamRevision',
  'occurredAt',
  'kind',
  'eventType',
  'actor',
  'summary',
  'details',
];

const diff = (
  entryId: string,
  revision: string,
  check: ChainDifference['check'],
  expected: string | null,
  actual: string | null,
  explanation: string,
  fields?: string[],
): ChainDifference => ({
  entryId,
  streamRevision: revision,
  check,
  ...(fields ? { fields } : {}),
  expected,
  actual,
  explanation,
});

/** An entry the event store says there must be, with its place in the global log and when it was recorded. */
export interface ExpectedEntry {
  content: LogRowContent;
  position: bigint;
  recordedAt: string;
}

export interface VerifyOptions {
  /**
   * How far the log projection says it has got. It never shortens what is expected: an entry missing at or below it
   * is missing; one above it is pending (the projection's lag), unless a later row of the student shows the
   * projection passed it (a checkpoint moved back cannot hide a deleted tail that way).
   */
  projectedThrough: bigint;
  /** The entry the event store has at a stream revision (for rows written while the check ran). */
  lookup(revision: bigint): Promise<LogRowContent | null>;
}

/**
 * Walks the log two ways at once, one entry at a time (nothing is held but the current pair):
 * 1. the table's own chain: each row's content re-hashed, each link to the previous row checked;
 * 2. the table against the event store, the source of truth: the entries the events say there must be, with their
 *    content and hashes, compared row by row in stream order. This catches a table rewritten with fresh hashes too.
 */
export async function verifyLog(
  expectedEntries: AsyncIterable<ExpectedEntry>,
  storedRows: AsyncIterable<StoredLogRow & { position: string }>,
  options: VerifyOptions,
): Promise<Outcome> {
  const expected = expectedEntries[Symbol.asyncIterator]();
  const stored = storedRows[Symbol.asyncIterator]();
  let e = await expected.next();
  let t = await stored.next();
  let expectedPrev: string | null = null;
  let storedPrev: string | null = null;
  let counts = { expected: 0, stored: 0 };
  let firstBreak: ChainDifference | null = null;
  let firstDifference: ChainDifference | null = null;
  // Entries not (yet) in the table above projectedThrough: pending until a later stored row proves them missing.
  let pending: { entries: number; first: ExpectedEntry | null; lastPosition: bigint } = {
    entries: 0,
    first: null,
    lastPosition: -1n,
  };
  const passed = (): void => {
    if (pending.first) note(missing(pending.first.content));
    pending = { entries: 0, first: null, lastPosition: -1n };
  };
  const missing = (exp: LogRowContent): ChainDifference =>
    diff(
      exp.entryId,
      exp.streamRevision,
      'missing_from_table',
      exp.entryId,
      null,
      'The event store has this entry; the table does not: the row was deleted.',
    );

  const consumeStored = (row: StoredLogRow): void => {
    counts = { ...counts, stored: counts.stored + 1 };
    const revision = String(row.stream_revision);
    const content = contentHash(contentOfRow(row));
    if (!firstBreak) {
      if (content !== row.content_hash)
        firstBreak = diff(
          row.entry_id,
          revision,
          'content_hash',
          content,
          row.content_hash,
          "The row's content no longer matches its content hash: the row was changed.",
        );
      else if (row.prev_hash !== storedPrev)
        firstBreak = diff(
          row.entry_id,
          revision,
          'prev_hash',
          storedPrev,
          row.prev_hash,
          'The row does not link to the entry before it: an entry was removed, inserted or changed before this one.',
        );
      else if (chainHash(row.prev_hash, row.content_hash) !== row.entry_hash)
        firstBreak = diff(
          row.entry_id,
          revision,
          'entry_hash',
          chainHash(row.prev_hash, row.content_hash),
          row.entry_hash,
          "The row's entry hash is not the hash of its links.",
        );
    }
    storedPrev = row.entry_hash;
  };
  const note = (d: ChainDifference): void => {
    if (!firstDifference) firstDifference = d;
  };

  while (!e.done || !t.done) {
    const next = e.done ? null : e.value;
    const exp = next?.content ?? null;
    const row = t.done ? null : t.value;
    const expRev = exp ? BigInt(exp.streamRevision) : null;
    const rowRev = row ? BigInt(row.stream_revision) : null;
    if (exp && (rowRev === null || expRev! < rowRev)) {
      counts = { ...counts, expected: counts.expected + 1 };
      expectedPrev = chainHash(expectedPrev, contentHash(exp));
      if (next!.position <= options.projectedThrough) note(missing(exp));
      else pending = { entries: pending.entries + 1, first: pending.first ?? next!, lastPosition: next!.position };
      e = await expected.next();
      continue;
    }
    // A stored row after a pending entry: the projection writes in log order, so it has passed that entry.
    if (row && pending.entries > 0) passed();
    if (row && (expRev === null || rowRev! < expRev)) {
      consumeStored(row);
      // A row written while the check ran is fine if the event store has exactly it; any other unexplained row is not.
      const late = BigInt(row.position) > options.projectedThrough ? await options.lookup(rowRev!) : null;
      if (late && canonicalJson(late) === canonicalJson(contentOfRow(row))) {
        counts = { ...counts, expected: counts.expected + 1 };
        expectedPrev = chainHash(expectedPrev, contentHash(late));
      } else {
        note(
          diff(
            row.entry_id,
            String(row.stream_revision),
            'not_in_event_store',
            null,
            row.entry_id,
            'The table has a row that no event in the event store explains: the row was inserted.',
          ),
        );
      }
      t = await stored.next();
      continue;
    }
    // Same place in the stream: the row must be exactly what its event says.
    counts = { ...counts, expected: counts.expected + 1 };
    const expContent = contentHash(exp!);
    expectedPrev = chainHash(expectedPrev, expContent);
    consumeStored(row!);
    const actual = contentOfRow(row!);
    if (exp!.entryId !== actual.entryId) {
      note(
        diff(
          row!.entry_id,
          exp!.streamRevision,
          'entry_id',
          exp!.entryId,
          actual.entryId,
          "The row at this place in the stream is not the event's entry.",
        ),
      );
    } else {
      const fields = FIELDS.filter((f) => canonicalJson(exp![f]) !== canonicalJson(actual[f]));
      if (fields.length > 0)
        note(
          diff(
            row!.entry_id,
            exp!.streamRevision,
            'content',
            expContent,
            contentHash(actual),
            `The row differs from its event in: ${fields.join(', ')}.`,
            fields,
          ),
        );
      else if (row!.entry_hash !== expectedPrev)
        note(
          diff(
            row!.entry_id,
            exp!.streamRevision,
            'entry_hash',
            expectedPrev,
            row!.entry_hash,
            "The row's entry hash differs from the chain recomputed from the event store.",
          ),
        );
    }
    e = await expected.next();
    t = await stored.next();
  }

  const breakFound = firstBreak as ChainDifference | null;
  const differenceFound = firstDifference as ChainDifference | null;
  const earliest =
    [differenceFound, breakFound]
      .filter((d): d is ChainDifference => d !== null)
      .sort((a, b) =>
        BigInt(a.streamRevision) < BigInt(b.streamRevision)
          ? -1
          : BigInt(a.streamRevision) > BigInt(b.streamRevision)
            ? 1
            : 0,
      )[0] ?? null;
  const altered = breakFound !== null || differenceFound !== null;
  const tail = pending.first as ExpectedEntry | null;
  return {
    status: altered ? 'altered' : tail ? 'pending' : 'intact',
    intact: !altered && !tail,
    pending: tail
      ? {
          entries: pending.entries,
          lag: {
            projectedThrough: options.projectedThrough.toString(),
            pendingThrough: pending.lastPosition.toString(),
            oldestPendingRecordedAt: tail.recordedAt,
          },
        }
      : null,
    eventStore: { entries: counts.expected, headHash: expectedPrev },
    table: { entries: counts.stored, headHash: storedPrev, chainIntact: !breakFound, firstBreak: breakFound },
    againstEventStore: { matches: !differenceFound, firstDifference: differenceFound },
    firstDifference: earliest,
  };
}
