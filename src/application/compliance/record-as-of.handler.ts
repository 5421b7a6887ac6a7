import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { districtStreamId } from '../../domain/district/district.events';
import { districtPolicyAsOf, happenedBy, RecordReplay, recordSnapshot } from '../../domain/records/record-snapshot';
import type { RecordSnapshot } from '../../domain/records/record-snapshot.types';
import type { Actor } from '../../domain/shared/actor';
import { isEventAsOfSource, type EventAsOfSource } from '../ports/event-as-of-source.port';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';
import { readWholeStream } from '../shared/paged-stream';
import { authorizeComplianceRead } from './compliance-access';
import { GetRecordAsOfQuery } from './compliance.queries';

/**
 * The record as it stood at a moment, replayed from the event store (student and district streams) up to then.
 * A store that cuts a stream at a moment itself (EventAsOfSource: PostgreSQL) reads only the events that had
 * happened by then, and they are folded as they arrive; any other store's stream is read whole and cut here.
 * The answer is the same either way (test/integration/postgres-record-as-of.spec.ts).
 */
@QueryHandler(GetRecordAsOfQuery)
export class GetRecordAsOfHandler implements IQueryHandler<GetRecordAsOfQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ actor, studentId, asOf }: GetRecordAsOfQuery): Promise<RecordSnapshot> {
    const store = this.store;
    return isEventAsOfSource(store)
      ? recordAsOfFromCutStream(store, actor, studentId, asOf)
      : recordAsOfFromWholeStream(store, actor, studentId, asOf);
  }
}

async function recordAsOfFromCutStream(
  store: EventStore & EventAsOfSource,
  actor: Actor,
  studentId: string,
  asOf: Date,
): Promise<RecordSnapshot> {
  const { districtId, streams } = await authorizeComplianceRead(store, actor, studentId, 'history');
  const replay = new RecordReplay();
  const fold = async () => {
    for await (const events of store.readStreamAsOf(streams.student, asOf)) for (const e of events) replay.add(e);
  };
  // The district's policy is read alongside.
  const [, district] = await Promise.all([fold(), store.readStream(districtStreamId(districtId))]);
  return replay.snapshot(studentId, districtPolicyAsOf(district, asOf), asOf);
}

/**
 * The replay from the whole stream: every event read and parsed, then each one's time parsed and compared. What the
 * handler did before stores cut streams themselves, and still does for EventStoreDB and the in-memory store.
 */
export async function recordAsOfFromWholeStream(
  store: EventStore,
  actor: Actor,
  studentId: string,
  asOf: Date,
): Promise<RecordSnapshot> {
  const { districtId, streams } = await authorizeComplianceRead(store, actor, studentId, 'history');
  // The replay needs every event at once: read it whole (chunks in flight), the district's policy alongside.
  const [all, district] = await Promise.all([
    readWholeStream(store, streams.student),
    store.readStream(districtStreamId(districtId)),
  ]);
  const events = all.filter((e) => happenedBy(e, asOf));
  return recordSnapshot(studentId, events, districtPolicyAsOf(district, asOf), asOf);
}
