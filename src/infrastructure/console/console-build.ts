import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The project root: the nearest folder above this file holding package.json (from src/ or from dist/src/). */
export const PROJECT_ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
/** Where the console's sources live and where the bundle is written (git-ignored, rebuilt by start and test). */
export const CONSOLE_SOURCE_DIR = path.join(PROJECT_ROOT, 'console');
export const CONSOLE_BUILD_DIR = path.join(PROJECT_ROOT, '.console-build');

export interface BuiltConsoleFile {
  /** Path under the build folder, e.g. "assets/console.js". */
  file: string;
  bytes: number;
  gzipBytes: number;
}

/**
 * Bundles the console (Preact + TypeScript) with esbuild into `outDir`: one script and one stylesheet per build,
 * minified, with source maps. esbuild is a build tool (devDependency): production builds the bundle ahead with
 * `npm run build`, never at start-up. Answers each output file with its size as served (gzip).
 */
export async function buildConsole(outDir: string = CONSOLE_BUILD_DIR): Promise<BuiltConsoleFile[]> {
  // Loaded here, not at the top: only start (outside production), build and the tests build the console.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = await esbuild.build({
    entryPoints: { console: path.join(CONSOLE_SOURCE_DIR, 'src/main.tsx') },
    outdir: path.join(outDir, 'assets'),
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'css' },
    metafile: true,
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'silent',
    tsconfig: path.join(CONSOLE_SOURCE_DIR, 'tsconfig.json'),
  });
  return Object.keys(result.metafile.outputs)
    .filter((file) => !file.endsWith('.map'))
    .map((file) => {
      const content = readFileSync(path.resolve(PROJECT_ROOT, file));
      return {
        file: path.relative(outDir, path.resolve(PROJECT_ROOT, file)),
        bytes: content.length,
        gzipBytes: gzipSync(content).length,
      };
    });
}

if (require.main === module) {
  buildConsole().then(
    (files) => files.forEach((f) => process.stdout.write(`${f.file}: ${f.bytes} bytes, ${f.gzipBytes} gzipped\n`)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
