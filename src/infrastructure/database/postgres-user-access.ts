import { chmodSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** One permission this process changed so the `postgres` user can reach a path, for the start-up log. */
export interface TraverseGrant {
  dir: string;
  from: string;
  to: string;
}

/** Every directory from `/` down to `target` (inclusive), the exact path a process must traverse to reach it. */
export function traversalChain(target: string): string[] {
  const chain: string[] = [];
  for (let d = path.resolve(target); ; d = path.dirname(d)) {
    chain.unshift(d);
    if (d === path.dirname(d)) return chain;
  }
}

/**
 * Adds the traverse bit for others (o+x: enter, not list, not write) to each directory of these chains that lacks
 * it, and nothing else: no other bit of any mode changes, and a directory that already has it is left alone.
 * Returns what changed, so the caller can say so. (The `postgres` user the embedded server runs as, when we are
 * root, is "others" to every directory on the way to its binaries and its data directory.)
 */
export function grantTraverse(chains: readonly (readonly string[])[]): TraverseGrant[] {
  const grants: TraverseGrant[] = [];
  const seen = new Set<string>();
  for (const dir of chains.flat()) {
    if (seen.has(dir) || !existsSync(dir)) continue;
    seen.add(dir);
    const mode = statSync(dir).mode & 0o7777;
    if ((mode & 0o001) !== 0) continue;
    chmodSync(dir, mode | 0o001);
    grants.push({ dir, from: mode.toString(8).padStart(4, '0'), to: (mode | 0o001).toString(8).padStart(4, '0') });
  }
  return grants;
}
