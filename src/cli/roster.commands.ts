import { readFileSync, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { OneRosterFiles } from '../application/contacts/roster-import/oneroster.csv';
import {
  RosterImportService,
  type RosterImportMode,
} from '../application/contacts/roster-import/roster-import.service';
import { required } from './cli-args';
import { withAppContext } from './with-app-context';

type Flags = Record<string, string | true>;

export const ROSTER_USAGE =
  '  roster import --dir <folder with users.csv, classes.csv, enrollments.csv[, demographics.csv, roles.csv]> --district <id> [--mode bulk|delta] [--operator <name>]';

/**
 * A OneRoster bundle from a folder, imported into one district as the SIS would (actor `cli:<operator>`, role sis).
 * Prints the report as JSON; exit 0 when every row was applied or already so, 4 when some row was refused.
 */
export async function runRosterImport(sub: string | undefined, flags: Flags): Promise<number> {
  if (sub !== 'import') throw new Error(`usage:\n${ROSTER_USAGE}`);
  const dir = required(flags, 'dir');
  const districtId = required(flags, 'district');
  const mode = (typeof flags.mode === 'string' ? flags.mode : 'bulk') as RosterImportMode;
  if (mode !== 'bulk' && mode !== 'delta') throw new Error('--mode must be bulk or delta');
  const operator = typeof flags.operator === 'string' ? flags.operator : userInfo().username;
  const read = (name: string): string | undefined => {
    const file = path.join(dir, `${name}.csv`);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  const need = (name: string): string => {
    const text = read(name);
    if (text === undefined)
      throw new Error(`${path.join(dir, `${name}.csv`)} is missing (users, classes and enrollments are required)`);
    return text;
  };
  const files: OneRosterFiles = { users: need('users'), classes: need('classes'), enrollments: need('enrollments') };
  const demographics = read('demographics');
  const roles = read('roles');
  if (demographics !== undefined) files.demographics = demographics;
  if (roles !== undefined) files.roles = roles;
  const report = await withAppContext((app) =>
    app.get(RosterImportService).import(files, mode, {
      actor: { id: `cli:${operator}`, role: 'sis', districtId },
      correlationId: `cli-roster-${randomUUID()}`,
    }),
  );
  console.log(JSON.stringify(report));
  return report.counts.rejected > 0 ? 4 : 0;
}
