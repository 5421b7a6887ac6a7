import type { Actor } from '../../domain/shared/actor';
import type { StudentKey } from '../../domain/student/student-stream';

/** What every command carries besides its payload: who, the request's correlation id, an optional If-Match. */
export interface CommandEnvelope {
  actor: Actor;
  correlationId: string;
  /** The event or request that caused this command; defaults to the correlation id (a person's request). */
  causationId?: string;
  /** From If-Match: the stream revision the caller last saw. When set, a conflict is not retried (412). */
  expectedRevision?: bigint;
}

export interface CommandOutcome<TResult = undefined> {
  /** Revision of the stream after the command (unchanged when it was a no-op): the next ETag. */
  revision: bigint | null;
  /** How many events the command recorded: 0 means "already so". */
  recorded: number;
  result: TResult;
}

/** The student a caller names: ids are scoped by district, and a caller only ever reaches its own district's. */
export const studentOf = (env: CommandEnvelope, studentId: string): StudentKey => ({
  districtId: env.actor.districtId,
  studentId,
});
