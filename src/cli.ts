/**
 * Operations entry: `npm run -s cli -- <verb> [...]`. Verbs:
 *   projections rebuild                 drop every read model and rebuild it from the event log
 *   tokens mint --role R --sub ID --district D [--initials A.Bell] [--name "Amy Bell"] [--expires 8h]
 *   content-check                       JSON lines in (student, text), one verdict per line out
 */
import 'reflect-metadata';
import { runContentCheck } from './application/content-check/content-check.runner';
import { ROLES, type Role } from './domain/shared/actor';
import { parseFlags, required } from './cli/cli-args';
import { withAppContext } from './cli/with-app-context';
import { mintToken } from './infrastructure/auth/token.service';
import { loadConfig } from './infrastructure/config/app-config';
import { ProjectionRunner } from './projections/runner/projection-runner';

const USAGE = `usage: npm run -s cli -- <verb>
  projections rebuild
  tokens mint --role <${ROLES.filter((r) => r !== 'system').join('|')}> --sub <id> --district <id> [--initials A.Bell] [--name "Amy Bell"] [--expires 8h]
  content-check < texts.jsonl`;

async function main(argv: string[]): Promise<number> {
  const [verb, sub, ...rest] = argv;
  if (verb === 'projections' && sub === 'rebuild') {
    const started = Date.now();
    const { events } = await withAppContext((app) => app.get(ProjectionRunner).rebuild());
    console.log(JSON.stringify({ rebuilt: ['roster', 'threads', 'communication-log'], events, seconds: (Date.now() - started) / 1000 }));
    return 0;
  }
  if (verb === 'tokens' && sub === 'mint') {
    const flags = parseFlags(rest);
    const role = required(flags, 'role') as Role;
    if (!ROLES.includes(role) || role === 'system') throw new Error(`--role must be one of ${ROLES.filter((r) => r !== 'system').join(', ')}`);
    const claims = {
      sub: required(flags, 'sub'), role, district: required(flags, 'district'),
      ...(typeof flags.initials === 'string' ? { initials: flags.initials } : {}),
      ...(typeof flags.name === 'string' ? { name: flags.name } : {}),
    };
    console.log(mintToken(loadConfig(), claims, typeof flags.expires === 'string' ? flags.expires : '8h'));
    return 0;
  }
  if (verb === 'content-check') {
    const { blocked } = await runContentCheck(process.stdin, process.stdout);
    return blocked > 0 ? 1 : 0;
  }
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
