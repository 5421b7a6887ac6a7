import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { EventStore, ReadAllOptions, RecordedEvent } from '../../src/application/ports/event-store.port';
import { createReadModelDataSource } from '../../src/infrastructure/database/read-model-data-source.factory';
import { AnalyticsProjection } from '../../src/projections/analytics/analytics.projection';
import { CommunicationLogProjection } from '../../src/projections/communication-log/communication-log.projection';
import { RosterProjection } from '../../src/projections/roster/roster.projection';
import { pgSqlTx } from '../../src/projections/runner/pg-sql-tx';
import { ProjectionRunner, REBUILD_PAGE } from '../../src/projections/runner/projection-runner';
import type { Projection } from '../../src/projections/runner/projection';
import { InboxProjection } from '../../src/projections/inbox/inbox.projection';
import { ThreadsProjection } from '../../src/projections/threads/threads.projection';
import { SequentialRosterProjection } from '../../bench/checks/roster-sequential.reference';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The set-based writes (roster-bulk.ts, threads-bulk.ts, analytics-bulk.ts, the log's one INSERT per batch) give the
 * same tables as applying the log one event per batch, whatever the batch sizes: random logs over three students with
 * every event kind the projections read, duplicate ids (a text queued twice, an enrollment started twice), statuses out
 * of order (delivered before sent, events for texts and enrollments nobody has), times out of order, and batches that
 * continue from rows earlier batches wrote.
 */

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function randomLog(seed: number, n: number): RecordedEvent[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const students = ['a', 'b', 'c'];
  const teachers = ['t1', 't2'];
  const revisions = new Map<string, bigint>();
  const out: RecordedEvent[] = [];
  let clock = Date.UTC(2026, 0, 5, 15);
  const push = (streamId: string, type: string, data: Record<string, unknown>, actor = pick(teachers)): void => {
    clock += 60_000 + Math.floor(r() * 1000);
    // Some events carry an older time than the one before them.
    const at = r() < 0.2 ? clock - Math.floor(r() * 86_400_000) : clock;
    const revision = revisions.get(streamId) ?? 0n;
    revisions.set(streamId, revision + 1n);
    const position = BigInt(out.length);
    out.push({
      id: uuid(seed * 100_000 + out.length), streamId, revision, position, type, data,
      metadata: { actor: { id: actor, role: actor.startsWith('t') ? 'teacher' : 'system', districtId: 'd1', initials: r() < 0.5 ? 'A.B' : undefined, name: actor === 't1' ? 'Name t1' : undefined }, correlationId: 'c', causationId: 'c', command: 'X', occurredAt: new Date(at).toISOString() },
      recordedAt: new Date(at).toISOString(),
    });
  };
  const contacts = () => Array.from({ length: Math.floor(r() * 3) }, (_, n) => ({ name: `Parent ${n}`, relationship: pick(['parent', 'guardian', 'other'] as const), phone: r() < 0.5 ? `+1201555020${n}` : null }));
  const policy = (districtId: string) => ({ districtId, smsAllowed: r() < 0.85, timeZone: 'America/Chicago', quietHours: { start: '08:00', end: '21:00' }, allowedLinkHosts: [] });
  push('district-d1', 'DistrictSmsPolicySet', policy('d1'), 'adm');
  for (let i = 0; i < n; i++) {
    const s = pick(students);
    const t = pick(teachers);
    const stream = `student-${s}`;
    const enrollment = `${pick(students)}-e${1 + Math.floor(r() * 3)}`;
    const own = `${s}-e${1 + Math.floor(r() * 3)}`;
    const message = `m${Math.floor(r() * 12)}`;
    const kinds: (() => void)[] = [
      () => push(stream, 'StudentRegistered', { studentId: s, districtId: r() < 0.9 ? 'd1' : 'd2', firstName: s.toUpperCase(), lastName: 'X', preferredName: r() < 0.3 ? 'P' : null, smsNumber: r() < 0.8 ? `+1201555010${s.charCodeAt(0) % 10}` : null, timeZone: null, ...(r() < 0.7 ? { listedContacts: contacts() } : {}) }, 'registrar'),
      () => push(stream, 'EnrollmentStarted', { studentId: s, enrollmentId: own, courseId: `c-${t}`, courseName: 'Biology', teacherId: t, teacherName: 'T', startedOn: `2026-01-0${1 + Math.floor(r() * 3)}` }, 'sis'),
      () => push(stream, 'EnrollmentEnded', { studentId: s, enrollmentId: own, endedOn: `2026-02-0${1 + Math.floor(r() * 2)}`, reason: r() < 0.5 ? 'moved' : null }, 'sis'),
      () => push(stream, 'EnrollmentPacingReported', { studentId: s, enrollmentId: own, status: r() < 0.6 ? 'behind' : 'on_track', asOf: new Date(clock - Math.floor(r() * 1e8)).toISOString() }, 'sis'),
      () => push(stream, 'SmsQueued', { studentId: s, messageId: message, enrollmentId: r() < 0.8 ? own : enrollment, staffId: t, to: '+12015550101', body: 'Hello', idempotencyKey: `k${i}`, scheduledFor: r() < 0.2 ? new Date(clock + 3_600_000).toISOString() : null }, t),
      () => push(stream, 'SmsQueued', { studentId: s, messageId: `q${i}`, enrollmentId: own, staffId: t, to: '+12015550101', body: 'Hi', idempotencyKey: `k${i}`, scheduledFor: null }, t),
      () => push(stream, 'SmsSent', { studentId: s, messageId: message, providerMessageId: r() < 0.7 ? `SM${i}` : null }, 'system'),
      () => push(stream, 'SmsDelivered', { studentId: s, messageId: message, providerMessageId: r() < 0.7 ? `SM${i}` : null }, 'system'),
      () => push(stream, 'SmsFailed', { studentId: s, messageId: message, reason: 'carrier', errorCode: r() < 0.5 ? '30006' : null }, 'system'),
      () => push(stream, 'SmsCancelled', { studentId: s, messageId: message, scheduledFor: null }, t),
      () => push(stream, 'SmsRetryScheduled', { studentId: s, messageId: message, attempt: 2, reason: 'busy', errorCode: r() < 0.5 ? '20429' : null, retryAt: new Date(clock + 60_000).toISOString() }, 'system'),
      () => push(stream, 'OptOutRequestFlagged', { studentId: s, messageId: r() < 0.5 ? message : `r${Math.floor(r() * 6)}`, staffId: r() < 0.5 ? t : null, phrase: 'stop' }, 'system'),
      () => push(stream, 'SmsReceived', { studentId: s, messageId: r() < 0.8 ? `r${Math.floor(r() * 6)}` : message, staffId: t, body: 'ok', channel: r() < 0.8 ? 'sms' : 'portal', providerMessageId: r() < 0.5 ? `SMr${i}` : null }, 'system'),
      () => push(stream, 'InboundSmsUnrouted', { studentId: s, messageId: `u${Math.floor(r() * 4)}`, body: 'hey', reason: 'no_thread', providerMessageId: null }, 'system'),
      () => push('inbound-unmatched-2026-01-05', 'InboundSmsUnmatched', { messageId: `u${Math.floor(r() * 4)}`, districtId: 'd1', from: '+12015550999', to: null, body: 'who?', providerMessageId: `SMu${i}`, reason: 'unknown_number' }, 'system'),
      () => push(stream, 'NoteAdded', { studentId: s, noteId: `n${i}`, body: 'note', authorId: t }, t),
      () => push(stream, 'CallLogged', { studentId: s, callId: `c${Math.floor(r() * 8)}`, direction: 'outbound', party: 'guardian', outcome: 'connected', durationSeconds: 60, notes: null, enrollmentId: r() < 0.4 ? enrollment : null, ...(r() < 0.7 ? { authorId: t } : {}) }, t),
      () => push(stream, 'EntryMarkedEnteredInError', { studentId: s, entryKind: r() < 0.7 ? 'call' : 'note', entryId: `c${Math.floor(r() * 8)}`, reason: 'oops' }, t),
      () => push(stream, 'SmsOptedOut', { studentId: s, removedNumber: r() < 0.5 ? '+12015550999' : null, requestedBy: 'student', note: 'STOP' }, 'system'),
      () => push(stream, 'ContactUpdated', { studentId: s, changes: r() < 0.6 ? { smsNumber: r() < 0.3 ? null : '+12015550999' } : { address: 'x' }, previousSmsNumber: null, reason: null }, 'registrar'),
      () => push(stream, 'SmsNumberFlaggedInvalid', { studentId: s, messageId: message, number: '+12015550999', errorCode: null, reason: 'invalid' }, 'system'),
      () => push('district-d2', 'DistrictSmsPolicySet', policy(pick(['d1', 'd2'])), 'adm'),
      () => push(stream, 'SmsSendAttempted', { studentId: s, messageId: message, attempt: 1 }, 'system'),
      () => push(stream, 'SmsCancelled', { studentId: s, messageId: message, scheduledFor: null, reason: 'opted_out', explanation: 'Not sent: the student or family asked for no texts.' }, 'system'),
      () => push(stream, 'SmsRescheduled', { studentId: s, messageId: message, scheduledFor: new Date(clock + 7_200_000).toISOString(), scheduledBecause: 'quiet_hours' }, 'system'),
      () => push(stream, 'KeywordReplyQueued', { studentId: s, messageId: r() < 0.5 ? message : `a${Math.floor(r() * 4)}`, inReplyTo: 'r1', kind: 'stop', to: '+12015550101', from: null, body: 'Unsubscribed', staffId: r() < 0.7 ? t : null, day: '2026-01-05' }, 'system'),
      // Sender pools: a text from a thread's number, a reply with our number (flagged or not), a reply moved by staff.
      () => push(stream, 'SmsQueued', { studentId: s, messageId: `p${i}`, enrollmentId: own, staffId: t, to: '+12015550101', body: 'Hi', idempotencyKey: `k${i}`, scheduledFor: null, from: '+12015550190' }, t),
      () => push(stream, 'SmsReceived', { studentId: s, messageId: `r${Math.floor(r() * 6)}`, staffId: t, body: 'ok', channel: 'sms', providerMessageId: `SMp${i}`, receivedOn: '+12015550191', ...(r() < 0.5 ? { mayBeForAnotherStaffMember: true } : {}) }, 'system'),
      () => push(stream, 'InboundSmsMoved', { studentId: s, messageId: r() < 0.8 ? `r${Math.floor(r() * 6)}` : message, fromStaffId: t, toStaffId: pick(teachers), reason: r() < 0.5 ? 'meant for them' : null }, t),
      () => push(stream, 'InboundSmsMoved', { studentId: s, messageId: `r${Math.floor(r() * 6)}`, fromStaffId: t, toStaffId: pick(teachers), reason: null }, 'registrar'),
      // Listed contacts and record corrections (issue 15): both end a roster run.
      () => push(stream, 'ContactUpdated', { studentId: s, changes: { listedContacts: contacts(), ...(r() < 0.3 ? { smsNumber: '+12015550998' } : {}) }, previousSmsNumber: null, reason: null }, 'registrar'),
      () => push(stream, 'StudentRecordCorrected', r() < 0.5
        ? { studentId: s, fields: ['lastName', 'timeZone'], correctedValues: { lastName: `L${i}`, timeZone: 'America/Denver' }, reason: 'x' }
        : { studentId: s, fields: ['firstName', 'preferredName'], correctedValues: { firstName: `F${i}`, preferredName: r() < 0.5 ? null : `P${i}` }, reason: 'x' }, 'registrar'),
    ];
    const kind = Math.floor(r() * kinds.length);
    // Contact changes, opt-outs, flags and policy changes end the roster's bulk runs: keep them rarer, so runs are long too.
    if ([18, 19, 20, 21].includes(kind) && r() < 0.6) continue;
    kinds[kind]!();
  }
  return out;
}

const KEYS: Record<string, string> = {
  current_enrollments: 'enrollment_id', student_directory: 'student_id', district_policies: 'district_id',
  thread_messages: 'message_id', threads: 'student_id, staff_id', unrouted_inbound: 'message_id',
  communication_log: 'position', analytics_contacts: 'contact_id', analytics_enrollments: 'enrollment_id',
  inbox_items: 'student_id, staff_id', inbox_seen: 'user_id, student_id, staff_id', inbox_changes: 'position, seq',
};

/** The log with staff marking inbox items read between its events (in their own streams), positions renumbered. */
function withInboxReads(log: readonly RecordedEvent[], seed: number): RecordedEvent[] {
  const r = random(seed * 13);
  const out: RecordedEvent[] = [];
  for (const event of log) {
    out.push(event);
    if (r() < 0.15) {
      const userId = r() < 0.5 ? 't1' : 'reg';
      const data = { userId, studentId: ['a', 'b', 'c'][Math.floor(r() * 3)], staffId: r() < 0.8 ? ['t1', 't2'][Math.floor(r() * 2)] : null, inboundCount: Math.floor(r() * 4), failedCount: Math.floor(r() * 2) };
      out.push({ ...event, id: `${event.id}-read`, streamId: `inbox-${userId}`, type: 'InboxItemRead', data });
    }
  }
  return out.map((e, i) => ({ ...e, position: BigInt(i) }));
}

describe('set-based projection batches equal one event per batch', () => {
  let db: TestDatabase;
  let pool: Pool;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('batches');
    ds = await createReadModelDataSource(db.url, 6);
    pool = new Pool({ connectionString: db.url, max: 1 });
    // This test empties the tables between runs as their owner; the service itself can never TRUNCATE the log.
    await ds.query('ALTER TABLE communication_log DISABLE TRIGGER communication_log_no_truncate');
  });
  afterAll(async () => {
    await pool.end();
    await ds.destroy();
    await db.drop();
  });

  /** Empties the projection's tables, applies the log in batches of `sizes()` events (a transaction each), returns the rows. */
  async function applyAll(p: Projection, log: readonly RecordedEvent[], sizes: () => number): Promise<Record<string, unknown[]>> {
    const c = await pool.connect();
    try {
      await c.query(`TRUNCATE ${p.tables.join(', ')}`);
      for (let i = 0; i < log.length;) {
        const n = sizes();
        await c.query('BEGIN');
        await p.apply(pgSqlTx(c), log.slice(i, i + n));
        await c.query('COMMIT');
        i += n;
      }
      const out: Record<string, unknown[]> = {};
      for (const table of p.tables) out[table] = (await c.query(`SELECT * FROM ${table} ORDER BY ${KEYS[table]}`)).rows;
      return out;
    } finally {
      c.release();
    }
  }

  const cases: [string, () => Projection, (() => Projection) | null, ((log: RecordedEvent[], seed: number) => RecordedEvent[]) | null][] = [
    ['roster', () => new RosterProjection(), () => new SequentialRosterProjection(), null],
    ['threads', () => new ThreadsProjection(), null, null],
    ['analytics', () => new AnalyticsProjection(), null, null],
    ['communication log', () => new CommunicationLogProjection(), null, null],
    ['inbox', () => new InboxProjection(), null, withInboxReads],
  ];

  it.each(cases)('%s', async (_name, make, reference, extend) => {
    for (let seed = 1; seed <= 25; seed++) {
      const log = (extend ?? ((l) => l))(randomLog(seed, 60 + seed * 8), seed);
      const r = random(seed * 7);
      const one = await applyAll((reference ?? make)(), log, () => 1);
      expect(Object.values(one).some((rows) => rows.length > 0)).toBe(true);
      const mixed = await applyAll(make(), log, () => 1 + Math.floor(r() * 40));
      const whole = await applyAll(make(), log, () => log.length);
      expect({ seed, tables: mixed }).toEqual({ seed, tables: one });
      expect({ seed, tables: whole }).toEqual({ seed, tables: one });
    }
  });

  it('a set-based batch falls back to one event at a time for times it cannot compare exactly', async () => {
    const log = randomLog(99, 200).map((e) => (e.type === 'SmsQueued' ? { ...e, metadata: { ...e.metadata, occurredAt: e.metadata.occurredAt.replace('Z', '+00:00') } } : e));
    const one = await applyAll(new AnalyticsProjection(), log, () => 1);
    const whole = await applyAll(new AnalyticsProjection(), log, () => log.length);
    expect(whole).toEqual(one);
  });

  /** Just enough of an event store for a rebuild: pages of a fixed log. */
  const logStore = (log: readonly RecordedEvent[]): EventStore => ({
    readAll: async (options: ReadAllOptions = {}) => log.filter((e) => e.position > (options.after ?? -1n)).slice(0, options.maxCount ?? log.length),
  }) as unknown as EventStore;

  async function tablesOf(projections: readonly Projection[]): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const table of projections.flatMap((p) => p.tables)) out[table] = await ds.query(`SELECT * FROM ${table} ORDER BY ${KEYS[table]}`);
    return out;
  }

  const all = () => [new RosterProjection(), new ThreadsProjection(), new CommunicationLogProjection(), new AnalyticsProjection()];

  it('a rebuild (every projection through the pages at its own pace) writes what one event per batch writes', async () => {
    const log = randomLog(7, 2 * REBUILD_PAGE + 1_000);
    const reference: Record<string, unknown[]> = {};
    for (const p of [new SequentialRosterProjection(), new ThreadsProjection(), new CommunicationLogProjection(), new AnalyticsProjection()]) {
      Object.assign(reference, await applyAll(p, log, () => 1));
    }
    const runner = new ProjectionRunner(logStore(log), ds, all());
    expect(await runner.rebuild()).toEqual({ events: log.length });
    expect(await tablesOf(all())).toEqual(reference);
    const checkpoints = await runner.checkpoints();
    for (const p of all()) expect(checkpoints.get(p.name)).toBe(log[log.length - 1]!.position);
    // Every projection is done: the runner reports the whole log as reached.
    await runner.waitFor(log[log.length - 1]!.position);
  });

  it('a rebuild that fails in one projection leaves every live table, its rows and the checkpoints as they were', async () => {
    const log = randomLog(8, 3 * REBUILD_PAGE + 500);
    await new ProjectionRunner(logStore(log.slice(0, REBUILD_PAGE)), ds, all()).rebuild();
    const before = await tablesOf(all());
    const checkpointsBefore = await new ProjectionRunner(logStore(log), ds, all()).checkpoints();
    expect(before.thread_messages!.length).toBeGreaterThan(0);
    let pages = 0;
    const threads = new ThreadsProjection();
    const failing: Projection = {
      name: threads.name,
      tables: threads.tables,
      apply: async (tx, events) => {
        // Class 53 (insufficient resources) is not the event's fault: it fails the rebuild instead of isolating.
        if (++pages === 2) throw Object.assign(new Error('disk full'), { code: '53100' });
        await threads.apply(tx, events);
      },
    };
    const projections = [new RosterProjection(), failing, new CommunicationLogProjection(), new AnalyticsProjection()];
    const runner = new ProjectionRunner(logStore(log), ds, projections);
    await expect(runner.rebuild()).rejects.toThrow('disk full');
    expect(await tablesOf(all())).toEqual(before);
    expect(await runner.checkpoints()).toEqual(checkpointsBefore);
    expect(await ds.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'read_model_rebuild'`)).toEqual([]);
    // The live log keeps refusing UPDATE, DELETE and TRUNCATE: the triggers are still on the live table.
    await expect(ds.query('DELETE FROM communication_log')).rejects.toThrow(/append-only/);
  });
});
