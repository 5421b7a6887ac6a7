/**
 * Wire shapes of the EventStoreDB stand-in, built with the client package's own generated protobuf classes so the
 * real client decodes exactly what it would get from a server. 64-bit fields are `jstype = JS_STRING` in these
 * protos, so every revision and position goes over as a decimal string.
 */
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtoEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import {
  Empty,
  MaximumAppendSizeExceeded,
  StreamIdentifier,
  Timeout,
  UUID,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import type { StandInExpected, StandInRecord } from './eventstoredb-standin.log';

export const streamNameOf = (identifier: StreamIdentifier | undefined): string =>
  Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

export function streamIdentifier(streamId: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(streamId, 'utf8'));
}

/** Reads a UUID in either form the protocol allows (string, or two signed 64-bit halves). */
export function uuidToString(uuid: UUID | undefined): string {
  if (!uuid) return '';
  if (uuid.hasString()) return uuid.getString();
  const structured = uuid.getStructured();
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(structured?.getMostSignificantBits() ?? '0'), 0);
  bytes.writeBigInt64BE(BigInt(structured?.getLeastSignificantBits() ?? '0'), 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidMessage(id: string, structured: boolean): UUID {
  if (!structured) return new UUID().setString(id);
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  const halves = new UUID.Structured()
    .setMostSignificantBits(bytes.readBigInt64BE(0).toString())
    .setLeastSignificantBits(bytes.readBigInt64BE(8).toString());
  return new UUID().setStructured(halves);
}

/** What a server sends where it has no commit position: Position.End, ulong.MaxValue. */
const NO_POSITION = (2n ** 64n - 1n).toString();

/**
 * One event as the server sends it on Streams.Read: metadata map carries type, content-type and created (ticks).
 * `withoutCommitPosition` mimics stream reads on servers from before 2022: no $all commit position on the event.
 */
export function readEventResponse(
  record: StandInRecord,
  structuredUuid: boolean,
  withoutCommitPosition = false,
): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(record.id, structuredUuid))
    .setStreamIdentifier(streamIdentifier(record.streamId))
    .setStreamRevision(record.revision.toString())
    .setPreparePosition(record.position.toString())
    .setCommitPosition(withoutCommitPosition ? NO_POSITION : record.position.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  recorded
    .getMetadataMap()
    .set('type', record.type)
    .set('content-type', record.contentType)
    .set('created', record.createdTicks.toString());
  const readEvent = new ReadResp.ReadEvent().setEvent(recorded);
  if (withoutCommitPosition) readEvent.setNoPosition(new Empty());
  else readEvent.setCommitPosition(record.position.toString());
  return new ReadResp().setEvent(readEvent);
}

export function confirmationResponse(subscriptionId: string): ReadResp {
  return new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));
}

export function checkpointResponse(position: bigint): ReadResp {
  const checkpoint = new ReadResp.Checkpoint()
    .setCommitPosition(position.toString())
    .setPreparePosition(position.toString());
  return new ReadResp().setCheckpoint(checkpoint);
}

export const caughtUpResponse = (): ReadResp => new ReadResp().setCaughtUp(new ReadResp.CaughtUp());

export function streamNotFoundResponse(streamId: string): ReadResp {
  return new ReadResp().setStreamNotFound(
    new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamId)),
  );
}

/**
 * BatchAppend's failure: a google.rpc.Status (code ALREADY_EXISTS, message "WrongExpectedVersion") whose details pack
 * an `event_store.client.WrongExpectedVersion`, as the server's Status.WrongExpectedVersion builds it.
 */
export function wrongExpectedVersionStatus(current: bigint | 'no_stream', expected: StandInExpected): Status {
  const details = new WrongExpectedVersion();
  if (current === 'no_stream') details.setCurrentNoStream(new ProtoEmpty());
  else details.setCurrentStreamRevision(current.toString());
  if (expected.kind === 'revision') details.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') details.setExpectedNoStream(new ProtoEmpty());
  else if (expected.kind === 'stream_exists') details.setExpectedStreamExists(new ProtoEmpty());
  else details.setExpectedAny(new ProtoEmpty());
  const packed = new Any();
  packed.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return new Status().setCode(Code.ALREADY_EXISTS).setMessage('WrongExpectedVersion').setDetails(packed);
}

/** BatchAppend's Status.Timeout: DEADLINE_EXCEEDED packing `Timeout` (the client raises DeadlineExceededError). */
export function timeoutStatus(): Status {
  const packed = new Any();
  packed.pack(new Timeout().serializeBinary(), 'event_store.client.Timeout');
  return new Status().setCode(Code.DEADLINE_EXCEEDED).setMessage('Timeout').setDetails(packed);
}

/** BatchAppend's Status.MaximumAppendSizeExceeded: INVALID_ARGUMENT packing the limit. */
export function maxAppendSizeStatus(maxAppendSize: number): Status {
  const packed = new Any();
  packed.pack(
    new MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize).serializeBinary(),
    'event_store.client.MaximumAppendSizeExceeded',
  );
  return new Status().setCode(Code.INVALID_ARGUMENT).setMessage('MaximumAppendSizeExceeded').setDetails(packed);
}

export const empty = (): Empty => new Empty();
