import type { Test } from 'supertest';

/**
 * For an answer that never ends by itself (Server-Sent Events): resolves on its first bytes and hangs up, so the
 * status (and an error's JSON, which arrives whole) can be checked like any other answer's.
 */
export function firstBytesOnly(req: Test): Test {
  return req.buffer(true).parse(((
    res: NodeJS.ReadableStream & { destroy(): void },
    done: (e: Error | null, body: unknown) => void,
  ) => {
    let text = '';
    res.once('data', (chunk: Buffer | string) => {
      text += chunk.toString();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // A stream's first event, not JSON.
      }
      done(null, body);
      res.destroy();
    });
  }) as unknown as Parameters<Test['parse']>[0]);
}
