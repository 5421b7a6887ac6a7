/**
 * The ONE place the console talks to the API: only public /v1 routes, through the client generated from the OpenAPI
 * document (client/: openapi-typescript types + openapi-fetch), with the signed-in person's bearer token. Paths,
 * parameters and bodies are checked against the document at compile time. Screens import these functions and the
 * view types below, never fetch. The view types narrow the document's where it is looser (free-form objects).
 */
import { createApiClient, type components } from '../../client';
import { currentSession, sessionEnded } from './auth';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly correlationId: string | null,
    readonly details: Record<string, unknown> | null,
  ) {
    super(message);
  }
}

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
export type WorklistEntry = Schemas['WorklistEntryDto'];
export type WorklistName = 'notWelcomed' | 'fallingBehind' | 'failedTexts';
/** A phone call for the log, as the document defines it (party and outcome are enums). */
export type CallInput = Schemas['LogCallDto'];
type Answer<T> = { data?: T; error?: Schemas['ApiError'] | unknown; response: Response };

const client = createApiClient({
  baseUrl: location.origin,
  token: () => {
    const session = currentSession();
    if (!session) {
      sessionEnded();
      throw new ApiError(401, 'UNAUTHENTICATED', 'Your sign-in has ended. Sign in again.', null, null);
    }
    return session.accessToken;
  },
});

/** The answer's data, or an ApiError with the service's sentence and correlation id; a 401 ends the session. */
function unwrap<T>(answer: Answer<T>): T {
  const { response } = answer;
  if (response.status === 401) sessionEnded();
  if (!response.ok) {
    const e = (answer.error as Schemas['ApiError'] | undefined)?.error;
    throw new ApiError(
      response.status,
      e?.code ?? `HTTP_${response.status}`,
      e?.message ?? `The service answered ${response.status}.`,
      e?.correlationId ?? response.headers.get('X-Correlation-Id'),
      e?.details ?? null,
    );
  }
  return answer.data as T;
}

const path = (id: string) => ({ path: { id } });

/** A fresh idempotency key per click: the same key twice sends one text. */
export const newIdempotencyKey = (): string => `console-${crypto.randomUUID()}`;

