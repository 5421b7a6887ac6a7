import { Inject, Injectable } from '@nestjs/common';
import { accessStreamId, type AccessChannel, type AccessDetail, type AccessEvent, type RecordPart } from '../../domain/access/record-access.events';
import { CLOCK, type Clock } from '../ports/clock.port';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';
import type { CommandEnvelope } from '../shared/command-envelope';
import { derivedEventId } from '../shared/derived-event-id';
import { toEventData } from '../shared/to-event-data';

export interface AccessRead {
  env: CommandEnvelope;
  studentId: string;
  part: RecordPart;
  purpose: string | null;
  detail?: AccessDetail;
  channel: AccessChannel;
}

/** The name the access events carry as their "command": a read, not a change. */
export const READ_COMMAND = 'ReadStudentRecord';

/**
 * Writes the access record (FERPA 99.32). Appends to `access-<studentId>` with expected revision "any": reads never
 * wait on or conflict with each other or with writes to the student. The caller records BEFORE it answers, so a
 * read whose record could not be written is not answered (no unrecorded disclosure).
 *
 * The event id is derived from the request (correlation id, actor, student, what was read), never minted: a retry
 * of the same request, by the event store adapter after a timeout or by the caller re-sending it with the same
 * X-Correlation-Id, carries the same id and is recognised as a repeat instead of recorded twice (within the
 * store's idempotency window: see docs/eventstoredb.md).
 */
@Injectable()
export class AccessRecorder {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  accessed(read: AccessRead): Promise<void> {
    return this.append(read.env, read.studentId, {
      type: 'StudentRecordAccessed',
      data: {
        studentId: read.studentId, part: read.part, purpose: read.purpose, disclosure: read.part === 'export',
        channel: read.channel, detail: read.detail ?? {},
      },
    });
  }

  refused(read: Omit<AccessRead, 'purpose' | 'detail'> & { reason: string }): Promise<void> {
    return this.append(read.env, read.studentId, {
      type: 'StudentRecordAccessRefused',
      data: { studentId: read.studentId, part: read.part, reason: read.reason, channel: read.channel },
    });
  }

  private async append(env: CommandEnvelope, studentId: string, event: AccessEvent): Promise<void> {
    const id = derivedEventId(['access', env.correlationId, env.actor.id, studentId, event.type, event.data]);
    await this.store.append(accessStreamId(studentId), toEventData([event], READ_COMMAND, env, this.clock.now(), { next: () => id }), 'any');
  }
}
