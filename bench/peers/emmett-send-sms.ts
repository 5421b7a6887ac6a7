/**
 * The peer: the same SendSms decision written as an emmett decider on @event-driven-io/emmett-postgresql, with an
 * inline (same-transaction) pongo projection of the thread. It decides as our service does on the points the peer
 * figure compares (bench/NOTES.md, "Peer: emmett"):
 *   - the student must be registered and have a phone number on file;
 *   - the enrollment named must be the student's, active, and taught by the sender;
 *   - the text passes our own content guard (src/domain/content-policy, the same checkContent our decider calls),
 *     judged against the student's name, date of birth, address and username, with the sender's own name allowed
 *     and the district's allowed link hosts.
 * Our decider also applies the district's SMS policy and quiet hours, idempotency keys and opt-outs, and reads a
 * 200-event history (cached); the peer's streams hold only the registration and enrollments (its best case).
 */
import { DeciderCommandHandler, projections, type Command, type Event, type ReadEvent } from '@event-driven-io/emmett';
import {
  getPostgreSQLEventStore,
  pongoMultiStreamProjection,
  type PostgresEventStore,
} from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { checkContent, type ContentSubject } from '../../src/domain/content-policy';

export type PeerStudentRegistered = Event<
  'StudentRegistered',
  {
    studentId: string;
    firstName: string;
    lastName: string;
    preferredName: string | null;
    dateOfBirth: string | null;
    address: string | null;
    username: string | null;
    smsNumber: string | null;
  }
>;
export type PeerEnrollmentStarted = Event<
  'EnrollmentStarted',
  { studentId: string; enrollmentId: string; teacherId: string }
>;
export type PeerEnrollmentEnded = Event<'EnrollmentEnded', { studentId: string; enrollmentId: string }>;
export type PeerSmsQueued = Event<
  'SmsQueued',
  {
    studentId: string;
    messageId: string;
    enrollmentId: string;
    staffId: string;
    to: string;
    body: string;
    queuedAt: string;
  }
>;
export type PeerStudentEvent = PeerStudentRegistered | PeerEnrollmentStarted | PeerEnrollmentEnded | PeerSmsQueued;

export type PeerSendSms = Command<
  'SendSms',
  {
    studentId: string;
    enrollmentId: string;
    staffId: string;
    staffName: string;
    body: string;
    messageId: string;
    allowedLinkHosts: string[];
    now: string;
  }
>;

export interface PeerStudentState {
  profile: PeerStudentRegistered['data'] | null;
  enrollments: Map<string, { teacherId: string; active: boolean }>;
}

export class PeerDecisionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PeerDecisionError';
  }
}

export const initialState = (): PeerStudentState => ({ profile: null, enrollments: new Map() });

/** Folds in place: emmett starts every command from a fresh initialState(). */
export function evolve(state: PeerStudentState, event: PeerStudentEvent): PeerStudentState {
  switch (event.type) {
    case 'StudentRegistered':
      state.profile = event.data;
      break;
    case 'EnrollmentStarted':
      state.enrollments.set(event.data.enrollmentId, { teacherId: event.data.teacherId, active: true });
      break;
    case 'EnrollmentEnded': {
      const enrollment = state.enrollments.get(event.data.enrollmentId);
      if (enrollment) enrollment.active = false;
      break;
    }
    case 'SmsQueued':
      break;
  }
  return state;
}

export function decide(command: PeerSendSms, state: PeerStudentState): PeerSmsQueued {
  const { data } = command;
  const profile = state.profile;
  if (profile === null) throw new PeerDecisionError('STUDENT_NOT_FOUND', 'No such student.');
  const enrollment = state.enrollments.get(data.enrollmentId);
  if (!enrollment)
    throw new PeerDecisionError(
      'ENROLLMENT_NOT_OF_STUDENT',
      "The enrollment named is not one of this student's enrollments.",
    );
  if (enrollment.teacherId !== data.staffId)
    throw new PeerDecisionError('NOT_TEACHER_OF_ENROLLMENT', 'You are not the teacher of that enrollment.');
  if (!enrollment.active) throw new PeerDecisionError('ENROLLMENT_NOT_ACTIVE', 'That enrollment has ended.');
  if (profile.smsNumber === null)
    throw new PeerDecisionError('SMS_NOT_ENABLED', 'This student has no SMS number on file.');
  const subject: ContentSubject = {
    firstName: profile.firstName,
    lastName: profile.lastName,
    preferredName: profile.preferredName,
    dateOfBirth: profile.dateOfBirth,
    address: profile.address,
    username: profile.username,
  };
  const verdict = checkContent(data.body, subject, {
    allowedLinkHosts: data.allowedLinkHosts,
    senderNames: [data.staffName],
  });
  if (!verdict.allowed)
    throw new PeerDecisionError(
      'CONTENT_POLICY_VIOLATION',
      `This text may not be sent to a student: ${verdict.violations[0]!.message}`,
    );
  return {
    type: 'SmsQueued',
    data: {
      studentId: profile.studentId,
      messageId: data.messageId,
      enrollmentId: data.enrollmentId,
      staffId: data.staffId,
      to: profile.smsNumber,
      body: data.body,
      queuedAt: data.now,
    },
  };
}

/** The teacher's thread with the student: its message count and latest text, in the append's transaction. */
export type PeerThread = {
  studentId: string;
  staffId: string;
  messages: number;
  lastMessageId: string | null;
  lastBody: string | null;
  lastAt: string | null;
};

export const THREAD_COLLECTION = 'peer_threads';

const threadProjection = pongoMultiStreamProjection<PeerThread, PeerSmsQueued>({
  collectionName: THREAD_COLLECTION,
  canHandle: ['SmsQueued'],
  getDocumentId: (event) => `${event.data.studentId}:${event.data.staffId}`,
  initialState: () => ({ studentId: '', staffId: '', messages: 0, lastMessageId: null, lastBody: null, lastAt: null }),
  evolve: (thread: PeerThread, event: ReadEvent<PeerSmsQueued>): PeerThread => ({
    studentId: event.data.studentId,
    staffId: event.data.staffId,
    messages: thread.messages + 1,
    lastMessageId: event.data.messageId,
    lastBody: event.data.body,
    lastAt: event.data.queuedAt,
  }),
});

export const handleSendSms = DeciderCommandHandler<PeerStudentState, PeerSendSms, PeerStudentEvent>({
  decide,
  evolve,
  initialState,
  mapToStreamId: (studentId) => `student-${studentId}`,
});

export interface EmmettPeer {
  store: PostgresEventStore;
  send(command: PeerSendSms): Promise<void>;
  close(): Promise<void>;
}

/** emmett's PostgreSQL event store on `url` (its own database), with a pool as large as our service's (20). */
export function startEmmettPeer(url: string, poolSize = 20): EmmettPeer {
  const pool = new Pool({ connectionString: url, max: poolSize });
  // An idle connection ended by the server (a dropped database, a restart) is replaced, not a crash.
  pool.on('error', () => undefined);
  const store = getPostgreSQLEventStore(url, {
    connectionOptions: { pool },
    projections: projections.inline([threadProjection]),
  });
  return {
    store,
    async send(command) {
      await handleSendSms(store, command.data.studentId, command);
    },
    async close() {
      try {
        await store.close();
      } finally {
        await pool.end();
      }
    },
  };
}
