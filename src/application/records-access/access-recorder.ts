import { Inject, Injectable } from '@nestjs/common';
import { recordAccessDecider, type ReadStudentRecord } from '../../domain/access/record-access.decide';
import {
  type AccessChannel,
  type AccessDetail,
  type AccessEvent,
  type RecordPart,
} from '../../domain/access/record-access.events';
import type { DecisionContext } from '../../domain/shared/decider';
import { CLOCK, type Clock } from '../ports/clock.port';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';
import type { CommandEnvelope } from '../shared/command-envelope';
import { derivedEventId } from '../shared/derived-event-id';
import { StreamCommandRunner } from '../shared/stream-command-runner';
import { StudentStreams } from '../shared/student-streams';

export interface AccessRead {
  env: CommandEnvelope;
  studentId: string;
  part: RecordPart;
  purpose: string | null;
  detail?: AccessDetail;
  channel: AccessChannel;
}

/** The name the access events carry as their "command": a read, not a change. */
export const READ_COMMAND: ReadStudentRecord['type'] = 'ReadStudentRecord';

/**
 * Writes the access record (FERPA 99.32) through the generic runner as an append-only log: `access-<districtId>/<studentId>` is
 * appended with expected revision "any", so reads never wait on or conflict with each other or with writes to the
 * student. The caller records BEFORE it answers, so a read whose record could not be written is not answered (no
 * unrecorded disclosure).
 *
 * The event id is derived from the request (correlation id, actor, student, what was read), never minted: a retry
 * of the same request, by the event store adapter after a timeout or by the caller re-sending it with the same
 * X-Correlation-Id, carries the same id and is recognised as a repeat instead of recorded twice (within the
 * store's idempotency window: see docs/eventstoredb.md).
 */
@Injectable()
export class AccessRecorder {
  private readonly runner: StreamCommandRunner<ReadStudentRecord, null, AccessEvent, DecisionContext>;
  private readonly streams: StudentStreams;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock) {
    this.streams = StudentStreams.of(store);
    this.runner = new StreamCommandRunner(
      {
        decider: recordAccessDecider,
        appendOnly: true,
        eventId: (event, env) =>
          derivedEventId(['access', env.correlationId, env.actor.id, event.data.studentId, event.type, event.data]),
      },
      { store, clock },
    );
  }

  async accessed(read: AccessRead): Promise<void> {
    const { env, studentId, part, purpose, detail, channel } = read;
    await this.record(env, { studentId, part, channel, outcome: 'accessed', purpose, ...(detail ? { detail } : {}) });
  }

  async refused(read: Omit<AccessRead, 'purpose' | 'detail'> & { reason: string }): Promise<void> {
    const { env, studentId, part, channel, reason } = read;
    await this.record(env, { studentId, part, channel, outcome: 'refused', reason });
  }

  private async record(env: CommandEnvelope, data: ReadStudentRecord['data']): Promise<void> {
    // The student of the reader's district (ids are scoped by district): their access record, scoped or legacy.
    const stream = await this.streams.accessStream({ districtId: env.actor.districtId, studentId: data.studentId });
    await this.runner.run(stream, { type: READ_COMMAND, data }, env);
  }
}
