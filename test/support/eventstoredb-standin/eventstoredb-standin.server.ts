/**
 * EventStoreDB STAND-IN for tests: a gRPC server built with @grpc/grpc-js from the client package's own generated
 * service definitions, serving only what the EventStoreDB adapter uses (ServerFeatures, Streams.Read, Append,
 * BatchAppend). It is NOT EventStoreDB: no persistence, no cluster/gossip, no TLS/auth, no deletes, no projections,
 * no persistent subscriptions. Its log is kept in memory across `stop()`/`restart()` on the same port, so tests can
 * drop every connection in the middle of a subscription and bring "the server" back with its data.
 */
import { randomUUID } from 'node:crypto';
import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import type { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import { StandInLog } from './eventstoredb-standin.log';
import {
  appendHandler,
  batchAppendHandler,
  defaultWriteBehaviour,
  type StandInWriteBehaviour,
} from './eventstoredb-standin.append';
import { readHandler } from './eventstoredb-standin.read';

export interface EventStoreDbStandInOptions {
  /** 0 or omitted: an ephemeral port, kept for restarts. */
  port?: number;
  /** Advertise Streams.BatchAppend (a real 24.x server does; the client then appends through it). Default true. */
  batchAppend?: boolean;
  /** Log position of the first event (default 1000). */
  firstPosition?: bigint;
  /** Behave like a server from before 2022: stream reads carry no commit position (2^64-1). Default false. */
  legacyStreamReadPositions?: boolean;
  /** --max-append-size / --write-timeout-ms / an injected write delay; see eventstoredb-standin.append.ts. */
  writes?: Partial<StandInWriteBehaviour>;
  /** Entries of the committed-event-id cache (idempotency of `any` appends). Default: about the server's. */
  idempotencyCacheEntries?: number;
}

export interface EventStoreDbStandIn {
  /** `esdb://127.0.0.1:<port>?tls=false` */
  url: string;
  port: number;
  /** The in-memory log, for assertions and for writing system events as the server itself would. */
  log: StandInLog;
  /** Options of every Streams.Read call received (counted reads and subscriptions), to check what went on the wire. */
  reads: ReadReq.Options[];
  /** Writes an event as the server does for its own bookkeeping (e.g. `$metadata`, `$statsCollected`). */
  appendSystemEvent(streamId: string, type: string): void;
  /** The write settings in force; change them at any time (e.g. `writes.writeDelayMs = 3_000`). */
  writes: StandInWriteBehaviour;
  /** Drops every connection and stops listening (a crash, from the client's point of view). Data is kept. */
  stop(): Promise<void>;
  /** Listens again on the same port with the same data, and (like a restarted server) an empty idempotency cache. */
  restart(): Promise<void>;
}

const SERVER_VERSION = '24.10.0';

function supportedMethods(batchAppend: boolean): SupportedMethods {
  const method = (service: string, name: string, features: string[] = []) =>
    new SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList(features);
  const streams = 'event_store.client.streams.streams';
  const methods = [
    method(streams, 'read', ['position', 'events']),
    method(streams, 'append'),
    ...(batchAppend ? [method(streams, 'batchappend')] : []),
    method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
  ];
  return new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(SERVER_VERSION);
}

function systemEvent(log: StandInLog, streamId: string, type: string): void {
  const data = Buffer.from(JSON.stringify({ writtenBy: 'eventstoredb-standin' }), 'utf8');
  log.append(streamId, { kind: 'any' }, [
    { id: randomUUID(), type, contentType: 'application/json', data, customMetadata: new Uint8Array() },
  ]);
}

export async function startEventStoreDbStandIn(options: EventStoreDbStandInOptions = {}): Promise<EventStoreDbStandIn> {
  const log = new StandInLog(options.firstPosition, options.idempotencyCacheEntries);
  const writes: StandInWriteBehaviour = { ...defaultWriteBehaviour(), ...options.writes };
  const reads: ReadReq.Options[] = [];
  // Like a fresh server, the log starts with the server's own events, so "from the start" must skip system events.
  systemEvent(log, '$$$user-admin', '$metadata');
  systemEvent(log, '$users', '$UserCreated');

  const batchAppend = options.batchAppend ?? true;
  let server: Server | undefined;
  let port = options.port ?? 0;

  const listen = async (): Promise<void> => {
    const next = new Server();
    next.addService(ServerFeaturesService, {
      getSupportedMethods: (
        _call: ServerUnaryCall<Empty, SupportedMethods>,
        callback: sendUnaryData<SupportedMethods>,
      ) => callback(null, supportedMethods(batchAppend)),
    });
    // Methods left out (delete, tombstone, and batchAppend when disabled) answer UNIMPLEMENTED, as grpc-js does.
    next.addService(StreamsService, {
      read: readHandler(log, { legacyStreamReadPositions: options.legacyStreamReadPositions ?? false }, (request) =>
        reads.push(request),
      ),
      append: appendHandler(log, writes),
      ...(batchAppend ? { batchAppend: batchAppendHandler(log, writes) } : {}),
    });
    port = await new Promise<number>((resolve, reject) =>
      next.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    server = next;
  };

  await listen();
  return {
    get url() {
      return `esdb://127.0.0.1:${port}?tls=false`;
    },
    get port() {
      return port;
    },
    log,
    reads,
    writes,
    appendSystemEvent: (streamId, type) => systemEvent(log, streamId, type),
    async stop() {
      // forceShutdown cancels every call and closes every HTTP/2 session at once: clients see the connection drop.
      server?.forceShutdown();
      server = undefined;
    },
    async restart() {
      if (server) server.forceShutdown();
      log.forgetRecentEventIds();
      await listen();
    },
  };
}
