import { Injectable } from '@nestjs/common';
import type { CommandEnvelope } from '../shared/command-envelope';
import { AccessRecorder } from './access-recorder';

/** One line of a list across students that shows part of a student's record (the inbox's preview of a text). */
export interface ListedLine {
  studentId: string;
  staffId: string | null;
  /** What the line shows (the last message's id): recorded again only when it changes. */
  shows: string;
}

const REMEMBERED = 50_000;

/**
 * The access record of list views (README, Compliance, section 3). A line of the inbox shows the start of a text, so
 * it is a read of the student's threads and is recorded on that student's access record (part `threads`, detail
 * `view: inbox`, the thread and the message shown), before the answer leaves, like every record read. An inbox is
 * polled, though: recording every poll would bury each student's record under identical entries (a teacher with 150
 * students polling each minute: 200,000 a day). So a reader's line is recorded when it first shows a message to
 * them, not again while it shows the same one. What was remembered is per process and bounded (the oldest is forgotten
 * first): after a restart, on another replica or after many other lines, a line may be recorded once more. Never less.
 */
@Injectable()
export class ListedRecordAccess {
  private readonly recorded = new Map<string, string>();

  constructor(private readonly recorder: AccessRecorder) {}

  async record(
    env: CommandEnvelope,
    purpose: string | null,
    view: string,
    lines: readonly ListedLine[],
  ): Promise<void> {
    const key = (l: ListedLine) => `${env.actor.id}\u0000${l.studentId}\u0000${l.staffId ?? ''}\u0000${view}`;
    const fresh = lines.filter((l) => this.recorded.get(key(l)) !== l.shows);
    await Promise.all(
      fresh.map((l) =>
        this.recorder.accessed({
          env,
          studentId: l.studentId,
          part: 'threads',
          purpose,
          channel: 'api',
          detail: { view, staffId: l.staffId, messageId: l.shows },
        }),
      ),
    );
    for (const l of fresh) {
      this.recorded.delete(key(l));
      this.recorded.set(key(l), l.shows);
    }
    for (const oldest of this.recorded.keys()) {
      if (this.recorded.size <= REMEMBERED) break;
      this.recorded.delete(oldest);
    }
  }
}
