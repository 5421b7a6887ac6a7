import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../domain/shared/actor';

/** Reads. Each names the actor: authorization by role, district and enrollment happens in its handler. */
export interface CurrentEnrollmentView {
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

export interface ThreadMessageView {
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
  /** When a scheduled text goes out (status 'scheduled'), else null. */
  scheduledFor: string | null;
  /** e.g. 'likely_opt_out_request': a student's text that reads like a request to stop texting. */
  flag: string | null;
}

export interface ThreadView {
  studentId: string;
  staffId: string;
  messageCount: number;
  lastMessageAt: string;
  lastDirection: string;
  messages?: ThreadMessageView[];
}

export interface LogEntryView {
  entryId: string;
  occurredAt: string;
  kind: string;
  eventType: string;
  actor: { id: string; role: string; initials: string | null };
  summary: string;
  details: Record<string, unknown>;
  streamRevision: string;
}

export interface StudentView {
  studentId: string;
  districtId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  smsNumber: string | null;
  optedOut: boolean;
  smsEnabled: boolean;
  smsDisabledReason: string | null;
}

export interface UnroutedView {
  messageId: string;
  studentId: string | null;
  fromNumber: string | null;
  body: string;
  reason: string;
  receivedAt: string;
}

export class ListCurrentEnrollmentsQuery extends Query<CurrentEnrollmentView[]> {
  constructor(readonly actor: Actor, readonly filter: { teacherId?: string; courseId?: string; smsEnabled?: boolean; studentId?: string }) {
    super();
  }
}

export class GetStudentQuery extends Query<StudentView> {
  constructor(readonly actor: Actor, readonly studentId: string) {
    super();
  }
}

export class ListThreadsQuery extends Query<ThreadView[]> {
  constructor(readonly actor: Actor, readonly studentId: string) {
    super();
  }
}

export class GetThreadQuery extends Query<ThreadView> {
  constructor(readonly actor: Actor, readonly studentId: string, readonly staffId: string) {
    super();
  }
}

export class GetCommunicationLogQuery extends Query<LogEntryView[]> {
  constructor(readonly actor: Actor, readonly studentId: string, readonly page: { afterRevision?: bigint; limit: number }) {
    super();
  }
}

export class ListUnroutedInboundQuery extends Query<UnroutedView[]> {
  constructor(readonly actor: Actor, readonly limit: number) {
    super();
  }
}
