/**
 * Seeds the event store by bulk INSERT straight into its tables, in the same format the store writes
 * (position = transaction id * 2^20 + index, tx_id, per-stream revisions, the streams head table), far faster than
 * going through commands. Run as a child process (see seedInChild) so its buffers never count toward the service's
 * memory figure:  node -r ts-node/register/transpile-only bench/support/seed.ts <url> <full|quick|peer>
 */
import { forkModule } from './process';
import { Client } from 'pg';
import { ensureSchema } from '../../src/infrastructure/event-store/postgres/postgres-event-store.schema';
import { Pool } from 'pg';
import { PLANS, auditStudentIndex, eventCountOf, type DatasetPlan, type DatasetSize } from './dataset';
import { districtPolicyEvents, eventUuid, studentEvents, type PlannedEvent } from './events';

const GROUP = 500;
const BATCH = 5_000;
const DAY = 86_400_000;
/** Histories end a day before now and span half a year (the audit student's, two years). */
const END = Date.now() - DAY;

const INSERT = `
  INSERT INTO events (position, tx_id, stream_id, revision, event_id, type, data, metadata)
  SELECT pg_current_xact_id()::text::bigint * 1048576 + r.o - 1, pg_current_xact_id(), r.s, r.v, r.i, r.t, r.d, r.m
    FROM json_to_recordset($1::json) AS r(o bigint, s text, v bigint, i uuid, t text, d json, m json)`;

interface Row {
  o: number;
  s: string;
  v: number;
  i: string;
  t: string;
  d: unknown;
  m: unknown;
}

let eventSeq = 0;

function toRow(e: PlannedEvent, revision: number, occurredAt: number): Omit<Row, 'o'> {
  return {
    s: e.streamId,
    v: revision,
    i: eventUuid(eventSeq++),
    t: e.type,
    d: e.data,
    m: {
      actor: e.actor,
      correlationId: e.correlationId,
      causationId: e.causationId,
      command: e.command,
      occurredAt: new Date(occurredAt).toISOString(),
    },
  };
}

/** One group of students, their streams interleaved round-robin as concurrent activity would interleave them. */
function groupRows(plan: DatasetPlan, g: number, groups: number): Omit<Row, 'o'>[] {
  const streams: { events: PlannedEvent[]; span: number }[] = [];
  for (let i = g; i < plan.students; i += groups) {
    streams.push({ events: studentEvents(plan, i), span: i === auditStudentIndex(plan) ? 730 * DAY : 180 * DAY });
  }
  const rows: Omit<Row, 'o'>[] = [];
  const longest = Math.max(...streams.map((s) => s.events.length));
  for (let k = 0; k < longest; k++) {
    for (const { events, span } of streams) {
      const e = events[k];
      if (e) rows.push(toRow(e, k, END - span + Math.floor(((k + 1) / (events.length + 1)) * span)));
    }
  }
  return rows;
}

async function insertRows(db: Client, rows: Omit<Row, 'o'>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH).map((r, idx) => ({ o: idx + 1, ...r }));
    await db.query(INSERT, [JSON.stringify(batch)]);
  }
}

export async function seed(
  url: string,
  plan: DatasetPlan,
  log: (line: string) => void,
): Promise<{ events: number; ms: number }> {
  const t0 = performance.now();
  const pool = new Pool({ connectionString: url, max: 2 });
  await ensureSchema(pool);
  await pool.end();
  const groups = Math.ceil(plan.students / GROUP);
  const workers = 2;
  let done = 0;
  let events = 0;
  // Two connections on disjoint groups: a stream's batches stay on one connection, in order, so revision order and
  // position (transaction id) order agree within every stream, as the store guarantees.
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const db = new Client({ connectionString: url });
      await db.connect();
      try {
        if (w === 0) {
          const policies = districtPolicyEvents(plan).map((e) => toRow(e, 0, END - 200 * DAY));
          await insertRows(db, policies);
          events += policies.length;
        }
        for (let g = w; g < groups; g += workers) {
          const rows = groupRows(plan, g, groups);
          await insertRows(db, rows);
          events += rows.length;
          if (++done % 20 === 0) log(`  seeded ${events.toLocaleString('en-US')} events (${done}/${groups} groups)`);
        }
      } finally {
        await db.end();
      }
    }),
  );
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const heads: { s: string; v: number }[] = districtPolicyEvents(plan).map((e) => ({ s: e.streamId, v: 0 }));
    for (let i = 0; i < plan.students; i++)
      heads.push({ s: `student-s${String(i).padStart(6, '0')}`, v: eventCountOf(plan, i) - 1 });
    for (let start = 0; start < heads.length; start += 20_000) {
      await db.query(
        'INSERT INTO streams (stream_id, revision) SELECT s, v FROM jsonb_to_recordset($1::jsonb) AS r(s text, v bigint)',
        [JSON.stringify(heads.slice(start, start + 20_000))],
      );
    }
    await db.query('ANALYZE events; ANALYZE streams');
  } finally {
    await db.end();
  }
  return { events, ms: performance.now() - t0 };
}

/** Runs the seeding in a child process and resolves with its result. */
export function seedInChild(url: string, size: DatasetSize): Promise<{ events: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = forkModule(__filename, [url, size]);
    let result: { events: number; ms: number } | undefined;
    child.on('message', (m) => (result = m as { events: number; ms: number }));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 && result ? resolve(result) : reject(new Error(`seeding failed (exit ${code})`)),
    );
  });
}

if (require.main === module) {
  const [url, size] = process.argv.slice(2);
  seed(url!, PLANS[size as DatasetSize] ?? PLANS.full, (line) => console.log(line))
    .then((r) => process.send?.(r))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
