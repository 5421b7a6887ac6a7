/**
 * Operations entry: `npm run -s cli -- <verb> [...]`. Verbs:
 *   projections rebuild                 rebuild every read model from the event log beside the live one, then swap
 *   projections failures                events a projection isolated (JSON lines)
 *   projections retry --id N | --all    re-apply an isolated event and what it held back; clears it when it works
 *   tokens mint --role R --sub ID --district D [--initials A.Bell] [--name "Amy Bell"] [--expires 8h]
 *   content-check                       JSON lines in (student, text), one verdict per line out
 *   audit history|verify|access|export  compliance reads of one student (recorded in the access record)
 *   roster import --dir D --district D  a OneRoster CSV bundle into one district (per-row report)
 */
import 'reflect-metadata';
import { ROLES, type Role } from './domain/shared/actor';
import { parseFlags, required } from './cli/cli-args';

/* Each verb loads only what it needs (the whole Nest app takes seconds to load under ts-node). */
/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  app: () => require('./cli/with-app-context') as typeof import('./cli/with-app-context'),
  projections: () =>
    require('./projections/runner/projection-runner') as typeof import('./projections/runner/projection-runner'),
  failures: () =>
    require('./projections/runner/projection-failures') as typeof import('./projections/runner/projection-failures'),
  tokens: () => require('./infrastructure/auth/token.service') as typeof import('./infrastructure/auth/token.service'),
  config: () => require('./infrastructure/config/app-config') as typeof import('./infrastructure/config/app-config'),
  contentCheck: () =>
    require('./application/messaging/content-check/content-check.runner') as typeof import('./application/messaging/content-check/content-check.runner'),
  audit: () => require('./cli/audit.commands') as typeof import('./cli/audit.commands'),
  roster: () => require('./cli/roster.commands') as typeof import('./cli/roster.commands'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

const USAGE = `usage: npm run -s cli -- <verb>
  projections rebuild
  projections failures
  projections retry --id <failure id> | --all
  tokens mint --role <${ROLES.filter((r) => r !== 'system').join('|')}> --sub <id> --district <id> [--initials A.Bell] [--name "Amy Bell"] [--expires 8h]
  content-check < texts.jsonl
  audit history|verify|access|export --district <id> --student <id> --purpose "<why>" [--as-of <ISO>] [--format jsonl|csv|html] (README: Compliance)
  roster import --dir <folder> --district <id> [--mode bulk|delta] [--operator <name>]`;

async function main(argv: string[]): Promise<number> {
  const [verb, sub, ...rest] = argv;
  if (verb === 'projections' && sub === 'rebuild') {
    const started = Date.now();
    const { ProjectionRunner } = load.projections();
    const { events } = await load.app().withAppContext((app) => app.get(ProjectionRunner).rebuild());
    console.log(
      JSON.stringify({
        rebuilt: ['roster', 'threads', 'communication-log', 'analytics', 'inbox'],
        events,
        seconds: (Date.now() - started) / 1000,
      }),
    );
    return 0;
  }
  if (verb === 'projections' && sub === 'failures') {
    const { ProjectionFailures } = load.failures();
    const failures = await load.app().withAppContext((app) => app.get(ProjectionFailures).list());
    for (const f of failures) console.log(JSON.stringify(f));
    return 0;
  }
  if (verb === 'projections' && sub === 'retry') {
    const flags = parseFlags(rest);
    if (flags.all !== true && typeof flags.id !== 'string')
      throw new Error('projections retry needs --id <failure id> or --all');
    const { ProjectionFailures } = load.failures();
    const result = await load
      .app()
      .withAppContext((app) => app.get(ProjectionFailures).retry(typeof flags.id === 'string' ? flags.id : undefined));
    console.log(JSON.stringify(result));
    return result.failed.length > 0 ? 1 : 0;
  }
  if (verb === 'tokens' && sub === 'mint') {
    const flags = parseFlags(rest);
    const role = required(flags, 'role') as Role;
    if (!ROLES.includes(role) || role === 'system')
      throw new Error(`--role must be one of ${ROLES.filter((r) => r !== 'system').join(', ')}`);
    const claims = {
      sub: required(flags, 'sub'),
      role,
      district: required(flags, 'district'),
      ...(typeof flags.initials === 'string' ? { initials: flags.initials } : {}),
      ...(typeof flags.name === 'string' ? { name: flags.name } : {}),
    };
    console.log(
      load
        .tokens()
        .mintToken(load.config().loadConfig(), claims, typeof flags.expires === 'string' ? flags.expires : '8h'),
    );
    return 0;
  }
  if (verb === 'content-check') {
    const { blocked } = await load.contentCheck().runContentCheck(process.stdin, process.stdout);
    return blocked > 0 ? 1 : 0;
  }
  if (verb === 'audit') return load.audit().runAudit(sub, parseFlags(rest));
  if (verb === 'roster') return load.roster().runRosterImport(sub, parseFlags(rest));
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
