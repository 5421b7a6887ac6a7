import type { RecordedEvent } from '../../../src/application/ports/event-store.port';
import {
  chainKey,
  foldLog,
  LOG_ROWS,
  logEntries,
  type ChainHead,
  type LogRow,
} from '../../../src/projections/records/communication-log.fold';
import { contentHash, logRowContent } from '../../../src/projections/records/log-chain';
import { PreparedLogCopy } from '../../../src/projections/records/log-preparation';
import { LogPreparationThread } from '../../../src/projections/records/log-preparation-thread';
import { copyText } from '../../../src/projections/runner/copy-text';
import { randomLog } from '../../support/random-log';

/** Each student's head as the live writer reads it from the table: the stored row with the highest revision. */
function headsOf(rows: readonly LogRow[]): Map<string, ChainHead> {
  const heads = new Map<string, ChainHead>();
  for (const row of rows) {
    const key = chainKey(row.district_id, row.student_id);
    const revision = BigInt(row.stream_revision);
    if ((heads.get(key)?.revision ?? -1n) < revision) heads.set(key, { revision, hash: row.entry_hash });
  }
  return heads;
}

const pagesOf = (log: readonly RecordedEvent[], size: number): RecordedEvent[][] =>
  Array.from({ length: Math.ceil(log.length / size) }, (_, i) => log.slice(i * size, (i + 1) * size));

describe("a rebuild's communication-log preparation in a worker thread", () => {
  it('gives, page after page, the rows and hashes of the in-thread fold from the stored heads, as COPY text', async () => {
    const log = randomLog(21, 3_100);
    const thread = new LogPreparationThread();
    try {
      const stored: LogRow[] = [];
      // All pages asked for at once, as a rebuild may: they are answered in order, each chained on the ones before.
      const pages = pagesOf(log, 700);
      const prepared = await Promise.all(pages.map((page) => thread.prepare(page)));
      const decoder = new TextDecoder();
      pages.forEach((page, i) => {
        const rows = foldLog(headsOf(stored), logEntries(page));
        expect(prepared[i]).toBeInstanceOf(PreparedLogCopy);
        expect(prepared[i]!.rows).toBe(rows.length);
        expect(decoder.decode(prepared[i]!.copy)).toBe(copyText(LOG_ROWS.columns, rows));
        stored.push(...rows);
      });
      // The chains span the pages, and each content hash is the verifier's.
      expect(stored.length).toBeGreaterThan(2_000);
      expect(new Set(stored.map((r) => chainKey(r.district_id, r.student_id))).size).toBeLessThan(10);
      const byId = new Map(log.map((e) => [e.id.toLowerCase(), e]));
      for (const row of stored) expect(row.content_hash).toBe(contentHash(logRowContent(byId.get(row.entry_id)!)!));
    } finally {
      await thread.close();
    }
  });

  it('refuses a page it cannot prepare, and every page after it (its chain heads would be wrong)', async () => {
    const log = randomLog(22, 600);
    const thread = new LogPreparationThread();
    try {
      const broken = { ...log[10]!, metadata: undefined as never };
      await expect(thread.prepare(log.slice(0, 5))).resolves.toBeInstanceOf(PreparedLogCopy);
      await expect(thread.prepare([...log.slice(5, 10), broken])).rejects.toThrow(/Log preparation failed: TypeError/);
      await expect(thread.prepare(log.slice(11, 20))).rejects.toThrow(/Log preparation failed/);
    } finally {
      await thread.close();
    }
    await expect(thread.prepare(log.slice(20, 30))).rejects.toThrow();
  });
});
