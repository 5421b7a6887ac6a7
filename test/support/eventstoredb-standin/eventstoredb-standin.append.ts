/**
 * Streams.Append (client stream, one write per call) and Streams.BatchAppend (one long-lived bidi stream carrying
 * many writes, matched by correlation id) of the EventStoreDB stand-in. The real client picks BatchAppend whenever
 * ServerFeatures lists it, as a 24.x server does, and falls back to Append otherwise; both are here.
 * A write happens only once the whole request has arrived (Append: client half-close; BatchAppend: `is_final`),
 * so a connection lost mid-request writes nothing, as on the server.
 *
 * Limits, as EventStoreDB 24.10 applies them (Streams.Append.cs / Streams.BatchAppend.cs):
 * - max append size: the events' sizes are summed as they arrive and the request fails as soon as the sum exceeds
 *   `maxAppendSize` (Append: INVALID_ARGUMENT with `exception: maximum-append-size-exceeded` trailers; BatchAppend:
 *   a google.rpc.Status packing `MaximumAppendSizeExceeded`). An event counts data + custom metadata bytes + 2 x its
 *   type's length, the formula KurrentDB 25 uses; 24.10 counts the data bytes only (an operator-precedence slip in
 *   Event.SizeOnDisk), so the stand-in is the stricter of the two;
 * - time: BatchAppend's clock starts when a write's options arrive, bounded by min(request deadline, write timeout);
 *   a deadline already past answers Timeout at once, and a write whose last chunk has not arrived by then answers
 *   Timeout and is dropped. Once the whole write has arrived it is published to the writer, where only the write
 *   timeout applies: a write slower than that (the injected `writeDelayMs`) is answered Timeout (BatchAppend) or
 *   ABORTED "Operation timed out" (Append), and STILL commits when the delay is over - the outcome the client
 *   cannot know.
 */
