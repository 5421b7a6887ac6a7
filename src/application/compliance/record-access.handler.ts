import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AccessEvent } from '../../domain/access/record-access.events';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../ports/event-store.port';
import { ListRecordAccessQuery, type AccessEntryView, type AccessPage } from './compliance.queries';
import { authorizeComplianceRead } from './compliance-access';

export function toAccessEntry(e: RecordedEvent): AccessEntryView {
  const event = { type: e.type, data: e.data } as AccessEvent;
  const { actor } = e.metadata;
  const base = {
    eventId: e.id,
    revision: e.revision.toString(),
    at: e.metadata.occurredAt,
    correlationId: e.metadata.correlationId,
    actor: { id: actor.id, role: actor.role, districtId: actor.districtId, initials: actor.initials ?? null },
  };
  return event.type === 'StudentRecordAccessed'
    ? {
        ...base,
        type: event.type,
        part: event.data.part,
        purpose: event.data.purpose,
        disclosure: event.data.disclosure,
        channel: event.data.channel,
        detail: event.data.detail,
        refusedBecause: null,
      }
    : {
        ...base,
        type: event.type,
        part: event.data.part,
        purpose: null,
        disclosure: false,
        channel: event.data.channel,
        detail: {},
        refusedBecause: event.data.reason,
      };
}

/** Who read the student's record, when, what, and why (FERPA's record of requests and disclosures). */
@QueryHandler(ListRecordAccessQuery)
export class ListRecordAccessHandler implements IQueryHandler<ListRecordAccessQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actor, studentId, page }: ListRecordAccessQuery): Promise<AccessPage> {
    const { streams } = await authorizeComplianceRead(this.store, actor, studentId, 'access');
    const from = page.afterRevision === undefined ? 0n : page.afterRevision + 1n;
    const events = await this.store.readStream(streams.access, {
      fromRevision: from,
      maxCount: page.limit + 1,
    });
    const shown = events.slice(0, page.limit);
    return {
      studentId,
      entries: shown.map(toAccessEntry),
      nextAfter: events.length > page.limit ? shown[shown.length - 1]!.revision.toString() : null,
    };
  }
}
