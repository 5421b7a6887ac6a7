import { Query } from '@nestjs/cqrs';
import type { AccessDetail } from '../../domain/access/record-access.events';
import type { RecordSnapshot } from '../../domain/records/record-snapshot.types';
import type { Actor } from '../../domain/shared/actor';
import type { EventMetadata } from '../../domain/shared/event';

/** Reads for compliance: the record's history, the record as of a moment, who read it, and whether it is intact. */
export interface HistoryEventView {
  eventId: string;
  revision: string;
  position: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: string;
}

export interface HistoryPage {
  studentId: string;
  events: HistoryEventView[];
  /** Pass as ?after= for the next page; null on the last page. */
  nextAfter: string | null;
}

export interface AccessEntryView {
  eventId: string;
  revision: string;
  type: 'StudentRecordAccessed' | 'StudentRecordAccessRefused';
  at: string;
  actor: { id: string; role: string; districtId: string; initials: string | null };
  part: string;
  purpose: string | null;
  disclosure: boolean;
  channel: string;
  detail: AccessDetail;
  refusedBecause: string | null;
  correlationId: string;
}

export interface AccessPage {
  studentId: string;
  entries: AccessEntryView[];
  nextAfter: string | null;
}

export class GetStudentHistoryQuery extends Query<HistoryPage> {
  constructor(
    readonly actor: Actor,
    readonly studentId: string,
    readonly page: { afterRevision?: bigint; limit: number },
  ) {
    super();
  }
}

/**
 * A JSON answer in pieces, in order, as they become ready (a long history is never held, parsed or re-serialised
 * whole). Iterate it once; stopping early (`return()`) ends the read behind it and frees what it holds.
 */
export interface JsonPieces extends AsyncIterable<string | Uint8Array> {
  [Symbol.asyncIterator](): AsyncIterator<string | Uint8Array, undefined>;
}

/** GetStudentHistoryQuery's page, as the JSON text of a HistoryPage (the same bytes JSON.stringify writes). */
export class GetStudentHistoryJsonQuery extends Query<JsonPieces> {
  constructor(
    readonly actor: Actor,
    readonly studentId: string,
    readonly page: { afterRevision?: bigint; limit: number },
  ) {
    super();
  }
}

export class GetRecordAsOfQuery extends Query<RecordSnapshot> {
  constructor(
    readonly actor: Actor,
    readonly studentId: string,
    readonly asOf: Date,
  ) {
    super();
  }
}

export class ListRecordAccessQuery extends Query<AccessPage> {
  constructor(
    readonly actor: Actor,
    readonly studentId: string,
    readonly page: { afterRevision?: bigint; limit: number },
  ) {
    super();
  }
}
