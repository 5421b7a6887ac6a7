import type { ServerResponse } from 'node:http';
import { takeOverResponse, type ApiReply } from '../../http/http-request';
import type { RecordExport } from '../../../application/compliance/record-export.queries';
import type { ExportWriter } from './export-writers';

/** Waits until the client has taken what was written, or has gone away (then the export simply stops). */
const drained = (res: ServerResponse): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });

/**
 * Streams the export as a download, honouring back-pressure: the next page is read only once the client has taken
 * the previous one, so a long history never sits in memory.
 */
export async function streamExport(reply: ApiReply, out: RecordExport, writer: ExportWriter): Promise<void> {
  const res = takeOverResponse(reply);
  res.statusCode = 200;
  res.setHeader('Content-Type', writer.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="student-${out.studentId}-record.${writer.extension}"`);
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(writer.headers)) res.setHeader(name, value);
  let first = true;
  for await (const row of out.rows) {
    if (res.destroyed) return;
    const chunk = first ? writer.begin(row) : writer.row(row);
    first = false;
    if (!res.write(chunk)) await drained(res);
  }
  res.end(writer.end());
}
