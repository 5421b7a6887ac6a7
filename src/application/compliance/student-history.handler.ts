import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../ports/event-store.port';
import { isEventJsonSource, type EventJsonBatch } from '../ports/event-json-source.port';
import {
  GetStudentHistoryJsonQuery,
  GetStudentHistoryQuery,
  type HistoryEventView,
  type HistoryPage,
  type JsonPieces,
} from './compliance.queries';
import { readWholeStream } from '../shared/paged-stream';
import { authorizeComplianceRead } from './compliance-access';

export const toHistoryEvent = (e: RecordedEvent): HistoryEventView => ({
  eventId: e.id,
  revision: e.revision.toString(),
  position: e.position.toString(),
  type: e.type,
  data: e.data,
  metadata: e.metadata,
  recordedAt: e.recordedAt,
});

/** Every event of the student, in stream order, with who, when and why (the replay's raw material). */
@QueryHandler(GetStudentHistoryQuery)
export class GetStudentHistoryHandler implements IQueryHandler<GetStudentHistoryQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actor, studentId, page }: GetStudentHistoryQuery): Promise<HistoryPage> {
    const { streams } = await authorizeComplianceRead(this.store, actor, studentId, 'history');
    const from = page.afterRevision === undefined ? 0n : page.afterRevision + 1n;
    // One more than asked tells whether there is a next page without a second read.
    const events = await readWholeStream(this.store, streams.student, {
      fromRevision: from,
      maxCount: page.limit + 1,
    });
    const shown = events.slice(0, page.limit);
    return {
      studentId,
      events: shown.map(toHistoryEvent),
      nextAfter: events.length > page.limit ? shown[shown.length - 1]!.revision.toString() : null,
    };
  }
}

/**
 * The same page as GetStudentHistoryHandler's, as the bytes JSON.stringify would write for it, in pieces as they are
 * read. A store that composes the events' JSON itself (EventJsonSource: PostgreSQL) hands it over untouched; any
 * other store's events are serialised here. The first read is awaited before the answer is given: a store failing
 * at once fails the query, not a half-written answer.
 */
@QueryHandler(GetStudentHistoryJsonQuery)
export class GetStudentHistoryJsonHandler implements IQueryHandler<GetStudentHistoryJsonQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actor, studentId, page }: GetStudentHistoryJsonQuery): Promise<JsonPieces> {
    const { streams } = await authorizeComplianceRead(this.store, actor, studentId, 'history');
    const streamId = streams.student;
    const options = {
      fromRevision: page.afterRevision === undefined ? 0n : page.afterRevision + 1n,
      maxCount: page.limit + 1,
    };
    const store = this.store;
    const batches: AsyncIterable<EventJsonBatch> = isEventJsonSource(store)
      ? store.readStreamJson(streamId, options)
      : (async function* () {
          const events = await readWholeStream(store, streamId, options);
          yield {
            json: events.map((e) => Buffer.from(JSON.stringify(toHistoryEvent(e)))),
            revisions: events.map((e) => e.revision.toString()),
          };
        })();
    const rest = batches[Symbol.asyncIterator]();
    let first: IteratorResult<EventJsonBatch>;
    try {
      first = await rest.next();
    } catch (error) {
      await rest.return?.();
      throw error;
    }
    const pieces = historyJson(studentId, page.limit, first, rest);
    // Given up before its first piece was asked for (the generator never ran): the read behind it is ended here.
    return {
      [Symbol.asyncIterator]: () => ({
        next: () => pieces.next(),
        return: async () => {
          const result = await pieces.return(undefined);
          await rest.return?.();
          return result;
        },
      }),
    };
  }
}

const COMMA = Buffer.from(',');

async function* historyJson(
  studentId: string,
  limit: number,
  first: IteratorResult<EventJsonBatch>,
  rest: AsyncIterator<EventJsonBatch>,
): AsyncGenerator<string | Uint8Array, undefined> {
  let done = false;
  try {
    yield `{"studentId":${JSON.stringify(studentId)},"events":[`;
    let shown = 0;
    let last: string | null = null;
    let more = false;
    // Read to the end (one event past the page at most, to know there is a next page): the read then ends cleanly.
    for (let r = first; !r.done; r = await rest.next()) {
      const { json, revisions } = r.value;
      const pieces: Uint8Array[] = [];
      for (let i = 0; i < json.length; i++) {
        if (shown === limit) {
          more = true;
          break;
        }
        if (shown > 0) pieces.push(COMMA);
        pieces.push(json[i]!);
        last = revisions[i]!;
        shown++;
      }
      if (pieces.length > 0) yield Buffer.concat(pieces);
    }
    done = true;
    yield `],"nextAfter":${more && last !== null ? JSON.stringify(last) : 'null'}}`;
  } finally {
    if (!done) await rest.return?.();
  }
  return undefined;
}
