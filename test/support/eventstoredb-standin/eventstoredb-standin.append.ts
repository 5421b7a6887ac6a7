/**
 * Streams.Append (client stream, one write per call) and Streams.BatchAppend (one long-lived bidi stream carrying
 * many writes, matched by correlation id) of the EventStoreDB stand-in. The real client picks BatchAppend whenever
 * ServerFeatures lists it, as a 24.x server does, and falls back to Append otherwise; both are here.
 * A write happens only once the whole request has arrived (Append: client half-close; BatchAppend: `is_final`),
 * so a connection lost mid-request writes nothing, as on the server.
 */
import { Empty as ProtoEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { status, type sendUnaryData, type ServerDuplexStream, type ServerReadableStream } from '@grpc/grpc-js';
import { type AppendReq, AppendResp, type BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { AllStreamPosition } from '@eventstore/db-client/generated/shared_pb';
import type { StandInExpected, StandInLog, StandInProposed } from './eventstoredb-standin.log';
import * as wire from './eventstoredb-standin.messages';

type Proposed = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

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

export function appendHandler(log: StandInLog) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    let options: AppendReq.Options | undefined;
    const events: StandInProposed[] = [];
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) events.push(toProposed(request.getProposedMessage()!));
    });
    call.on('end', () => {
      if (!options) return callback({ code: status.INVALID_ARGUMENT, details: 'options are required' });
      const expected = appendExpected(options);
      const outcome = log.append(wire.streamNameOf(options.getStreamIdentifier()), expected, events);
      const response = new AppendResp();
      if (outcome.ok) {
        const success = new AppendResp.Success();
        if (outcome.currentRevision < 0n) success.setNoStream(wire.empty());
        else success.setCurrentRevision(outcome.currentRevision.toString());
        if (outcome.position < 0n) success.setNoPosition(wire.empty());
        else success.setPosition(new AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()));
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
      callback(null, response);
    });
  };
}

export function batchAppendHandler(log: StandInLog) {
  return (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<string, { options?: BatchAppendReq.Options; events: StandInProposed[] }>();
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = wire.uuidToString(request.getCorrelationId());
      const write = pending.get(correlationId) ?? { events: [] };
      if (request.hasOptions()) write.options = request.getOptions();
      write.events.push(...request.getProposedMessagesList().map(toProposed));
      pending.set(correlationId, write);
      if (!request.getIsFinal()) return;
      pending.delete(correlationId);
      if (!write.options) return call.emit('error', { code: status.INVALID_ARGUMENT, details: 'options are required' });
      const streamId = wire.streamNameOf(write.options.getStreamIdentifier());
      const expected = batchExpected(write.options);
      const outcome = log.append(streamId, expected, write.events);
      const response = new BatchAppendResp().setCorrelationId(request.getCorrelationId()).setStreamIdentifier(wire.streamIdentifier(streamId));
      if (expected.kind === 'revision') response.setStreamPosition(expected.revision.toString());
      else if (expected.kind === 'no_stream') response.setNoStream(new ProtoEmpty());
      else if (expected.kind === 'stream_exists') response.setStreamExists(new ProtoEmpty());
      else response.setAny(new ProtoEmpty());
      if (outcome.ok) {
        const success = new BatchAppendResp.Success();
        if (outcome.currentRevision < 0n) success.setNoStream(new ProtoEmpty());
        else success.setCurrentRevision(outcome.currentRevision.toString());
        if (outcome.position < 0n) success.setNoPosition(new ProtoEmpty());
        else success.setPosition(new AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString()));
        response.setSuccess(success);
      } else {
        response.setError(wire.wrongExpectedVersionStatus(outcome.currentRevision, expected));
      }
      call.write(response);
    });
    call.on('end', () => call.end());
  };
}
