/**
 * Checks that RosterProjection's set-based batches (roster-bulk.ts) write exactly the tables the per-event version
 * (roster-sequential.reference.ts) writes: 60 random logs over three students (every event kind the roster reads,
 * out-of-order timestamps, duplicates, events for unknown students and enrollments), applied one event per batch by
 * the reference, and in random batch sizes and as one batch by the new code; every table compared row by row.
 *   npx ts-node --transpile-only bench/checks/roster-bulk-equivalence.ts
 */
import { Client, Pool } from 'pg';
import { startBenchDatabase } from '../support/postgres';
import { createReadModelDataSource } from '../../src/infrastructure/database/read-model-data-source.factory';
import { RosterProjection } from '../../src/projections/roster/roster.projection';
import { SequentialRosterProjection } from './roster-sequential.reference';
import { pgSqlTx } from '../../src/projections/runner/pg-sql-tx';
import type { RecordedEvent } from '../../src/application/ports/event-store.port';
import type { Projection } from '../../src/projections/runner/projection';
import { random } from '../support/stats';

let pos = 0n;
const ev = (type: string, data: Record<string, unknown>, actor = 't1', at?: string): RecordedEvent => ({
  id: `id${pos}`, streamId: `student-${String(data.studentId ?? 'd')}`, revision: 0n, position: pos++, type, data,
  metadata: { actor: { id: actor, role: 'teacher', districtId: 'd1' }, correlationId: 'c', causationId: 'c', command: 'X', occurredAt: at ?? new Date(Date.UTC(2026, 0, 1) + Number(pos) * 60_000).toISOString() },
  recordedAt: '',
});

function randomLog(seed: number, n: number): RecordedEvent[] {
  const r = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const students = ['a', 'b', 'c'];
  const teachers = ['t1', 't2'];
  const enrollments = ['e1', 'e2', 'e3', 'e4'];
  const out: RecordedEvent[] = [ev('DistrictSmsPolicySet', { districtId: 'd1', smsAllowed: true, timeZone: 'America/Chicago', quietHours: { start: '08:00', end: '21:00' }, allowedLinkHosts: [] })];
  for (let i = 0; i < n; i++) {
    const s = pick(students); const t = pick(teachers); const e = pick(enrollments);
    const at = r() < 0.2 ? new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 1e9)).toISOString() : undefined;
    const kind = Math.floor(r() * 13);
    // Contact changes, opt-outs, flags and policy changes end a bulk run: keep them rarer, so runs are long too.
    if (kind >= 8 && kind <= 11 && r() < 0.6) continue;
    const x = [
      () => ev('StudentRegistered', { studentId: s, districtId: r() < 0.9 ? 'd1' : 'd2', firstName: s.toUpperCase(), lastName: 'X', preferredName: r() < 0.3 ? 'P' : null, smsNumber: r() < 0.8 ? `+1201555010${s.charCodeAt(0) % 10}` : null, timeZone: null }, t, at),
      () => ev('EnrollmentStarted', { studentId: s, enrollmentId: `${s}-${e}`, courseId: 'c', courseName: 'C', teacherId: t, teacherName: 'T', startedOn: '2026-01-0' + (1 + Math.floor(r() * 9)) }, t, at),
      () => ev('EnrollmentStarted', { studentId: s, enrollmentId: `${s}-${e}`, courseId: 'c', courseName: 'C', teacherId: t, teacherName: 'T', startedOn: '2026-01-01' }, t, at),
      () => ev('SmsQueued', { studentId: s, messageId: `m${i}`, enrollmentId: `${s}-${e}`, staffId: t, to: '+1', body: 'b', idempotencyKey: `k${i}`, scheduledFor: null }, t, at),
      () => ev('SmsQueued', { studentId: s, messageId: `m${i}`, enrollmentId: `${pick(students)}-${e}`, staffId: t, to: '+1', body: 'b', idempotencyKey: `k${i}`, scheduledFor: null }, t, at),
      () => ev('SmsReceived', { studentId: s, messageId: `r${i}`, staffId: t, body: 'b', channel: 'sms', providerMessageId: null }, 'system', at),
      () => ev('CallLogged', { studentId: s, callId: `c${i}`, direction: 'outbound', party: 'student', outcome: 'connected', durationSeconds: 1, notes: null, enrollmentId: r() < 0.5 ? `${pick(students)}-${e}` : null }, t, at),
      () => ev('EnrollmentEnded', { studentId: s, enrollmentId: `${s}-${e}`, endedOn: '2026-02-01', reason: null }, t, at),
      () => ev('ContactUpdated', { studentId: s, changes: r() < 0.5 ? { smsNumber: r() < 0.5 ? null : '+12015550999' } : { address: 'x' }, previousSmsNumber: null, reason: null }, t, at),
      () => ev('SmsOptedOut', { studentId: s, removedNumber: r() < 0.5 ? '+12015550999' : null, requestedBy: 'student', note: 'n' }, t, at),
      () => ev('SmsNumberFlaggedInvalid', { studentId: s, messageId: 'm', number: '+12015550999', errorCode: null, reason: 'x' }, 'system', at),
      () => ev('DistrictSmsPolicySet', { districtId: pick(['d1', 'd2']), smsAllowed: r() < 0.9, timeZone: 'America/Chicago', quietHours: { start: '08:00', end: '21:00' }, allowedLinkHosts: [] }, 'adm', at),
      () => ev('NoteAdded', { studentId: s, noteId: `n${i}`, body: 'b' }, t, at),
    ][kind]!;
    out.push(x());
  }
  return out;
}

async function tables(c: Client) {
  const q = async (sql: string) => JSON.stringify((await c.query(sql)).rows);
  return [await q('SELECT * FROM student_directory ORDER BY student_id'), await q('SELECT * FROM current_enrollments ORDER BY enrollment_id'), await q('SELECT * FROM district_policies ORDER BY district_id')].join('\n');
}

async function applyAll(url: string, p: Projection, log: RecordedEvent[], sizes: () => number): Promise<string> {
  const pool = new Pool({ connectionString: url, max: 1 });
  const c = await pool.connect();
  await c.query('TRUNCATE current_enrollments, student_directory, district_policies');
  for (let i = 0; i < log.length;) {
    const n = sizes();
    await c.query('BEGIN');
    await p.apply(pgSqlTx(c), log.slice(i, i + n));
    await c.query('COMMIT');
    i += n;
  }
  c.release();
  await pool.end();
  const cl = new Client({ connectionString: url }); await cl.connect();
  const t = await tables(cl); await cl.end();
  return t;
}

async function main() {
  const db = await startBenchDatabase();
  try {
    const ds = await createReadModelDataSource(db.url); await ds.destroy();
    let bad = 0;
    for (let seed = 1; seed <= 60; seed++) {
      pos = 0n;
      const log = randomLog(seed, 80 + seed * 3);
      const r = random(seed * 7);
      const a = await applyAll(db.url, new SequentialRosterProjection(), log, () => 1);
      const b = await applyAll(db.url, new RosterProjection(), log, () => 1 + Math.floor(r() * 40));
      const c = await applyAll(db.url, new RosterProjection(), log, () => log.length);
      if (a !== b || a !== c) { bad++; console.log('MISMATCH seed', seed); if (bad < 2) console.log(`${a}\n---\n${c}`); }
    }
    console.log(`roster bulk vs per-event: ${bad} of 60 logs differ`);
    if (bad > 0) process.exitCode = 1;
  } finally { await db.stop(); }
}
main().catch((e) => { console.error(e); process.exit(1); });
