import { startTestApp, type TestApp } from './test-app';

/** Every line the service logged, raw, as the real pino logger wrote it. */
export interface LogCapture {
  lines: string[];
  write(line: string): void;
}

export const captureLogs = (): LogCapture => {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
};

/**
 * The whole service as production runs it, with the real pino logger (nestjs-pino, Nest's own logs routed through
 * it as main.ts does) at `info`, writing into `capture` instead of stdout.
 */
export function startLoggedTestApp(capture: LogCapture, env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({ LOG_LEVEL: 'info', ...env }, { logDestination: capture });
}
