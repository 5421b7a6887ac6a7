/** The view types of the API's answers the console shows; they narrow the document's where it is looser. */
import type { components } from '../../../client';

export interface CurrentEnrollment {
  enrollmentId: string;
  studentId: string;
  studentFirstName: string;
  courseId: string;
  courseName: string;
  teacherId: string;
  teacherName: string;
  startedOn: string;
  smsEnabled: boolean;
  smsDisabledReason: string | null;
  lastContactAt: string | null;
}
export interface ListedContact {
  name: string;
  relationship: string;
  phone: string | null;
}
export interface Student {
  studentId: string;
  districtId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  smsNumber: string | null;
  optedOut: boolean;
  smsEnabled: boolean;
  smsDisabledReason: string | null;
  listedContacts?: ListedContact[];
}
export interface Violation {
  category: string;
  start: number;
  end: number;
  message: string;
  suggestion?: string;
}
export interface Preview {
  allowed: boolean;
  violations: Violation[];
  language?: string;
  suggestedRewrite?: string;
}
export interface SendResult {
  messageId: string;
  status: string;
  enrollmentId: string | null;
  scheduledFor: string | null;
  notice: string | null;
  duplicate: boolean;
}
export interface ThreadMessage {
  messageId: string;
  direction: 'outbound' | 'inbound';
  channel: 'sms' | 'portal';
  body: string;
  status: string;
  failureReason: string | null;
  errorCode: string | null;
  enrollmentId: string | null;
  createdAt: string;
  statusAt: string;
  scheduledFor: string | null;
  flag: string | null;
  receivedOn: string | null;
  mayBeForAnotherStaffMember: boolean;
  movedFromStaffId: string | null;
}
export interface Thread {
  studentId: string;
  staffId: string;
  staffName: string | null;
  messageCount: number;
  lastMessageAt: string;
  lastDirection: string;
  messages?: ThreadMessage[];
}
export interface PortalMessage {
  messageId: string;
  direction: 'outbound' | 'inbound';
  channel: 'sms' | 'portal';
  body: string;
  at: string;
  staffName: string;
}
export interface PortalThread {
  staffId: string;
  staffName: string;
  messageCount: number;
  lastMessageAt: string;
  messages?: PortalMessage[];
}
export interface LogEntry {
  entryId: string;
  occurredAt: string;
  kind: string;
  eventType: string;
  actor: { id: string; role: string; initials: string | null };
  summary: string;
  details: Record<string, unknown>;
  streamRevision: string;
}

export interface HistoryEvent {
  eventId: string;
  revision: string;
  type: string;
  data: unknown;
  metadata: {
    actor?: { id: string; role: string; initials?: string | null };
    occurredAt?: string;
    correlationId?: string;
  };
  recordedAt: string;
}
export interface RecordSnapshot {
  studentId: string;
  asOf: string | null;
  lastEvent: { revision: string; occurredAt: string } | null;
  contact: { firstName: string; lastName: string; smsNumber: string | null } | null;
  consent: { optedOut: boolean; optOut: { at: string; requestedBy: string; note: string } | null };
  sms: { enabled: boolean; reason: string | null; explanation: string | null };
  enrollments: unknown[];
  threads: { staffId: string; messages: unknown[] }[];
  notes: unknown[];
  calls: unknown[];
}
export interface AccessEntry {
  eventId: string;
  at: string;
  actor: { id: string; role: string; initials: string | null };
  part: string;
  purpose: string | null;
  disclosure: boolean;
  channel: string;
  refusedBecause: string | null;
}
export interface Verification {
  status: string;
  intact: boolean;
  verifiedAt: string;
  table: { entries: number; headHash: string | null };
  eventStore: { entries: number; headHash: string | null };
  firstDifference: { explanation: string } | null;
  pending: { entries: number } | null;
}

type Schemas = components['schemas'];
export type InboxItem = Schemas['InboxItemDto'];
export type InboxPage = Schemas['InboxPageResponseDto'];
export type WorklistEntry = Schemas['WorklistEntryDto'];
export type WorklistName = 'notWelcomed' | 'fallingBehind' | 'failedTexts';
export type Template = Schemas['TemplateDto'];
export type TemplatePurpose = Template['purpose'];
export type ClassTextResult = Schemas['ClassTextResponseDto'];
export type ClassTextStudent = Schemas['ClassTextStudentDto'];
export type DistrictPolicy = Schemas['DistrictSmsPolicyResponseDto'];
/** A phone call for the log, as the document defines it (party and outcome are enums). */
export type CallInput = Schemas['LogCallDto'];
