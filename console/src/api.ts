/**
 * The ONE place the console talks to the API (only public /v1 routes, with the signed-in person's bearer token).
 * Screens import these functions and types, never fetch. When the generated client (client/, createApiClient from
 * openapi-typescript + openapi-fetch) is on main, these bodies switch to it and the screens do not change.
 */
import { currentSession, sessionEnded } from './auth';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly correlationId: string | null, readonly details: Record<string, unknown> | null) {
    super(message);
  }
}

export interface CurrentEnrollment {
  enrollmentId: string; studentId: string; studentFirstName: string; courseId: string; courseName: string;
  teacherId: string; teacherName: string; startedOn: string; smsEnabled: boolean; smsDisabledReason: string | null; lastContactAt: string | null;
}
export interface ListedContact { name: string; relationship: string; phone: string | null }
export interface Student {
  studentId: string; districtId: string; firstName: string; lastName: string; preferredName: string | null; smsNumber: string | null;
  optedOut: boolean; smsEnabled: boolean; smsDisabledReason: string | null; listedContacts?: ListedContact[];
}
export interface Violation { category: string; start: number; end: number; message: string; suggestion?: string }
export interface Preview { allowed: boolean; violations: Violation[]; language?: string; suggestedRewrite?: string }
export interface SendResult { messageId: string; status: string; enrollmentId: string | null; scheduledFor: string | null; notice: string | null; duplicate: boolean }
export interface ThreadMessage {
  messageId: string; direction: 'outbound' | 'inbound'; channel: 'sms' | 'portal'; body: string; status: string; failureReason: string | null;
  errorCode: string | null; enrollmentId: string | null; createdAt: string; statusAt: string; scheduledFor: string | null; flag: string | null;
  receivedOn: string | null; mayBeForAnotherStaffMember: boolean; movedFromStaffId: string | null;
}
export interface Thread { studentId: string; staffId: string; staffName: string | null; messageCount: number; lastMessageAt: string; lastDirection: string; messages?: ThreadMessage[] }
export interface PortalMessage { messageId: string; direction: 'outbound' | 'inbound'; channel: 'sms' | 'portal'; body: string; at: string; staffName: string }
export interface PortalThread { staffId: string; staffName: string; messageCount: number; lastMessageAt: string; messages?: PortalMessage[] }
export interface LogEntry { entryId: string; occurredAt: string; kind: string; eventType: string; actor: { id: string; role: string; initials: string | null }; summary: string; details: Record<string, unknown>; streamRevision: string }

export interface HistoryEvent { eventId: string; revision: string; type: string; data: unknown; metadata: { actor?: { id: string; role: string; initials?: string | null }; occurredAt?: string; correlationId?: string }; recordedAt: string }
export interface RecordSnapshot {
  studentId: string; asOf: string | null; lastEvent: { revision: string; occurredAt: string } | null;
  contact: { firstName: string; lastName: string; smsNumber: string | null } | null;
  consent: { optedOut: boolean; optOut: { at: string; requestedBy: string; note: string } | null };
  sms: { enabled: boolean; reason: string | null; explanation: string | null };
  enrollments: unknown[]; threads: { staffId: string; messages: unknown[] }[]; notes: unknown[]; calls: unknown[];
}
export interface AccessEntry { eventId: string; at: string; actor: { id: string; role: string; initials: string | null }; part: string; purpose: string | null; disclosure: boolean; channel: string; refusedBecause: string | null }
export interface Verification { status: string; intact: boolean; verifiedAt: string; table: { entries: number; headHash: string | null }; eventStore: { entries: number; headHash: string | null }; firstDifference: { explanation: string } | null; pending: { entries: number } | null }

type Query = Record<string, string | undefined>;

