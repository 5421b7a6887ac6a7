/** One text the dispatcher still has to finish, remembered with the log position of the event that asked for it. */
export interface DispatchTarget {
  messageId: string;
  studentId: string;
  /** The student's district (ids are scoped by district): with studentId, names the student. */
  districtId: string;
  /** Position of the SmsQueued (or SmsRetryScheduled) event: the checkpoint never passes an unfinished one. */
  position: bigint;
  /** Not before this (epoch ms, business clock); 0 = now. */
  dueAt: number;
  correlationId: string;
  causationId: string;
  /** From SmsQueued; absent when the target came from a later event (the workflow then reads them). */
  to?: string;
  body?: string;
  queuedAt?: string;
}

const studentOfEntry = (t: DispatchTarget): string => `${t.districtId}/${t.studentId}`;

interface Entry extends DispatchTarget {
  running: boolean;
  /** Set when new news about a running text arrives: it is looked at again after the current run. */
  recheckAt?: number;
}

/**
 * The dispatcher's pending texts. Positions arrive in log order, so the oldest unfinished one is found by skipping
 * finished entries at the front of an append-only list (the checkpoint's low-water mark). Due texts are handed out
 * oldest first, never two for the same student at once, so a student's texts go out in the order they were written.
 */
export class DispatchQueue {
  private readonly entries = new Map<string, Entry>();
  private byPosition: Entry[] = [];
  private forgotten = 0;
  private readonly busyStudents = new Set<string>();

  get size(): number {
    return this.entries.size;
  }

  add(target: DispatchTarget): void {
    const existing = this.entries.get(target.messageId);
    if (!existing) {
      const entry: Entry = { ...target, running: false };
      this.entries.set(target.messageId, entry);
      this.byPosition.push(entry);
      return;
    }
    if (existing.running) existing.recheckAt = target.dueAt;
    else existing.dueAt = target.dueAt;
  }

  /** The oldest due text whose student has nothing running, marked running; undefined when there is none. */
  takeDue(now: number): DispatchTarget | undefined {
    for (const entry of this.byPosition) {
      if (!entry.running && entry.dueAt <= now && !this.busyStudents.has(studentOfEntry(entry)) && this.alive(entry)) {
        entry.running = true;
        this.busyStudents.add(studentOfEntry(entry));
        return { ...entry };
      }
    }
    return undefined;
  }

  /** After a run: 'done' forgets the text (unless news arrived meanwhile); a time puts it back to wait. */
  finish(messageId: string, next: 'done' | { waitUntil: number }): void {
    const entry = this.entries.get(messageId);
    if (!entry) return;
    entry.running = false;
    this.busyStudents.delete(studentOfEntry(entry));
    if (entry.recheckAt !== undefined) {
      entry.dueAt = Math.min(entry.recheckAt, next === 'done' ? entry.recheckAt : next.waitUntil);
      delete entry.recheckAt;
    } else if (next === 'done') {
      this.forget(entry);
    } else {
      entry.dueAt = next.waitUntil;
    }
  }

  /** A text that cannot go any more (cancelled): forgotten unless it is running (the run will see why). */
  drop(messageId: string): void {
    const entry = this.entries.get(messageId);
    if (entry && !entry.running) this.forget(entry);
  }

  /** The checkpoint: just before the oldest unfinished text, else the last event seen. */
  lowWaterMark(lastSeen: bigint | undefined): bigint | undefined {
    while (this.byPosition.length > 0 && !this.alive(this.byPosition[0]!)) {
      this.byPosition.shift();
      this.forgotten--;
    }
    const oldest = this.byPosition[0];
    return oldest ? oldest.position - 1n : lastSeen;
  }

  private alive(entry: Entry): boolean {
    return this.entries.get(entry.messageId) === entry;
  }

  private forget(entry: Entry): void {
    this.entries.delete(entry.messageId);
    // Finished entries behind a long-waiting one (a text scheduled for next week) would pile up: compact now and then.
    if (++this.forgotten > 1000 && this.forgotten > this.entries.size) {
      this.byPosition = this.byPosition.filter((e) => this.alive(e));
      this.forgotten = 0;
    }
  }
}
