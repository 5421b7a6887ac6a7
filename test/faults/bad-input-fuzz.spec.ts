import type { DataSource } from 'typeorm';
import type { Role } from '../../src/domain/shared/actor';
import { READ_MODEL_DATA_SOURCE } from '../../src/projections/runner/read-model-data-source';
import { firstBytesOnly } from '../support/first-bytes';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  CLASSES,
  casesFor,
  operationsOf,
  type FuzzOperation,
  type FuzzRequest,
  type MalformedClass,
  type OpenApiDocument,
} from './support/openapi-fuzz-cases';

/**
 * The bad-input campaign: every documented route x every malformed class, generated from /docs-json, each request
 * with a token of a role the route admits (so it reaches validation). It must never answer 5xx (503 only as the
 * documented "store unavailable"); no write case may be accepted, and no refused request may change anything: no
 * event appended under its correlation id, none without one, only the access records of accepted reads, and the
 * read-model tables row for row as before.
 */
const ROLES: [Role, string][] = [
  ['school_admin', 'adm-1'],
  ['registrar', 'reg-1'],
  ['teacher', 't-bell'],
  ['sis', 'sis-1'],
  ['compliance', 'comp-1'],
  ['analytics', 'ana-1'],
  ['student', 's1'],
];
const PATH_VALUES: Record<string, string> = {
  id: 's1',
  enrollmentId: 'e1',
  staffId: 't-bell',
  messageId: 'm-none',
  noteId: 'n-none',
  entryId: 'n-none',
  districtId: 'd1',
  view: 'messages-per-week',
};
const DOCUMENTED_503 = ['STORE_UNAVAILABLE', 'EVENT_STORE_UNAVAILABLE'];
const PARALLEL = 6;

interface Outcome {
  request: FuzzRequest;
  status: number;
  code: string | null;
  correlationId: string;
}

