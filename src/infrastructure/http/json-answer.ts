import { StreamableFile } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { JsonPieces } from '../../application/compliance/compliance.queries';

/** The Content-Type Express's res.json gives: these answers look the same on the wire. */
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * A JSON answer serialised by the caller without the app's bigint replacer (bigint-json.ts): for answers whose type
 * holds no bigint, where calling a replacer for every key would only cost time.
 */
export function jsonAnswer(text: string): StreamableFile {
  const body = Buffer.from(text);
  return new StreamableFile(body, { type: JSON_TYPE, length: body.length });
}

/**
 * A JSON answer streamed as its pieces come (chunked). The response ending before the stream did (the client went
 * away, or an interceptor failed before the answer started) ends the stream and so the read behind it; a stream
 * failing once bytes were sent breaks the connection, so a cut answer never looks complete (Nest's own handling).
 */
export function streamedJsonAnswer(pieces: JsonPieces, res: ServerResponse): StreamableFile {
  const stream = Readable.from(pieces, { objectMode: false });
  res.once('close', () => {
    if (!stream.readableEnded) stream.destroy();
  });
  return new StreamableFile(stream, { type: JSON_TYPE });
}
