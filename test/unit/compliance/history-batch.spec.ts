import { historyBatch } from '../../../src/infrastructure/event-store/postgres/postgres-stream-json';

/** One COPY binary row's values laid out as CopyBinaryRows gives them: the bytes, and each value's [start, end). */
function row(values: Buffer[]): { buf: Buffer; at: number[] } {
  const at: number[] = [];
  let pos = 0;
  for (const v of values) {
    at.push(pos, pos + v.length);
    pos += v.length;
  }
  return { buf: Buffer.concat(values), at };
}
const int8 = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(v);
  return b;
};
const PG_EPOCH_MS = 946_684_800_000n;
const micros = (iso: string, extraMicros = 0n) => int8((BigInt(Date.parse(iso)) - PG_EPOCH_MS) * 1000n + extraMicros);
const uuid = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const uuidBytes = Buffer.from(uuid.replace(/-/g, ''), 'hex');

describe('historyBatch: an event history row as JSON.stringify(toHistoryEvent(event)) writes it', () => {
  const expectJson = (r: { buf: Buffer; at: number[] }, expected: object) => {
    const { json, revisions } = historyBatch(r.buf, r.at);
    expect(Buffer.from(json[0]!).toString('utf8')).toBe(JSON.stringify(expected));
    expect(revisions[0]).toBe((expected as { revision: string }).revision);
  };

  it('writes positions past 2^53 exactly, and times before 2000 and past 2285 truncated to the millisecond', () => {
    const data = { a: 'é "q"', n: [1, 2] };
    const metadata = { occurredAt: '2026-01-01T00:00:00.000Z' };
    const cases: [bigint, bigint, Buffer, string][] = [
      [0n, 1n, micros('2026-12-06T04:00:00.123Z', 999n), '2026-12-06T04:00:00.123Z'],
      [7n, 2n ** 62n + 12345n, micros('1999-12-31T23:59:59.999Z', 999n), '1999-12-31T23:59:59.999Z'],
      [9_007_199_254_740_993n, 2n ** 53n + 1n, micros('1969-07-20T20:17:40.000Z', 1n), '1969-07-20T20:17:40.000Z'],
      [3n, 5n, micros('2300-01-01T00:00:00.001Z', 500n), '2300-01-01T00:00:00.001Z'],
      [4n, 6n, int8(-1n), '1999-12-31T23:59:59.999Z'],
    ];
    for (const [revision, position, at, iso] of cases) {
      expectJson(
        row([
          int8(revision),
          int8(position),
          uuidBytes,
          Buffer.from('Ünïcode "type"\\'),
          Buffer.from(JSON.stringify(data)),
          Buffer.from(JSON.stringify(metadata)),
          at,
        ]),
        {
          eventId: uuid,
          revision: revision.toString(),
          position: position.toString(),
          type: 'Ünïcode "type"\\',
          data,
          metadata,
          recordedAt: iso,
        },
      );
    }
  });
});
