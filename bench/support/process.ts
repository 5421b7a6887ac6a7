/**
 * Where the benchmark runs from. `npm run bench` compiles the suite (tsconfig.bench.json, into .bench-build/) and runs
 * it with plain node, as `npm run start:prod` runs the service: the process that hosts the service then carries no
 * TypeScript compiler (ts-node holds about 100 MB of RSS), so the memory figure is the service's. Run from source
 * (ts-node) the same files still work: children are forked the same way the parent runs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project's root (the first directory upwards holding package.json), from source or from .bench-build. */
export function projectRoot(): string {
  for (let d = __dirname; d !== path.dirname(d); d = path.dirname(d))
    if (existsSync(path.join(d, 'package.json'))) return d;
  throw new Error(`no package.json above ${__dirname}`);
}

/** Forks `file` (a module's __filename) as a child: compiled JavaScript as it is, TypeScript through ts-node. */
export function forkModule(file: string, args: string[]): ChildProcess {
  return fork(file, args, { execArgv: file.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [] });
}
