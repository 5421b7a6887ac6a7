import type { DomainEvent } from '../shared/event';

/**
 * FERPA 34 CFR 99.32: a record of each request for and disclosure of a student's records, kept as long as the
 * records. Every read through the service appends one of these to the student's own access stream, never to the
 * student stream, so a read can never conflict with a write.
 */
export const RECORD_PARTS = [
  'profile',
  'threads',
  'thread',
  'log',
  'history',
  'log_verification',
  'access',
  'export',
] as const;
export type RecordPart = (typeof RECORD_PARTS)[number];

/** How the read reached the record: the HTTP API (a signed-in person) or the operations CLI at the server. */
export type AccessChannel = 'api' | 'cli';

/** What exactly was read, small and free of personal data (ids, formats, counts, times). */
export type AccessDetail = Record<string, string | number | boolean | null>;

export type StudentRecordAccessed = DomainEvent<
  'StudentRecordAccessed',
  {
    studentId: string;
    part: RecordPart;
    /** The stated purpose (required for exports); null where the route takes none or none was given. */
    purpose: string | null;
    /** True when the record left the service (an export), false for a read inside it. */
    disclosure: boolean;
    channel: AccessChannel;
    detail: AccessDetail;
  }
>;

/** A read refused after the student was found (another district, not their teacher): worth a compliance look. */
export type StudentRecordAccessRefused = DomainEvent<
  'StudentRecordAccessRefused',
  {
    studentId: string;
    part: RecordPart;
    reason: string;
    channel: AccessChannel;
  }
>;

export type AccessEvent = StudentRecordAccessed | StudentRecordAccessRefused;
