import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { districtStreamId } from '../../domain/district/district.events';
import { districtPolicyAsOf, happenedBy, recordSnapshot } from '../../domain/records/record-snapshot';
import type { RecordSnapshot } from '../../domain/records/record-snapshot.types';
import { studentStreamId } from '../../domain/student/student.events';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../ports/event-store.port';
import {
  GetRecordAsOfQuery,
  GetStudentHistoryQuery,
  type HistoryEventView,
  type HistoryPage,
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
    await authorizeComplianceRead(this.store, actor, studentId, 'history');
    const from = page.afterRevision === undefined ? 0n : page.afterRevision + 1n;
    // One more than asked tells whether there is a next page without a second read.
    const events = await readWholeStream(this.store, studentStreamId(studentId), {
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

/** The record as it stood at a moment, replayed from the event store (student and district streams) up to then. */
@QueryHandler(GetRecordAsOfQuery)
export class GetRecordAsOfHandler implements IQueryHandler<GetRecordAsOfQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actor, studentId, asOf }: GetRecordAsOfQuery): Promise<RecordSnapshot> {
    const { districtId } = await authorizeComplianceRead(this.store, actor, studentId, 'history');
    // The replay needs every event at once: read it whole (chunks in flight), the district's policy alongside.
    const [all, district] = await Promise.all([
      readWholeStream(this.store, studentStreamId(studentId)),
      this.store.readStream(districtStreamId(districtId)),
    ]);
    const events = all.filter((e) => happenedBy(e, asOf));
    return recordSnapshot(studentId, events, districtPolicyAsOf(district, asOf), asOf);
  }
}