async function call<T>(method: string, path: string, options: { body?: unknown; query?: Query; headers?: Record<string, string> } = {}): Promise<{ data: T; etag: string | null }> {
  const session = currentSession();
  if (!session) {
    sessionEnded();
    throw new ApiError(401, 'UNAUTHENTICATED', 'Your sign-in has ended. Sign in again.', null, null);
  }
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, v);
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${session.accessToken}`, ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (res.status === 401) sessionEnded();
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as { error?: { code: string; message: string; correlationId?: string; details?: Record<string, unknown> } } | null;
    const e = problem?.error;
    throw new ApiError(res.status, e?.code ?? 'HTTP_' + res.status, e?.message ?? `The service answered ${res.status}.`, e?.correlationId ?? res.headers.get('X-Correlation-Id'), e?.details ?? null);
  }
  const type = res.headers.get('Content-Type') ?? '';
  const data = (res.status === 204 ? null : type.includes('json') ? await res.json() : await res.text()) as T;
  return { data, etag: res.headers.get('ETag') };
}

const enc = encodeURIComponent;
const get = async <T>(path: string, query?: Query): Promise<T> => (await call<T>('GET', path, { query })).data;
const post = async <T>(path: string, body: unknown): Promise<T> => (await call<T>('POST', path, { body })).data;

/** A fresh idempotency key per click: the same key twice sends one text. */
export const newIdempotencyKey = (): string => `console-${crypto.randomUUID()}`;

export const api = {
  enrollments: (filter: { teacherId?: string; courseId?: string; studentId?: string; smsEnabled?: 'yes' | 'no' } = {}) => get<CurrentEnrollment[]>('/v1/enrollments/current', filter),
  student: (id: string) => call<Student>('GET', `/v1/students/${enc(id)}`),
  preview: (id: string, body: string) => post<Preview>(`/v1/students/${enc(id)}/sms/preview`, { body }),
  send: (id: string, input: { body: string; enrollmentId?: string; sendAt?: string; idempotencyKey: string }) => post<SendResult>(`/v1/students/${enc(id)}/sms`, input),
  threads: (id: string) => get<Thread[]>(`/v1/students/${enc(id)}/threads`),
  thread: (id: string, staffId: string) => get<Thread>(`/v1/students/${enc(id)}/threads/${enc(staffId)}`),
  moveReply: (id: string, messageId: string, toStaffId: string, reason?: string) => post<{ changed: boolean }>(`/v1/students/${enc(id)}/replies/${enc(messageId)}/move`, { toStaffId, ...(reason ? { reason } : {}) }),
  myThreads: () => get<PortalThread[]>('/v1/me/threads'),
  myThread: (staffId: string) => get<PortalThread>(`/v1/me/threads/${enc(staffId)}`),
  replyAsStudent: (staffId: string, body: string) => post<unknown>(`/v1/me/threads/${enc(staffId)}/replies`, { body }),
  log: (id: string) => get<LogEntry[]>(`/v1/students/${enc(id)}/log`),
  addNote: (id: string, body: string) => post<{ noteId: string }>(`/v1/students/${enc(id)}/notes`, { body }),
  logCall: (id: string, input: { direction: 'outbound' | 'inbound'; party: string; outcome: string; durationSeconds?: number; notes?: string }) => post<{ callId: string }>(`/v1/students/${enc(id)}/calls`, input),
  amendNote: (id: string, noteId: string, body: string, reason: string) => post<unknown>(`/v1/students/${enc(id)}/notes/${enc(noteId)}/amendments`, { body, reason }),
  enteredInError: (id: string, kind: 'notes' | 'calls', entryId: string, reason: string) => post<unknown>(`/v1/students/${enc(id)}/${kind}/${enc(entryId)}/entered-in-error`, { reason }),
  updateContact: (id: string, change: { smsNumber?: string | null; reason?: string }, etag: string | null) =>
    call<unknown>('PATCH', `/v1/students/${enc(id)}/contact`, { body: change, headers: etag ? { 'If-Match': etag } : {} }),
  optOut: (id: string, requestedBy: 'student' | 'parent' | 'guardian') => post<{ note: string | null; changed: boolean }>(`/v1/students/${enc(id)}/opt-out`, { requestedBy }),
  history: (id: string, purpose?: string) => get<{ events: HistoryEvent[]; nextAfter: string | null }>(`/v1/compliance/students/${enc(id)}/history`, { purpose }),
  asOf: (id: string, asOf: string, purpose?: string) => get<RecordSnapshot>(`/v1/compliance/students/${enc(id)}/history`, { asOf, purpose }),
  access: (id: string, purpose?: string) => get<{ entries: AccessEntry[]; nextAfter: string | null }>(`/v1/compliance/students/${enc(id)}/access`, { purpose }),
  verify: (id: string, purpose?: string) => get<Verification>(`/v1/compliance/students/${enc(id)}/log/verify`, { purpose }),
  exportRecord: (id: string, format: 'csv' | 'jsonl' | 'html', purpose: string) => get<string>(`/v1/compliance/students/${enc(id)}/export`, { format, purpose }),
  analytics: (view: string) => get<Record<string, unknown>[]>(`/v1/analytics/${enc(view)}`),
};