import { Empty as ProtoEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import {
  Metadata,
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
} from '@grpc/grpc-js';
import {
  type AppendReq,
  AppendResp,
  type BatchAppendReq,
  BatchAppendResp,
} from '@eventstore/db-client/generated/streams_pb';
import { AllStreamPosition } from '@eventstore/db-client/generated/shared_pb';
import type { StandInAppendOutcome, StandInExpected, StandInLog, StandInProposed } from './eventstoredb-standin.log';
import * as wire from './eventstoredb-standin.messages';

type Proposed = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

/** The server's write settings, mutable so a test can change them on a running stand-in. */
export interface StandInWriteBehaviour {
  /** --max-append-size, bytes (server default 1 MiB). */
  maxAppendSize: number;
  /** --write-timeout-ms (server default 2000): how long a published write may take before it is answered Timeout. */
  writeTimeoutMs: number;
  /** Injected: how long a write takes to commit (default 0). */
  writeDelayMs: number;
  /** How many of the next writes take `writeDelayMs` (default: all of them). */
  slowWrites: number;
}

export const defaultWriteBehaviour = (): StandInWriteBehaviour => ({
  maxAppendSize: 1024 * 1024,
  writeTimeoutMs: 2_000,
  writeDelayMs: 0,
  slowWrites: Number.POSITIVE_INFINITY,
});

/** Event.SizeOnDisk as KurrentDB 25 computes it (see the file comment for 24.10). */
export const sizeOnDisk = (event: StandInProposed): number =>
  event.data.length + event.customMetadata.length + event.type.length * 2;

/**
 * Commits after the injected delay; answers `onCommitted` with the outcome, or `onTimeout` when the write takes
 * longer than the write timeout (the write still commits afterwards).
 */
function commit(
  behaviour: StandInWriteBehaviour,
  write: () => StandInAppendOutcome,
  onCommitted: (outcome: StandInAppendOutcome) => void,
  onTimeout: () => void,
): void {
  const delay = behaviour.slowWrites > 0 ? behaviour.writeDelayMs : 0;
  if (delay <= 0) return onCommitted(write());
  behaviour.slowWrites -= 1;
  const timedOut = delay > behaviour.writeTimeoutMs;
  if (timedOut) setTimeout(onTimeout, behaviour.writeTimeoutMs);
  setTimeout(() => {
    const outcome = write();
    if (!timedOut) onCommitted(outcome);
  }, delay);
}

function toProposed(message: Proposed): StandInProposed {
  const metadata = message.getMetadataMap();
  return {
    id: wire.uuidToString(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function appendExpected(options: AppendReq.Options): StandInExpected {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function batchExpected(options: BatchAppendReq.Options): StandInExpected {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

export function appendHandler(log: StandInLog, behaviour: StandInWriteBehaviour) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    let options: AppendReq.Options | undefined;
    const events: StandInProposed[] = [];
    let size = 0;
    let answered = false;
    call.on('data', (request: AppendReq) => {
      if (answered) return;
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) {
        const event = toProposed(request.getProposedMessage()!);
        events.push(event);
        size += sizeOnDisk(event);
        if (size > behaviour.maxAppendSize) {
          answered = true;
          callback(maxAppendSizeError(behaviour.maxAppendSize));
        }
      }
    });
    call.on('end', () => {
      if (answered) return;
      if (!options) return callback({ code: status.INVALID_ARGUMENT, details: 'options are required' });
      const expected = appendExpected(options);
      const streamId = wire.streamNameOf(options.getStreamIdentifier());
      commit(
        behaviour,
        () => log.append(streamId, expected, events),
        (outcome) => callback(null, appendResponse(outcome, expected)),
        () =>
          callback({
            code: status.ABORTED,
            details: `Operation timed out: Timed out waiting for commit of ${streamId}`,
          }),
      );
    });
  };
}

function maxAppendSizeError(maxAppendSize: number): { code: status; details: string; metadata: Metadata } {
  const metadata = new Metadata();
  metadata.set('exception', 'maximum-append-size-exceeded');
  metadata.set('maximum-append-size', String(maxAppendSize));
  return { code: status.INVALID_ARGUMENT, details: `Maximum Append Size of ${maxAppendSize} Exceeded.`, metadata };
}

function appendResponse(outcome: StandInAppendOutcome, expected: StandInExpected): AppendResp {
  const response = new AppendResp();
  if (outcome.ok) {
    const success = new AppendResp.Success();
    if (outcome.currentRevision < 0n) success.setNoStream(wire.empty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position < 0n) success.setNoPosition(wire.empty());
    else
      success.setPosition(
        new AppendResp.Position()
          .setCommitPosition(outcome.position.toString())
          .setPreparePosition(outcome.position.toString()),
      );
    response.setSuccess(success);
  } else {
    const wrong = new AppendResp.WrongExpectedVersion();
    if (outcome.currentRevision === 'no_stream') wrong.setCurrentNoStream(wire.empty());
    else wrong.setCurrentRevision(outcome.currentRevision.toString());
    if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(wire.empty());
    else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(wire.empty());
    else wrong.setExpectedAny(wire.empty());
    response.setWrongExpectedVersion(wrong);
  }
  return response;
}

interface PendingWrite {
  options: BatchAppendReq.Options;
  events: StandInProposed[];
  size: number;
  timer: NodeJS.Timeout;
}

/** The time a write may take from its options on: min(request deadline, write timeout), as the server computes it. */
function writeTimeoutOf(options: BatchAppendReq.Options, behaviour: StandInWriteBehaviour): number {
  const deadline = options.getDeadline();
  const requested = deadline ? deadline.toDate().getTime() - Date.now() : Number.POSITIVE_INFINITY;
  return Math.min(requested, behaviour.writeTimeoutMs);
}

export function batchAppendHandler(log: StandInLog, behaviour: StandInWriteBehaviour) {
  return (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<string, PendingWrite>();
    const reply = (correlationId: string, streamId: string, fill: (response: BatchAppendResp) => void): void => {
      if (call.cancelled || call.writableEnded) return;
      const response = new BatchAppendResp()
        .setCorrelationId(wire.uuidMessage(correlationId, false))
        .setStreamIdentifier(wire.streamIdentifier(streamId));
      fill(response);
      call.write(response);
    };
    const timeoutStatus = (response: BatchAppendResp) => response.setError(wire.timeoutStatus());
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = wire.uuidToString(request.getCorrelationId());
      if (request.hasOptions()) {
        const options = request.getOptions()!;
        const streamId = wire.streamNameOf(options.getStreamIdentifier());
        const timeout = writeTimeoutOf(options, behaviour);
        if (timeout <= 0) return reply(correlationId, streamId, timeoutStatus);
        if (!pending.has(correlationId)) {
          // As the server's ClientWriteRequest: the clock runs from the options; if the write is still waiting for
          // chunks when it runs out, it is dropped and answered Timeout.
          const timer = setTimeout(() => {
            if (pending.delete(correlationId)) reply(correlationId, streamId, timeoutStatus);
          }, timeout);
          pending.set(correlationId, { options, events: [], size: 0, timer });
        }
      }
      const write = pending.get(correlationId);
      if (!write) return; // unknown, timed out or refused already: later chunks are ignored, as on the server
      const streamId = wire.streamNameOf(write.options.getStreamIdentifier());
      for (const event of request.getProposedMessagesList().map(toProposed)) {
        write.events.push(event);
        write.size += sizeOnDisk(event);
      }
      if (write.size > behaviour.maxAppendSize) {
        pending.delete(correlationId);
        clearTimeout(write.timer);
        return reply(correlationId, streamId, (response) =>
          response.setError(wire.maxAppendSizeStatus(behaviour.maxAppendSize)),
        );
      }
      if (!request.getIsFinal()) return;
      pending.delete(correlationId);
      clearTimeout(write.timer);
      const expected = batchExpected(write.options);
      commit(
        behaviour,
        () => log.append(streamId, expected, write.events),
        (outcome) => reply(correlationId, streamId, (response) => batchOutcome(response, outcome, expected)),
        () => reply(correlationId, streamId, timeoutStatus),
      );
    });
    call.on('end', () => call.end());
    call.on('cancelled', () => pending.forEach((write) => clearTimeout(write.timer)));
  };
}

function batchOutcome(response: BatchAppendResp, outcome: StandInAppendOutcome, expected: StandInExpected): void {
  if (expected.kind === 'revision') response.setStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') response.setNoStream(new ProtoEmpty());
  else if (expected.kind === 'stream_exists') response.setStreamExists(new ProtoEmpty());
  else response.setAny(new ProtoEmpty());
  if (outcome.ok) {
    const success = new BatchAppendResp.Success();
    if (outcome.currentRevision < 0n) success.setNoStream(new ProtoEmpty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position < 0n) success.setNoPosition(new ProtoEmpty());
    else
      success.setPosition(
        new AllStreamPosition()
          .setCommitPosition(outcome.position.toString())
          .setPreparePosition(outcome.position.toString()),
      );
    response.setSuccess(success);
  } else {
    response.setError(wire.wrongExpectedVersionStatus(outcome.currentRevision, expected));
  }
}
