/**
 * The EventStoreDB stand-in's transaction log, in memory. It keeps what the real server's log guarantees and what the
 * adapter relies on (documented behaviour of EventStoreDB 24.x, log format v2):
 * - stream revisions count from 0; "no stream" is revision -1 on the wire;
 * - every event of an append is its own committed prepare record, so each event has its OWN log position and its
 *   $all position is (commit = prepare = that log position); positions grow with record sizes, so they are not dense;
 * - the append reply carries the position of the LAST event written (commit = prepare);
 * - a retried append with the same event ids is idempotent (answers with the original revisions, writes nothing);
 * - an append is all-or-nothing.
 * The log survives stop()/restart() of the gRPC server: it lives outside it.
 */
export type StandInExpected = { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: bigint };

export interface StandInProposed {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface StandInRecord extends StandInProposed {
  streamId: string;
  revision: bigint;
  /** Log position: commit = prepare for every event written by an append. */
  position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as the server's "created" metadata carries them. */
  createdTicks: bigint;
}

export type StandInAppendOutcome =
  | { ok: true; currentRevision: bigint; position: bigint }
  | { ok: false; currentRevision: bigint | 'no_stream'; expected: StandInExpected };

/** Where events start: the real log begins with system records (epoch, initial users), never at 0. */
const DEFAULT_FIRST_POSITION = 1_000n;
/** A prepare record's fixed overhead in bytes (approximate; only "positions grow and have gaps" matters). */
const RECORD_OVERHEAD = 90n;

export class StandInLog {
  readonly records: StandInRecord[] = [];
  private readonly streams = new Map<string, StandInRecord[]>();
  private nextPosition: bigint;
  private readonly listeners = new Set<() => void>();

  /** @param firstPosition e.g. beyond 2^53, to prove positions never pass through a JS number. */
  constructor(firstPosition = DEFAULT_FIRST_POSITION) {
    this.nextPosition = firstPosition;
  }

  /** Current revision of a stream, or undefined when it has no events. */
  revisionOf(streamId: string): bigint | undefined {
    const stream = this.streams.get(streamId);
    return stream && stream.length > 0 ? stream[stream.length - 1].revision : undefined;
  }

  stream(streamId: string): readonly StandInRecord[] | undefined {
    return this.streams.get(streamId);
  }

  get lastPosition(): bigint | undefined {
    return this.records.length > 0 ? this.records[this.records.length - 1].position : undefined;
  }

  /** Live subscriptions being served (each listens for appends): shows whether clients' cancels reach the server. */
  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Called after every successful write, so live subscriptions can push. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(streamId: string, expected: StandInExpected, events: readonly StandInProposed[]): StandInAppendOutcome {
    const stream = this.streams.get(streamId) ?? [];
    const current = this.revisionOf(streamId);
    const wrong = (): StandInAppendOutcome => ({ ok: false, currentRevision: current ?? 'no_stream', expected });

    // Idempotency, as the server's CheckCommit does it: a write whose ids are already there, in order, is answered
    // with the original outcome. A partial match is "corrupted idempotency", reported as wrong expected version.
    const idempotent = this.idempotentOutcome(stream, expected, events);
    if (idempotent === 'corrupted') return wrong();
    if (idempotent) return idempotent;

    if (expected.kind === 'no_stream' && current !== undefined) return wrong();
    if (expected.kind === 'stream_exists' && current === undefined) return wrong();
    if (expected.kind === 'revision' && expected.revision !== current) return wrong();

    if (events.length === 0) {
      return { ok: true, currentRevision: current ?? -1n, position: this.lastPosition ?? -1n };
    }
    const createdTicks = BigInt(Date.now()) * 10_000n + BigInt(Math.floor(Math.random() * 10_000));
    let revision = current ?? -1n;
    for (const event of events) {
      revision += 1n;
      const record: StandInRecord = { ...event, streamId, revision, position: this.nextPosition, createdTicks };
      this.nextPosition += RECORD_OVERHEAD + BigInt(event.data.length + event.customMetadata.length + event.type.length + streamId.length);
      stream.push(record);
      this.records.push(record);
    }
    this.streams.set(streamId, stream);
    for (const listener of [...this.listeners]) listener();
    return { ok: true, currentRevision: revision, position: stream[stream.length - 1].position };
  }

  private idempotentOutcome(
    stream: readonly StandInRecord[],
    expected: StandInExpected,
    events: readonly StandInProposed[],
  ): StandInAppendOutcome | 'corrupted' | undefined {
    if (events.length === 0 || stream.length === 0) return undefined;
    let start: number;
    if (expected.kind === 'revision' || expected.kind === 'no_stream') {
      start = expected.kind === 'revision' ? Number(expected.revision) + 1 : 0;
      if (start >= stream.length) return undefined; // not behind: a normal write (or a plain wrong version)
    } else {
      start = stream.findIndex((record) => record.id === events[0].id);
      if (start < 0) return undefined;
    }
    for (let i = 0; i < events.length; i++) {
      const record = stream[start + i];
      if (!record || record.id !== events[i].id) return i === 0 && expected.kind !== 'any' && expected.kind !== 'stream_exists' ? undefined : 'corrupted';
    }
    const last = stream[start + events.length - 1];
    return { ok: true, currentRevision: last.revision, position: last.position };
  }
}
