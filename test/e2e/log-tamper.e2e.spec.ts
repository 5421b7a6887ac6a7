import { Client } from 'pg';
import { chainHash, contentHash, contentOfRow } from '../../src/projections/records/log-chain';
import { auth, allowTexting, shortStory } from '../support/compliance-story';
import { startTestApp, type TestApp } from '../support/test-app';

interface Row {
  entry_id: string;
  stream_revision: string;
  summary: string;
  entry_hash: string;
  details: unknown;
}

/**
 * Tamper evidence: the communication log is hash-chained per student. A superuser can get past the append-only
 * trigger; the verification still names the entry that was changed, removed or made up.
 */
describe('e2e: the communication log proves it was not altered', () => {
  let t: TestApp;
  let superuser: Client;
  let compliance: string;

  const verify = async (studentId: string) =>
    (
      await t.http
        .get(`/v1/compliance/students/${studentId}/log/verify?purpose=audit`)
        .set(auth(compliance))
        .expect(200)
    ).body;
  const rows = async (studentId: string): Promise<Row[]> =>
    (
      await superuser.query(
        'SELECT entry_id, stream_revision::text, summary, entry_hash, details FROM communication_log WHERE student_id = $1 ORDER BY stream_revision',
        [studentId],
      )
    ).rows;
  /** As a superuser would: with triggers off for this session (the append-only trigger does not fire). */
  const bypass = async (sql: string, params: unknown[]) => {
    await superuser.query('SET session_replication_role = replica');
    try {
      await superuser.query(sql, params);
    } finally {
      await superuser.query('SET session_replication_role = DEFAULT');
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    compliance = t.token('compliance', 'comp-1');
    await allowTexting(t);
    for (const [id, phone] of [
      ['s-intact', '+12015550131'],
      ['s-edit', '+12015550132'],
      ['s-delete', '+12015550133'],
      ['s-insert', '+12015550134'],
      ['s-rehash', '+12015550135'],
      ['s-tail', '+12015550136'],
      ['s-gap', '+12015550137'],
      ['s-empty', '+12015550138'],
    ] as const) {
      await shortStory(t, id, phone);
    }
    superuser = new Client({ connectionString: t.db.url });
    await superuser.connect();
  });
  afterAll(async () => {
    await superuser.end();
    await t.close();
  });

  it('an untouched log verifies from the event store and from the table, with the same head hash', async () => {
    const report = await verify('s-intact');
    expect(report).toMatchObject({
      studentId: 's-intact',
      status: 'intact',
      intact: true,
      pending: null,
      firstDifference: null,
      table: { chainIntact: true },
      againstEventStore: { matches: true },
    });
    expect(report.eventStore.entries).toBeGreaterThanOrEqual(6);
    expect(report.table.entries).toBe(report.eventStore.entries);
    expect(report.table.headHash).toBe(report.eventStore.headHash);
    const stored = await rows('s-intact');
    expect(report.table.headHash).toBe(stored[stored.length - 1]!.entry_hash);
  });

  it('the database itself refuses to change or delete an entry', async () => {
    const [first] = await rows('s-intact');
    await expect(
      superuser.query('UPDATE communication_log SET summary = $2 WHERE entry_id = $1', [first!.entry_id, 'x']),
    ).rejects.toThrow(/append-only/);
    await expect(
      superuser.query('DELETE FROM communication_log WHERE entry_id = $1', [first!.entry_id]),
    ).rejects.toThrow(/append-only/);
  });

  it('names a row altered directly in PostgreSQL, and the column that differs', async () => {
    const target = (await rows('s-edit')).find((r) => r.summary.startsWith('Note by'))!;
    await bypass('UPDATE communication_log SET summary = $2 WHERE entry_id = $1', [
      target.entry_id,
      'Note by A.Bell: nothing to report',
    ]);
    const report = await verify('s-edit');
    expect(report.intact).toBe(false);
    expect(report.firstDifference).toMatchObject({
      entryId: target.entry_id,
      streamRevision: target.stream_revision,
      check: 'content',
      fields: ['summary'],
    });
    expect(report.table.firstBreak).toMatchObject({ entryId: target.entry_id, check: 'content_hash' });
  });

  it('names a deleted row', async () => {
    const all = await rows('s-delete');
    const target = all[2]!;
    await bypass('DELETE FROM communication_log WHERE entry_id = $1', [target.entry_id]);
    const report = await verify('s-delete');
    expect(report.firstDifference).toMatchObject({
      entryId: target.entry_id,
      streamRevision: target.stream_revision,
      check: 'missing_from_table',
    });
    // The table's own chain breaks at the next row, which no longer links to its predecessor.
    expect(report.table.firstBreak).toMatchObject({ entryId: all[3]!.entry_id, check: 'prev_hash' });
  });

  it('names an inserted fake row', async () => {
    const fake = '00000000-0000-4000-8000-000000000001';
    await bypass(
      `INSERT INTO communication_log (entry_id, position, student_id, district_id, stream_revision, occurred_at, kind, event_type, actor_id, actor_role, actor_initials, summary, details, content_hash, prev_hash, entry_hash)
       SELECT $1, 999999999999, student_id, district_id, 9999, occurred_at, 'note', 'NoteAdded', actor_id, actor_role, actor_initials, 'Note by A.Bell: made up', details, content_hash, entry_hash, entry_hash
         FROM communication_log WHERE student_id = 's-insert' ORDER BY stream_revision DESC LIMIT 1`,
      [fake],
    );
    const report = await verify('s-insert');
    expect(report.firstDifference).toMatchObject({
      entryId: fake,
      streamRevision: '9999',
      check: 'not_in_event_store',
    });
  });

  it('catches a rewrite that recomputes every hash in the table: the event store disagrees', async () => {
    const all = await rows('s-rehash');
    const target = all.find((r) => r.summary.startsWith('Call'))!;
    const full = (
      await superuser.query('SELECT * FROM communication_log WHERE student_id = $1 ORDER BY stream_revision', [
        's-rehash',
      ])
    ).rows;
    let prev: string | null = null;
    await superuser.query('SET session_replication_role = replica');
    for (const row of full) {
      if (row.entry_id === target.entry_id) row.summary = 'Call (outbound) with parent: no answer, logged by A.Bell';
      const content = contentHash(contentOfRow(row));
      const entry = chainHash(prev, content);
      await superuser.query(
        'UPDATE communication_log SET summary = $2, content_hash = $3, prev_hash = $4, entry_hash = $5 WHERE entry_id = $1',
        [row.entry_id, row.summary, content, prev, entry],
      );
      prev = entry;
    }
    await superuser.query('SET session_replication_role = DEFAULT');
    const report = await verify('s-rehash');
    expect(report.table.chainIntact).toBe(true);
    expect(report.firstDifference).toMatchObject({ entryId: target.entry_id, check: 'content', fields: ['summary'] });
  });

  describe('with the projection checkpoint moved back (the runner stopped, so nothing rewrites it meanwhile)', () => {
    const checkpoint = async () =>
      (await superuser.query(`SELECT position::text FROM projection_checkpoints WHERE name = 'communication-log'`))
        .rows[0].position as string;
    const setCheckpoint = (position: string) =>
      superuser.query(`UPDATE projection_checkpoints SET position = $1::bigint WHERE name = 'communication-log'`, [
        position,
      ]);
    const positions = async (studentId: string): Promise<string[]> =>
      (
        await superuser.query(
          'SELECT position::text FROM communication_log WHERE student_id = $1 ORDER BY stream_revision',
          [studentId],
        )
      ).rows.map((r: { position: string }) => r.position);
    let saved: string;
    beforeAll(async () => {
      await t.settle();
      await t.projections.stop();
      saved = await checkpoint();
    });
    afterEach(() => setCheckpoint(saved));
    // The runner stays stopped: the rebuild below (the next test) starts it again. A start followed at once by a stop
    // sometimes hung the stop here (reported to the runner's owners); this keeps the two apart.

    it('a deleted tail is pending with the lag, never intact with fewer entries', async () => {
      const all = await rows('s-tail');
      const at = await positions('s-tail');
      await bypass('DELETE FROM communication_log WHERE entry_id = ANY($1)', [all.slice(-2).map((r) => r.entry_id)]);
      await setCheckpoint((BigInt(at[at.length - 2]!) - 1n).toString());
      const report = await verify('s-tail');
      expect(report).toMatchObject({
        status: 'pending',
        intact: false,
        firstDifference: null,
        eventStore: { entries: all.length },
        table: { entries: all.length - 2 },
      });
      expect(report.pending).toMatchObject({
        entries: 2,
        lag: { projectedThrough: (BigInt(at[at.length - 2]!) - 1n).toString(), pendingThrough: at[at.length - 1] },
      });
    });

    it('a deleted row below a later row is missing, wherever the checkpoint was moved', async () => {
      const all = await rows('s-gap');
      const at = await positions('s-gap');
      await bypass('DELETE FROM communication_log WHERE entry_id = $1', [all[2]!.entry_id]);
      await setCheckpoint((BigInt(at[2]!) - 1n).toString());
      const report = await verify('s-gap');
      expect(report).toMatchObject({
        status: 'altered',
        intact: false,
        pending: null,
        firstDifference: { entryId: all[2]!.entry_id, check: 'missing_from_table' },
      });
    });

    it('an emptied table (as after a failed rebuild) is pending with every entry, or altered when the checkpoint says they were written', async () => {
      const all = await rows('s-empty');
      await bypass('DELETE FROM communication_log WHERE student_id = $1', ['s-empty']);
      await setCheckpoint('-1');
      const fresh = await verify('s-empty');
      expect(fresh).toMatchObject({
        status: 'pending',
        intact: false,
        eventStore: { entries: all.length },
        table: { entries: 0 },
        pending: { entries: all.length },
      });
      await setCheckpoint(saved);
      const emptied = await verify('s-empty');
      expect(emptied).toMatchObject({
        status: 'altered',
        intact: false,
        firstDifference: { entryId: all[0]!.entry_id, check: 'missing_from_table' },
      });
    });
  });

  it('a rebuild from the event store reproduces identical hashes', async () => {
    const before = await rows('s-intact');
    await t.projections.stop();
    await t.projections.rebuild();
    await t.projections.start();
    expect(await rows('s-intact')).toEqual(before);
    expect((await verify('s-edit')).intact).toBe(true);
    for (const id of ['s-tail', 's-gap', 's-empty'])
      expect(await verify(id)).toMatchObject({ status: 'intact', intact: true });
  });
});
