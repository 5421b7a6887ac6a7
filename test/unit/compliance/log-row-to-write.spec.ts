import type { RecordedEvent } from '../../../src/application/ports/event-store.port';
import { contentHash, logRowContent, logRowToWrite } from '../../../src/projections/records/log-chain';

/**
 * The communication log projection writes rows through logRowToWrite (no JSON copy of the details); the verifier and
 * the record export recompute them through logRowContent. Both must give the same content hash and details.
 */
const event = (type: string, data: unknown, metadata: Partial<RecordedEvent['metadata']> = {}): RecordedEvent => ({
  id: 'A1B2C3D4-0000-4000-8000-000000000001',
  streamId: 'student-s1',
  revision: 7n,
  position: 42n,
  type,
  data: data as Record<string, unknown>,
  metadata: {
    actor: { id: 't1', role: 'teacher', districtId: 'd1', initials: 'A.B' },
    correlationId: 'c1',
    causationId: 'c0',
    command: 'X',
    occurredAt: '2026-01-05T15:00:00.123Z',
    ...metadata,
  },
  recordedAt: '2026-01-05T15:00:00.123Z',
});

class WithToJson {
  constructor(private readonly v: string) {}
  toJSON(): unknown {
    return { wrapped: this.v, undef: undefined };
  }
}

const tricky: unknown[] = [
  { studentId: 's1', noteId: 'n1', body: 'plain' },
  { studentId: 's1', noteId: 'n1', body: 'quotes " and \\ backslash, unicode é 🙂 \u2028', authorId: undefined },
  {
    studentId: 's1',
    noteId: 'n1',
    body: 'b',
    nested: {
      z: 1,
      a: [1, undefined, () => 1, Symbol('s'), NaN, -0, Infinity, 1e21, 0.1 + 0.2],
      '10': 'ten',
      '2': 'two',
      b: null,
    },
  },
  {
    studentId: 's1',
    noteId: 'n1',
    body: 'b',
    when: new Date(Date.UTC(2026, 0, 1)),
    custom: new WithToJson('x'),
    boxed: [Object(1), Object('s'), Object(false)],
  },
  {
    studentId: 's1',
    noteId: 'n1',
    body: 'b',
    fn: () => 1,
    sym: Symbol('x'),
    deep: [[[{ y: [{}] }]], []],
    ключ: 'значение',
    '': 'empty key',
  },
];

describe('logRowToWrite', () => {
  it.each(tricky.map((data, i) => [i, data]))("gives logRowContent's hash and details (data %i)", (_i, data) => {
    for (const e of [
      event('NoteAdded', data),
      event('NoteAdded', data, { actor: { id: 't2', role: 'teacher', districtId: 'd1' } }),
      event('NoteAdded', data, { correlationId: undefined as unknown as string }),
    ]) {
      const content = logRowContent(e)!;
      const written = logRowToWrite(e)!;
      expect(written.contentHash).toBe(contentHash(content));
      expect(JSON.parse(written.detailsJson)).toEqual(content.details);
      const { details: _details, ...row } = content;
      expect(written.row).toEqual(row);
    }
  });

  it('writes nothing for events the log does not show', () => {
    expect(logRowToWrite(event('SmsSendAttempted', { studentId: 's1', messageId: 'm', attempt: 1 }))).toBeNull();
    expect(logRowToWrite({ ...event('NoteAdded', tricky[0]), streamId: 'district-d1' })).toBeNull();
  });
});
