/**
 * The EventStoreDB stand-in's transaction log, in memory. It keeps what the real server's log guarantees and what the
 * adapter relies on (documented behaviour of EventStoreDB 24.x, log format v2):
 * - stream revisions count from 0; "no stream" is revision -1 on the wire;
 * - every event of an append is its own committed prepare record, so each event has its OWN log position and its
 *   $all position is (commit = prepare = that log position); positions grow with record sizes, so they are not dense;
 * - the append reply carries the position of the LAST event written (commit = prepare);
 * - a retried append with the same event ids is idempotent (answers with the original revisions, writes nothing)
 *   exactly as far as the server's IndexWriter.CheckCommit makes it so (see `idempotentOutcome`);
 * - an append is all-or-nothing.
 * The log survives stop()/restart() of the gRPC server: it lives outside it. The idempotency cache does not.
 */
export type StandInExpected =
  { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: bigint };

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
/**
 * Entries of the committed-event-id cache. The server bounds it by memory (ESConsts.CommitedEventsMemCacheLimit,
 * 8 MiB, not configurable; an entry costs ~28 bytes + the stream name), i.e. roughly 100 000 to 200 000 events.
 */
export const DEFAULT_IDEMPOTENCY_CACHE_ENTRIES = 150_000;
/** A prepare record's fixed overhead in bytes (approximate; only "positions grow and have gaps" matters). */
const RECORD_OVERHEAD = 90n;

export class StandInLog {
  readonly records: StandInRecord[] = [];
  private readonly streams = new Map<string, StandInRecord[]>();
  private nextPosition: bigint;
  private readonly listeners = new Set<() => void>();
  /** Event id -> its stream and revision, oldest first (a Map keeps insertion order, so eviction drops the oldest). */
  private readonly committedIds = new Map<string, { streamId: string; revision: bigint }>();

  /**
   * @param firstPosition e.g. beyond 2^53, to prove positions never pass through a JS number.
   * @param idempotencyCacheEntries how many recent event ids the cache remembers (tests make it small).
   */
  constructor(
    firstPosition = DEFAULT_FIRST_POSITION,
    private readonly idempotencyCacheEntries = DEFAULT_IDEMPOTENCY_CACHE_ENTRIES,
  ) {
    this.nextPosition = firstPosition;
  }

  /** What a server restart (or a leader change: each node has its own cache) does to idempotency. */
  forgetRecentEventIds(): void {
    this.committedIds.clear();
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

    // A stream with no events: the server's fast path, no idempotency check at all.
    if (current === undefined) {
      if (expected.kind === 'stream_exists' || expected.kind === 'revision') return wrong();
    } else {
      // Idempotency, as the server's CheckCommit does it. A partial match is "corrupted idempotency", which the
      // client sees as wrong expected version.
      const idempotent = this.idempotentOutcome(streamId, stream, current, expected, events);
      if (idempotent === 'wrong' || idempotent === 'corrupted') return wrong();
      if (idempotent) return idempotent;
      if (expected.kind === 'no_stream') return wrong();
      if (expected.kind === 'revision' && expected.revision !== current) return wrong();
    }

    if (events.length === 0) {
      return { ok: true, currentRevision: current ?? -1n, position: this.lastPosition ?? -1n };
    }
    const createdTicks = BigInt(Date.now()) * 10_000n + BigInt(Math.floor(Math.random() * 10_000));
    let revision = current ?? -1n;
    for (const event of events) {
      revision += 1n;
      const record: StandInRecord = { ...event, streamId, revision, position: this.nextPosition, createdTicks };
      this.nextPosition +=
        RECORD_OVERHEAD + BigInt(event.data.length + event.customMetadata.length + event.type.length + streamId.length);
      stream.push(record);
      this.records.push(record);
      this.remember(record);
    }
    this.streams.set(streamId, stream);
    for (const listener of [...this.listeners]) listener();
    return { ok: true, currentRevision: revision, position: stream[stream.length - 1].position };
  }

  /**
   * IndexWriter.CheckCommit (EventStoreDB 24.10) on an existing stream:
   * - `any` / `stream_exists`: ids are looked up ONLY in the bounded cache of recently committed event ids. All found
   *   (same stream) -> idempotent; the first missing -> a normal write (a duplicate once the cache forgot them);
   *   a later one missing -> corrupted.
   * - an exact revision or `no_stream` (-1) behind the stream: the event at expected+1+i must carry the i-th id,
   *   checked in the cache or else in the stream itself (the index), so this survives restarts. The first
   *   mismatch -> wrong expected version; a later one -> corrupted.
   * undefined: not behind the stream, decide on expected revision as usual.
   */
  private idempotentOutcome(
    streamId: string,
    stream: readonly StandInRecord[],
    current: bigint,
    expected: StandInExpected,
    events: readonly StandInProposed[],
  ): StandInAppendOutcome | 'wrong' | 'corrupted' | undefined {
    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      const found = events.map((event) => this.committedIds.get(event.id));
      const missing = found.findIndex((entry) => entry?.streamId !== streamId);
      if (events.length === 0 || missing === 0) return undefined;
      if (missing > 0) return 'corrupted';
      return this.outcomeAt(stream, found[found.length - 1]!.revision);
    }
    const after = expected.kind === 'revision' ? expected.revision : -1n;
    if (after >= current) return undefined;
    if (events.length === 0) return 'wrong';
    for (let i = 0; i < events.length; i++) {
      const revision = after + 1n + BigInt(i);
      const cached = this.committedIds.get(events[i].id);
      const matches =
        (cached?.streamId === streamId && cached.revision === revision) ||
        stream[Number(revision)]?.id === events[i].id;
      if (!matches) return i === 0 ? 'wrong' : 'corrupted';
    }
    return this.outcomeAt(stream, after + BigInt(events.length));
  }

  private outcomeAt(stream: readonly StandInRecord[], revision: bigint): StandInAppendOutcome {
    const last = stream[Number(revision)];
    return { ok: true, currentRevision: revision, position: last.position };
  }

  private remember(record: StandInRecord): void {
    this.committedIds.set(record.id, { streamId: record.streamId, revision: record.revision });
    if (this.committedIds.size > this.idempotencyCacheEntries) {
      this.committedIds.delete(this.committedIds.keys().next().value!);
    }
  }
}
