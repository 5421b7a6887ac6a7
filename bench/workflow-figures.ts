/**
 * Issue 16's two figures alone: `npm run bench -- --only class-texting` (figure 9: a class text to a section of 200
 * students, p99 of the whole request, goal < 2 s) and `--only inbox` (figure 7's inbox row: a teacher's first inbox
 * page at the 100,000-student scale, goal p99 < 20 ms; the bench's teachers have about 200 students each). Each needs
 * the read models of the seeded log, so the log is rebuilt first (as in the full run, then vacuumed), the live
 * projections start, and the figure is measured `--repeat N` times (default 1) on that same dataset. The load average
 * is printed before every repeat: the machine is shared, so a figure is read beside the load it was measured under.
 */
import { Client } from 'pg';
import type { Actor } from '../src/domain/shared/actor';
import { inboxPageStatement } from '../src/projections/inbox/inbox.queries';
import { ProjectionRunner } from '../src/projections/runner/projection-runner';
import { classTextLatency } from './class-texting.bench';
import { lagDiagnosis } from './lag-diagnosis';
import { rebuildReadModels } from './rebuild.bench';
import { inboxReads } from './scale.bench';
import type { BenchApp } from './support/app';
import { districtId, teacherId, type DatasetPlan } from './support/dataset';
import { inboxRequests, teacherTokens } from './support/requests';
import { loadAverage } from './support/report';
import { round } from './support/stats';

export const WORKFLOW_FIGURES = ['class-texting', 'inbox', 'lag'] as const;
export type WorkflowFigure = (typeof WORKFLOW_FIGURES)[number];

export async function runWorkflowFigure(
  figure: WorkflowFigure,
  app: BenchApp,
  databaseUrl: string,
  plan: DatasetPlan,
  opts: { quick: boolean; repeat: number; log: (line: string) => void },
): Promise<void> {
  const { log } = opts;
  const rebuilt = await rebuildReadModels(app.app.get(ProjectionRunner));
  log(`  read models rebuilt: ${rebuilt.events} events in ${rebuilt.seconds.toFixed(1)} s`);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('VACUUM (ANALYZE)');
  await db.query('CHECKPOINT');
  await db.end();
  await app.app.get(ProjectionRunner).start();
  if (figure === 'inbox') await explainInbox(databaseUrl, plan, log);
  if (figure === 'lag')
    return lagDiagnosis(app, databaseUrl, plan, { seconds: opts.quick ? 10 : 20, repeat: opts.repeat, log });
  const runs: unknown[] = [];
  for (let r = 1; r <= opts.repeat; r++) {
    const load = loadAverage();
    if (figure === 'class-texting') {
      // Each repeat registers its own section (a new one: the figure's students are new texts every time).
      const run = await classTextLatency(app, { students: 200, requests: opts.quick ? 5 : 20 }, `r${r}`);
      log(
        `  [${r}/${opts.repeat}] load ${load}: class text to 200 students p50 / p99 ${run.p50Ms} / ${run.p99Ms} ms (${run.requests} requests; every student answered: ${run.allAnswered})`,
      );
      runs.push({ load, ...run });
    } else {
      const amount = opts.quick ? 300 : 1000;
      const run = await inboxReads(app.baseUrl, inboxRequests(plan, teacherTokens(app, plan)), { amount });
      log(
        `  [${r}/${opts.repeat}] load ${load}: inbox p50 / p99 ${round(run.p50Ms, 2)} / ${round(run.p99Ms, 2)} ms over ${amount} polls (first look p99 ${round(run.coldP99Ms, 2)} ms; non-2xx ${run.non2xx})`,
      );
      runs.push({ load, ...run });
    }
  }
  console.log(JSON.stringify({ figure, runs }));
}

/** The plan of one teacher's first inbox page, exactly the route's statement (EXPLAIN ANALYZE, printed once). */
async function explainInbox(databaseUrl: string, plan: DatasetPlan, log: (line: string) => void): Promise<void> {
  const teacher: Actor = { id: teacherId(0), role: 'teacher', districtId: districtId(0 % plan.districts) };
  const statement = inboxPageStatement(teacher, { limit: 25, unreadOnly: false }, null);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
      statement.values,
    );
    log(`  inbox plan (teacher ${teacher.id}):\n${rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`);
  } finally {
    await db.end();
  }
}