describe('fault campaign: bad input generated from the OpenAPI document', () => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const db = () => t.app.get<DataSource>(READ_MODEL_DATA_SOURCE);

  beforeAll(async () => {
    t = await startTestApp();
    const admin = t.token('school_admin', 'adm-1');
    const sis = t.token('sis', 'sis-1');
    await t.http
      .put('/v1/districts/d1/sms-policy')
      .set(auth(admin))
      .send({
        smsAllowed: true,
        timeZone: 'America/Chicago',
        quietHours: { start: '08:00', end: '21:00' },
        allowedLinkHosts: [],
      })
      .expect(200);
    await t.http
      .post('/v1/students')
      .set(auth(sis))
      .send({ studentId: 's1', firstName: 'Sarah', lastName: 'Jones', smsNumber: '+12015550123' })
      .expect(201);
    await t.http
      .post('/v1/students/s1/enrollments')
      .set(auth(sis))
      .send({
        enrollmentId: 'e1',
        courseId: 'c1',
        courseName: 'ELA',
        teacherId: 't-bell',
        teacherName: 'Amy Bell',
        startedOn: '2026-08-24',
      })
      .expect(201);
    await t.settle();
  });
  afterAll(async () => {
    await t.close();
  });

  /** The first role the route's guards admit: probed with a request its validation refuses (before the snapshot). */
  async function tokenFor(op: FuzzOperation): Promise<string> {
    const url = op.template.replace(/\{(\w+)\}/g, (_m, name: string) => PATH_VALUES[name] ?? 'x');
    for (const [role, sub] of ROLES) {
      const token = t.token(role, sub, { initials: sub });
      const req = t.http[op.method as 'get'](url).set(auth(token));
      const res = op.body ? await req.send({ __probe: 1 }) : await (op.stream ? firstBytesOnly(req) : req);
      if (res.status !== 401 && res.status !== 403) return token;
    }
    return t.token('school_admin', 'adm-1');
  }

  async function send(request: FuzzRequest, token: string, n: number): Promise<Outcome> {
    const correlationId = `fuzz-${String(n).padStart(6, '0')}`;
    let req = t.http[request.operation.method as 'get'](request.url)
      .set(auth(token))
      .set('X-Correlation-Id', correlationId);
    for (const [name, value] of Object.entries(request.headers)) req = req.set(name, value);
    if (request.operation.stream) req = firstBytesOnly(req);
    // Bytes go out exactly as generated: no serializer may "fix" them.
    const res =
      request.body === undefined
        ? await req
        : await req.serialize((b: unknown) => b as string).send(request.body as string);
    const body = res.body as { error?: { code?: string } } | undefined;
    return { request, status: res.status, code: body?.error?.code ?? null, correlationId };
  }

  /** Every read-model table's rows as text (checkpoints and the dispatcher's lease move on their own; the event store's tables are compared as events). */
  async function readModels(): Promise<Record<string, string>> {
    const tables: { table_name: string }[] = await db().query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
         AND table_name NOT LIKE '%checkpoint%' AND table_name NOT LIKE '%lease%' AND table_name NOT IN ('events', 'streams') ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { table_name } of tables) {
      const [row] = await db().query(
        `SELECT count(*)::text AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${table_name}" x`,
      );
      out[table_name] = `${row.n}:${row.h}`;
    }
    return out;
  }

  it('answers >= 2,000 malformed requests with 4xx (never 5xx), and refused requests change nothing', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as OpenApiDocument;
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThanOrEqual(30);
    const plan: { request: FuzzRequest; token: string }[] = [];
    for (const op of operations) {
      const token = await tokenFor(op);
      for (const request of casesFor(doc, op, PATH_VALUES)) plan.push({ request, token });
    }
    expect(plan.length).toBeGreaterThanOrEqual(2000);

    await t.settle();
    const eventsBefore = await t.store.readAll({ maxCount: 10_000_000 });
    const head = eventsBefore.at(-1)!.position;
    const tablesBefore = await readModels();

    const outcomes: Outcome[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < plan.length) {
          const n = next++;
          outcomes.push(await send(plan[n]!.request, plan[n]!.token, n));
        }
      }),
    );

    await t.settle();
    const appended = await t.store.readAll({ after: head, maxCount: 10_000_000 });
    const tablesAfter = await readModels();
    printFigures(outcomes, appended.length);

    const serverErrors = outcomes.filter(
      (o) => o.status >= 500 && !(o.status === 503 && DOCUMENTED_503.includes(o.code ?? '')),
    );
    expect(serverErrors.map(summarize)).toEqual([]);
    // Every write case is malformed: none may be accepted. A read may answer 200 to an odd but valid filter or purpose.
    expect(outcomes.filter((o) => o.status < 300 && o.request.operation.method !== 'get').map(summarize)).toEqual([]);
    const byCorrelation = new Map(outcomes.map((o) => [o.correlationId, o]));
    const changes = appended.map((e) => ({
      type: e.type,
      stream: e.streamId,
      by: byCorrelation.get(e.metadata.correlationId),
    }));
    // Every appended event belongs to a request that was accepted; none to a refused one, none to nobody.
    expect(
      changes
        .filter((c) => !c.by || c.by.status >= 400)
        .map((c) => `${c.type} on ${c.stream}${c.by ? ` from ${summarize(c.by)}` : ' (no fuzz request)'}`),
    ).toEqual([]);
    // Accepted reads append only their access records, which no read-model table holds: the tables are unchanged.
    expect(appended.filter((e) => !e.streamId.startsWith('access-')).map((e) => e.type)).toEqual([]);
    expect(tablesAfter).toEqual(tablesBefore);
  }, 120_000);
});

function summarize(o: Outcome): string {
  return `${o.request.cls} ${o.request.operation.method.toUpperCase()} ${o.request.url.slice(0, 120)} -> ${o.status} ${o.code ?? ''}`;
}

/** The campaign's figures: requests and statuses per malformed class. */
function printFigures(outcomes: Outcome[], appended: number): void {
  const statuses = [...new Set(outcomes.map((o) => o.status))].sort((a, b) => a - b);
  const rows = CLASSES.map((cls: MalformedClass) => {
    const mine = outcomes.filter((o) => o.request.cls === cls);
    return [
      cls.padEnd(14),
      String(mine.length).padStart(6),
      ...statuses.map((s) => String(mine.filter((o) => o.status === s).length).padStart(5)),
    ].join(' ');
  });
  const total = [
    'total'.padEnd(14),
    String(outcomes.length).padStart(6),
    ...statuses.map((s) => String(outcomes.filter((o) => o.status === s).length).padStart(5)),
  ].join(' ');
  const routes = new Set(outcomes.map((o) => `${o.request.operation.method} ${o.request.operation.template}`)).size;
  console.log(
    [
      `[fault campaign] bad-input fuzz from /docs-json: ${outcomes.length} requests over ${routes} operations; events appended by accepted requests: ${appended}`,
      ['class'.padEnd(14), 'sent'.padStart(6), ...statuses.map((s) => String(s).padStart(5))].join(' '),
      ...rows,
      total,
    ].join('\n'),
  );
}
