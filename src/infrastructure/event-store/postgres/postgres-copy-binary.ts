import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** Rows complete so far: the bytes they are in, and each value's [start, end) in them, row after row. */
export interface CopyBatch {
  buf: Buffer;
  at: number[];
}

/**
 * The rows of `COPY (SELECT ...) TO STDOUT (FORMAT binary)` (`fields` non-null values each) in batches as they arrive,
 * never decoded here, on a connection of their own. COPY takes no parameters: the statement is written with that
 * connection, whose escapeLiteral quotes the values.
 */
export async function* copyRows(
  pool: Pool,
  fields: number,
  statement: (client: PoolClient) => string,
): AsyncGenerator<CopyBatch> {
  const client: PoolClient = await pool.connect();
  let clean = false;
  try {
    const rows = new CopyBinaryRows(fields);
    for await (const chunk of client.query(copyTo(statement(client)))) {
      const batch = rows.push(chunk as Buffer);
      if (batch.at.length > 0) yield batch;
    }
    rows.end();
    clean = true;
  } finally {
    // A COPY left half-read (the consumer stopped, or the read failed) ends with its connection.
    client.release(clean ? undefined : true);
  }
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_FIXED = SIGNATURE.length + 8;

/** A parser of COPY's binary format for rows of `fields` non-null values, across chunks. */
export class CopyBinaryRows {
  private rest: Buffer | null = null;
  private headerRead = false;
  private ended = false;

  constructor(private readonly fields: number) {}

  push(chunk: Buffer): CopyBatch {
    const buf = this.rest === null ? chunk : Buffer.concat([this.rest, chunk]);
    const at: number[] = [];
    let pos = 0;
    if (!this.headerRead) {
      if (buf.length < HEADER_FIXED) {
        this.rest = buf;
        return { buf, at };
      }
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('COPY: not the binary format');
      const extension = buf.readUInt32BE(SIGNATURE.length + 4);
      if (buf.length < HEADER_FIXED + extension) {
        this.rest = buf;
        return { buf, at };
      }
      pos = HEADER_FIXED + extension;
      this.headerRead = true;
    }
    rows: while (pos + 2 <= buf.length) {
      const fields = buf.readInt16BE(pos);
      if (fields === -1) {
        this.ended = true;
        pos += 2;
        break;
      }
      if (fields !== this.fields) throw new Error(`COPY: a row of ${fields} values, ${this.fields} expected`);
      const row = at.length;
      let p = pos + 2;
      for (let f = 0; f < fields; f++) {
        const length = p + 4 <= buf.length ? buf.readInt32BE(p) : -1;
        if (length < 0 && p + 4 <= buf.length) throw new Error('COPY: a null value');
        if (length < 0 || p + 4 + length > buf.length) {
          // The row goes on in the next chunk.
          at.length = row;
          break rows;
        }
        at.push(p + 4, p + 4 + length);
        p += 4 + length;
      }
      pos = p;
    }
    this.rest = pos < buf.length ? buf.subarray(pos) : null;
    return { buf, at };
  }

  /** Throws unless the data ended exactly with COPY's trailer. */
  end(): void {
    if (!this.ended || this.rest !== null) throw new Error('COPY: the data ended early');
  }
}