export const api = {
  enrollments: async (
    query: { teacherId?: string; courseId?: string; studentId?: string; smsEnabled?: 'yes' | 'no' } = {},
  ) => unwrap(await client.GET('/v1/enrollments/current', { params: { query } })) as CurrentEnrollment[],
  student: async (id: string) => {
    const answer = await client.GET('/v1/students/{id}', { params: path(id) });
    return { data: unwrap(answer) as Student, etag: answer.response.headers.get('ETag') };
  },
  preview: async (id: string, body: string) =>
    unwrap(await client.POST('/v1/students/{id}/sms/preview', { params: path(id), body: { body } })) as Preview,
  send: async (id: string, input: { body: string; enrollmentId?: string; sendAt?: string; idempotencyKey: string }) =>
    unwrap(await client.POST('/v1/students/{id}/sms', { params: path(id), body: input })) as SendResult,
  threads: async (id: string) =>
    unwrap(await client.GET('/v1/students/{id}/threads', { params: path(id) })) as Thread[],
  thread: async (id: string, staffId: string) =>
    unwrap(await client.GET('/v1/students/{id}/threads/{staffId}', { params: { path: { id, staffId } } })) as Thread,
  moveReply: async (id: string, messageId: string, toStaffId: string, reason?: string) =>
    unwrap(
      await client.POST('/v1/students/{id}/replies/{messageId}/move', {
        params: { path: { id, messageId } },
        body: { toStaffId, ...(reason ? { reason } : {}) },
      }),
    ),
  inbox: async (unreadOnly: boolean) =>
    unwrap(
      await client.GET('/v1/me/inbox', {
        params: { query: { limit: 100, ...(unreadOnly ? { unread: 'only' as const } : {}) } },
      }),
    ),
  markRead: async (item: InboxItem) =>
    unwrap(
      item.kind === 'thread' && item.staffId
        ? await client.POST('/v1/me/inbox/{studentId}/threads/{staffId}/read', {
            params: { path: { studentId: item.studentId, staffId: item.staffId } },
          })
        : await client.POST('/v1/me/inbox/{studentId}/unrouted/read', {
            params: { path: { studentId: item.studentId } },
          }),
    ),
  worklists: async (teacherId: string) =>
    unwrap(await client.GET('/v1/teachers/{teacherId}/worklists', { params: { path: { teacherId } } })),
  /** The page of one worklist after `cursor` (the nextCursors.{list} of the first page, then each page's nextCursor). */
  worklistPage: async (teacherId: string, list: WorklistName, cursor: string) =>
    unwrap(
      await client.GET('/v1/teachers/{teacherId}/worklists/{list}', {
        params: { path: { teacherId, list }, query: { cursor } },
      }),
    ),
  districtPolicy: async (districtId: string) =>
    unwrap(await client.GET('/v1/districts/{districtId}/sms-policy', { params: { path: { districtId } } })),
  myThreads: async () => unwrap(await client.GET('/v1/me/threads')) as PortalThread[],
  myThread: async (staffId: string) =>
    unwrap(await client.GET('/v1/me/threads/{staffId}', { params: { path: { staffId } } })) as PortalThread,
  replyAsStudent: async (staffId: string, body: string) =>
    unwrap(await client.POST('/v1/me/threads/{staffId}/replies', { params: { path: { staffId } }, body: { body } })),
  /** The whole log, page by page (1,000 entries a page), up to `max` entries; `complete` false when it stopped there. */
  log: async (id: string, max = 10_000) => {
    const entries: LogEntry[] = [];
    for (;;) {
      const after = entries.at(-1)?.streamRevision;
      const page = unwrap(
        await client.GET('/v1/students/{id}/log', {
          params: { path: { id }, query: { limit: 1000, ...(after ? { after } : {}) } },
        }),
      ) as LogEntry[];
      entries.push(...page);
      if (page.length < 1000) return { entries, complete: true };
      if (entries.length >= max) return { entries, complete: false };
    }
  },
  addNote: async (id: string, body: string) =>
    unwrap(await client.POST('/v1/students/{id}/notes', { params: path(id), body: { body } })),
  logCall: async (id: string, input: CallInput) =>
    unwrap(await client.POST('/v1/students/{id}/calls', { params: path(id), body: input })),
  amendNote: async (id: string, noteId: string, body: string, reason: string) =>
    unwrap(
      await client.POST('/v1/students/{id}/notes/{noteId}/amendments', {
        params: { path: { id, noteId } },
        body: { body, reason },
      }),
    ),
  enteredInError: async (id: string, kind: 'notes' | 'calls', entryId: string, reason: string) =>
    unwrap(
      kind === 'notes'
        ? await client.POST('/v1/students/{id}/notes/{entryId}/entered-in-error', {
            params: { path: { id, entryId } },
            body: { reason },
          })
        : await client.POST('/v1/students/{id}/calls/{entryId}/entered-in-error', {
            params: { path: { id, entryId } },
            body: { reason },
          }),
    ),
  updateContact: async (id: string, change: { smsNumber?: string | null; reason?: string }, etag: string | null) =>
    unwrap(
      await client.PATCH('/v1/students/{id}/contact', {
        params: { path: { id }, header: etag ? { 'If-Match': etag } : {} },
        body: change as Schemas['UpdateContactDto'],
      }),
    ),
  optOut: async (id: string, requestedBy: 'student' | 'parent' | 'guardian') =>
    unwrap(await client.POST('/v1/students/{id}/opt-out', { params: path(id), body: { requestedBy } })) as {
      note: string | null;
      changed: boolean;
    },
  /** The whole history, page by page, up to `max` events; `complete` false when it stopped there. */
  history: async (id: string, purpose?: string, max = 20_000) => {
    const events: HistoryEvent[] = [];
    let after: string | undefined;
    for (;;) {
      const page = unwrap(
        await client.GET('/v1/compliance/students/{id}/history', {
          params: { path: { id }, query: { purpose, limit: 5000, ...(after ? { after } : {}) } },
        }),
      ) as { events: HistoryEvent[]; nextAfter: string | null };
      events.push(...page.events);
      if (!page.nextAfter) return { events, complete: true };
      if (events.length >= max) return { events, complete: false };
      after = page.nextAfter;
    }
  },
  asOf: async (id: string, asOf: string, purpose?: string) =>
    unwrap(
      await client.GET('/v1/compliance/students/{id}/history', { params: { path: { id }, query: { asOf, purpose } } }),
    ) as unknown as RecordSnapshot,
  access: async (id: string, purpose?: string) =>
    unwrap(
      await client.GET('/v1/compliance/students/{id}/access', { params: { path: { id }, query: { purpose } } }),
    ) as { entries: AccessEntry[]; nextAfter: string | null },
  verify: async (id: string, purpose?: string) =>
    unwrap(
      await client.GET('/v1/compliance/students/{id}/log/verify', { params: { path: { id }, query: { purpose } } }),
    ) as Verification,
  exportRecord: async (id: string, format: 'csv' | 'jsonl' | 'html', purpose: string) =>
    unwrap(
      await client.GET('/v1/compliance/students/{id}/export', {
        params: { path: { id }, query: { format, purpose } },
        parseAs: 'text',
      }),
    ) as string,
  analytics: async (view: Parameters<typeof analyticsView>[0]) =>
    unwrap(await analyticsView(view)) as Record<string, unknown>[],
};

function analyticsView(
  view:
    | 'messages-per-week'
    | 'delivery'
    | 'reply-rate'
    | 'opt-out-rate'
    | 'unwelcomed-students'
    | 'uncontacted-falling-behind',
) {
  return client.GET('/v1/analytics/{view}', { params: { path: { view } } });
}
