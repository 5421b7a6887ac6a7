import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { grantTraverse, traversalChain } from '../../../src/infrastructure/database/postgres-user-access';

const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8).padStart(4, '0');

/** The embedded start opens only the path the `postgres` user must traverse, and only by o+x. */
describe('embedded PostgreSQL: access for the postgres user', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pg-access-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('the chain is every directory from / down to the target', () => {
    expect(traversalChain('/a/b/c')).toEqual(['/', '/a', '/a/b', '/a/b/c']);
    expect(traversalChain('/')).toEqual(['/']);
  });

  it('adds o+x only where it is missing, changes no other bit, and reports each change', () => {
    const home = path.join(root, 'home');
    const data = path.join(home, 'pg');
    const open = path.join(root, 'open');
    mkdirSync(data, { recursive: true });
    mkdirSync(open);
    chmodSync(root, 0o700);
    chmodSync(home, 0o750);
    chmodSync(data, 0o700);
    chmodSync(open, 0o755);
    const grants = grantTraverse([traversalChain(home), traversalChain(open)]);
    expect([mode(root), mode(home), mode(open)]).toEqual(['0701', '0751', '0755']);
    // Not on the path (the data directory itself belongs to the postgres user): untouched, never 0777.
    expect(mode(data)).toBe('0700');
    expect(grants).toEqual([
      { dir: root, from: '0700', to: '0701' },
      { dir: home, from: '0750', to: '0751' },
    ]);
    // Again: nothing left to change.
    expect(grantTraverse([traversalChain(home)])).toEqual([]);
  });

  it('skips a directory that does not exist yet (it is created with the default mode)', () => {
    expect(grantTraverse([[path.join(root, 'missing')]])).toEqual([]);
  });
});
