import { QueryBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { userInfo } from 'node:os';
import { EVENT_STORE, type EventStore } from '../application/ports/event-store.port';
import {
  GetRecordAsOfQuery,
  GetStudentHistoryQuery,
  ListRecordAccessQuery,
} from '../application/compliance/compliance.queries';
import {
  VerifyCommunicationLogQuery,
  type LogVerificationStatus,
} from '../application/compliance/log-verification.queries';
import {
  EXPORT_FORMATS,
  ExportStudentRecordQuery,
  type ExportFormat,
} from '../application/compliance/record-export.queries';
import { AccessRecorder } from '../application/records-access/access-recorder';
import type { CommandEnvelope } from '../application/shared/command-envelope';
import { requirePurpose } from '../domain/access/access-purpose';
import type { RecordPart } from '../domain/access/record-access.events';
import { registeredStudentStreams } from '../application/compliance/compliance-access';
import { ID_PATTERN, ID_RULE } from '../domain/shared/identifier';
import type { StudentKey } from '../domain/student/student-stream';
import { exportWriter } from '../infrastructure/api/compliance/export-writers';
import { required } from './cli-args';
import { withAppContext } from './with-app-context';

type Flags = Record<string, string | true>;

/** audit verify's exit code: 0 intact, 3 altered, 4 pending (nothing differs yet; the newest entries are not written). */
export const VERIFY_EXIT_CODES: Record<LogVerificationStatus, number> = { intact: 0, altered: 3, pending: 4 };

export const AUDIT_USAGE = `  audit history --district <id> --student <id> --purpose "<why>" [--as-of <ISO time>] [--operator <name>]
  audit verify  --district <id> --student <id> --purpose "<why>" [--operator <name>]
  audit access  --district <id> --student <id> --purpose "<why>" [--operator <name>]
  audit export  --district <id> --student <id> --purpose "<why>" [--format jsonl|csv|html] [--operator <name>] > record.jsonl`;

/**
 * Compliance reads at the server's console. They are reads of the record like any other: the operator (named by
 * --operator, else the OS user) and the required purpose go into the student's access record before anything prints.
 * Student ids are scoped by district, so the student is named by --district and --student.
 */
export async function runAudit(sub: string | undefined, flags: Flags): Promise<number> {
  if (!sub || !['history', 'verify', 'access', 'export'].includes(sub)) throw new Error(`usage:\n${AUDIT_USAGE}`);
  const districtId = required(flags, 'district');
  const studentId = required(flags, 'student');
  if (!ID_PATTERN.test(districtId) || !ID_PATTERN.test(studentId))
    throw new Error(`--district and --student must be ids: ${ID_RULE}`);
  const purpose = requirePurpose(
    typeof flags.purpose === 'string' ? flags.purpose : null,
    'a read from the command line',
  );
  const operator = typeof flags.operator === 'string' ? flags.operator : userInfo().username;
  const asOf = typeof flags['as-of'] === 'string' ? new Date(flags['as-of']) : null;
  if (asOf && Number.isNaN(asOf.getTime())) throw new Error('--as-of must be an ISO-8601 date and time');
  const format = (typeof flags.format === 'string' ? flags.format : 'jsonl') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);

  return withAppContext(async (app) => {
    const env = await operatorEnvelope(app.get<EventStore>(EVENT_STORE), { districtId, studentId }, operator);
    const queries = app.get(QueryBus);
    const record = (part: RecordPart, detail: Record<string, string | null> = {}) =>
      app.get(AccessRecorder).accessed({ env, studentId, part, purpose, detail, channel: 'cli' });
    if (sub === 'verify') {
      const report = await queries.execute(new VerifyCommunicationLogQuery(env.actor, studentId));
      await record('log_verification');
      await print(JSON.stringify(report, null, 2));
      return VERIFY_EXIT_CODES[report.status];
    }
    if (sub === 'access') {
      const page = await queries.execute(new ListRecordAccessQuery(env.actor, studentId, { limit: 5000 }));
      await record('access');
      await print(JSON.stringify(page, null, 2));
      return 0;
    }
    if (sub === 'export') {
      const out = await queries.execute(
        new ExportStudentRecordQuery(env.actor, studentId, { purpose, format, correlationId: env.correlationId }),
      );
      await record('export', { format });
      const writer = exportWriter(format);
      let first = true;
      for await (const row of out.rows) {
        await print(first ? writer.begin(row) : writer.row(row), '');
        first = false;
      }
      await print(writer.end(), '');
      return 0;
    }
    if (asOf) {
      const snapshot = await queries.execute(new GetRecordAsOfQuery(env.actor, studentId, asOf));
      await record('history', { asOf: asOf.toISOString() });
      await print(JSON.stringify(snapshot, null, 2));
      return 0;
    }
    let after: bigint | undefined;
    let recorded = false;
    for (;;) {
      const page = await queries.execute(
        new GetStudentHistoryQuery(env.actor, studentId, {
          limit: 1000,
          ...(after !== undefined ? { afterRevision: after } : {}),
        }),
      );
      if (!recorded) await record('history');
      recorded = true;
      for (const e of page.events) await print(JSON.stringify(e));
      if (page.nextAfter === null) return 0;
      after = BigInt(page.nextAfter);
    }
  });
}

/** The console operator acts as the service itself, for the district named (the student must be registered in it). */
async function operatorEnvelope(store: EventStore, student: StudentKey, operator: string): Promise<CommandEnvelope> {
  if ((await registeredStudentStreams(store, student)) === null)
    throw new Error(`No student "${student.studentId}" in district "${student.districtId}".`);
  return {
    actor: { id: `cli:${operator}`, role: 'system', districtId: student.districtId, initials: operator },
    correlationId: randomUUID(),
  };
}

/** Writes with back-pressure, so a long export piped to a file never piles up in memory. */
async function print(text: string, end = '\n'): Promise<void> {
  if (!process.stdout.write(text + end)) await once(process.stdout, 'drain');
}
