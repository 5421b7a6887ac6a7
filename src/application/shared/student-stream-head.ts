import { Inject, Injectable } from '@nestjs/common';
import type { StudentKey } from '../../domain/student/student-stream';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';
import { StudentCommandRunner } from './student-command-runner';

export interface StreamHead {
  /** The stream's revision: the ETag of a read, the If-Match of the next write. */
  revision: bigint;
  /** The global position of that event: a read model that has passed it shows everything up to that revision. */
  position: bigint;
}

/**
 * Where a student's stream stands now, read from the event store (the source of truth), never from a read model
 * that may lag. The runner's catch-up read (cached state, only newer events) gives the revision; one more read of
 * exactly that event gives its position.
 */
@Injectable()
export class StudentStreamHead {
  constructor(
    private readonly runner: StudentCommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async read(student: StudentKey): Promise<StreamHead | null> {
    const { revision } = await this.runner.read(student);
    if (revision === null) return null;
    const stream = await this.runner.streams.studentStream(student);
    const [last] = await this.store.readStream(stream, { fromRevision: revision, maxCount: 1 });
    return last ? { revision: last.revision, position: last.position } : null;
  }
}
