import { chainKey, foldLog, logEntries } from '../../../src/projections/records/communication-log.fold';
import { chainHash } from '../../../src/projections/records/log-chain';
import { given, type Given } from './given';

const note = (student: string, n: number): Given => [
  `student-${student}`,
  'NoteAdded',
  { studentId: student, noteId: `n${n}`, body: `note ${n}`, authorId: 't1' },
  { initials: 'A.B' },
];

describe('communication log fold: given events, then rows', () => {
  it('chains each student’s entries from genesis, in log order', () => {
    const rows = foldLog(new Map(), logEntries(given(note('a', 1), note('b', 2), note('a', 3))));
    expect(rows.map((r) => [r.student_id, r.stream_revision, r.prev_hash === null])).toEqual([
      ['a', '0', true],
      ['b', '0', true],
      ['a', '1', false],
    ]);
    expect(rows[0]!.entry_hash).toBe(chainHash(null, rows[0]!.content_hash));
    expect(rows[2]!.prev_hash).toBe(rows[0]!.entry_hash);
    expect(rows[2]!.entry_hash).toBe(chainHash(rows[0]!.entry_hash, rows[2]!.content_hash));
    expect(JSON.parse(rows[0]!.details)).toEqual(
      expect.objectContaining({ data: expect.objectContaining({ noteId: 'n1' }) }),
    );
  });

  it('continues from the stored head, and chains an entry delivered twice once', () => {
    const events = given(note('a', 1), note('a', 2));
    const first = foldLog(new Map(), logEntries(events.slice(0, 1)));
    const rows = foldLog(
      new Map([[chainKey('d1', 'a'), { revision: 0n, hash: first[0]!.entry_hash }]]),
      logEntries(events),
    );
    expect(rows.map((r) => [r.stream_revision, r.prev_hash])).toEqual([['1', first[0]!.entry_hash]]);
  });

  it('writes no row for an event that is not a log entry or not a student’s', () => {
    expect(
      foldLog(
        new Map(),
        logEntries(
          given([
            'district-d1',
            'DistrictSmsPolicySet',
            {
              districtId: 'd1',
              smsAllowed: true,
              timeZone: 'UTC',
              quietHours: { start: '08:00', end: '21:00' },
              allowedLinkHosts: [],
            },
          ]),
        ),
      ),
    ).toEqual([]);
  });
});
