/**
 * Streams.Read of the EventStoreDB stand-in: counted reads of a stream or of $all (forwards/backwards), and catch-up
 * subscriptions to a stream or to $all, reproducing the server's documented behaviour that the adapter relies on:
 * - reads: a stream read of an unknown stream answers `stream_not_found`; a forward $all read from a position
 *   includes the event AT that position, a backward one returns events strictly before it;
 * - subscriptions: `confirmation` first; the start position/revision is EXCLUSIVE; filtered $all subscriptions send a
 *   `checkpoint` every (multiplier x window) considered events and when catching up ends, then `caught_up`; live
 *   events follow in log order; writes wait for HTTP/2 flow control (`drain`), so a slow reader slows the stand-in
 *   down instead of losing anything.
 */
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { filterFrom, type StandInFilter } from './eventstoredb-standin.filter';
import type { StandInLog, StandInRecord } from './eventstoredb-standin.log';
import * as wire from './eventstoredb-standin.messages';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;
const FORWARDS = 0;

export interface ReadBehaviour {
  /** Stream reads without $all commit positions, as servers from before 2022 sent them. */
  legacyStreamReadPositions: boolean;
}

export function readHandler(log: StandInLog, behaviour: ReadBehaviour, onRead: (options: ReadReq.Options) => void) {
  return (call: ReadCall): void => {
    const options = call.request.getOptions();
    if (options) onRead(options);
    serveRead(log, behaviour, call).catch((error: unknown) => {
      if (!call.cancelled) call.emit('error', { code: status.INTERNAL, details: String(error) });
    });
  };
}

async function serveRead(log: StandInLog, behaviour: ReadBehaviour, call: ReadCall): Promise<void> {
  const options = call.request.getOptions();
  if (!options) return void call.emit('error', { code: status.INVALID_ARGUMENT, details: 'options are required' });
  // The server answers with the UUID form the client asked for; structured is the protocol default.
  const structured = !options.getUuidOption()?.hasString();
  const send = (response: ReadResp) => write(call, response);
  if (options.hasSubscription()) return subscribe(log, call, options, structured);

  const forwards = options.getReadDirection() === FORWARDS;
  const count = BigInt(options.hasCount() ? options.getCount() : '0');
  let selected: StandInRecord[];
  if (options.hasStream()) {
    const streamOptions = options.getStream()!;
    const streamId = wire.streamNameOf(streamOptions.getStreamIdentifier());
    const stream = log.stream(streamId);
    if (!stream || stream.length === 0) {
      await send(wire.streamNotFoundResponse(streamId));
      return void call.end();
    }
    const from = streamOptions.hasRevision()
      ? BigInt(streamOptions.getRevision())
      : streamOptions.hasEnd()
        ? undefined
        : forwards
          ? 0n
          : -1n;
    selected = forwards
      ? stream.filter((record) => from !== undefined && record.revision >= from)
      : [...stream].reverse().filter((record) => from === undefined || record.revision <= from);
  } else {
    const allOptions = options.getAll()!;
    const filter = filterFrom(options);
    const at = allOptions.hasPosition() ? BigInt(allOptions.getPosition()!.getCommitPosition()) : undefined;
    selected = forwards
      ? log.records.filter((record) => !allOptions.hasEnd() && (at === undefined || record.position >= at))
      : [...log.records]
          .reverse()
          .filter((record) => !allOptions.hasStart() && (at === undefined || record.position < at));
    if (filter) selected = selected.filter((record) => filter.allows(record));
  }
  for (const record of selected.slice(0, Number(count > BigInt(selected.length) ? selected.length : count))) {
    if (call.cancelled) return;
    await send(wire.readEventResponse(record, structured, options.hasStream() && behaviour.legacyStreamReadPositions));
  }
  call.end();
}

async function subscribe(
  log: StandInLog,
  call: ReadCall,
  options: ReadReq.Options,
  structured: boolean,
): Promise<void> {
  const source = subscriptionSource(log, options);
  const filter: StandInFilter | undefined = options.hasAll() ? filterFrom(options) : undefined;
  let wake: (() => void) | undefined;
  const unsubscribe = log.onAppend(() => wake?.());
  call.on('cancelled', () => wake?.());
  try {
    await write(call, wire.confirmationResponse(randomUUID()));
    let caughtUp = false;
    let considered = 0;
    let lastConsidered = source.after;
    for (;;) {
      const records = source.records();
      const index = records.findIndex((record) => source.isAfter(record, lastConsidered));
      const pending = index < 0 ? [] : records.slice(index);
      for (const record of pending) {
        if (call.cancelled) return;
        considered += 1;
        lastConsidered = source.keyOf(record);
        if (!filter || filter.allows(record)) await write(call, wire.readEventResponse(record, structured));
        if (filter && considered % filter.checkpointInterval === 0)
          await write(call, wire.checkpointResponse(record.position));
      }
      if (call.cancelled) return;
      if (!caughtUp) {
        // As the server does when catch-up reaches the end: one checkpoint (if there is a position), then caught_up.
        if (filter && options.hasAll() && lastConsidered >= 0n)
          await write(call, wire.checkpointResponse(lastConsidered));
        await write(call, wire.caughtUpResponse());
        caughtUp = true;
        continue; // events may have been appended while those were written
      }
      // No await between reading the log and parking here, so no append can slip in unnoticed.
      if (pending.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    unsubscribe();
  }
}

/** Where a subscription reads from and how its exclusive start compares: by $all position, or by stream revision. */
function subscriptionSource(log: StandInLog, options: ReadReq.Options) {
  if (options.hasStream()) {
    const streamOptions = options.getStream()!;
    const streamId = wire.streamNameOf(streamOptions.getStreamIdentifier());
    const current = log.revisionOf(streamId) ?? -1n;
    const after = streamOptions.hasRevision()
      ? BigInt(streamOptions.getRevision())
      : streamOptions.hasEnd()
        ? current
        : -1n;
    return {
      after,
      records: () => log.stream(streamId) ?? [],
      isAfter: (record: StandInRecord, key: bigint) => record.revision > key,
      keyOf: (record: StandInRecord) => record.revision,
    };
  }
  const allOptions = options.getAll()!;
  const after = allOptions.hasPosition()
    ? BigInt(allOptions.getPosition()!.getCommitPosition())
    : allOptions.hasEnd()
      ? (log.lastPosition ?? -1n)
      : -1n;
  return {
    after,
    records: () => log.records,
    isAfter: (record: StandInRecord, key: bigint) => record.position > key,
    keyOf: (record: StandInRecord) => record.position,
  };
}

/** Writes one message, waiting for HTTP/2 flow control when the client reads slowly (or until the call ends). */
async function write(call: ReadCall, response: ReadResp): Promise<void> {
  if (call.cancelled) return;
  if (call.write(response)) return;
  const stop = new AbortController();
  try {
    await Promise.race(['drain', 'cancelled', 'close'].map((event) => once(call, event, { signal: stop.signal })));
  } finally {
    stop.abort(); // removes the other listeners (their promises reject, already handled by the race)
  }
}
