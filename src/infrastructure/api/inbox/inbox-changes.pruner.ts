import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../../../application/ports/clock.port';
import { pruneChanges } from '../../../projections/inbox/inbox-changes.reader';
import { READ_MODEL_DATA_SOURCE } from '../../../projections/runner/read-model-data-source';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/** How often the live inbox's old change lines are looked for. */
export const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Keeps the live inbox's change lines (inbox_changes, what `GET /v1/me/events` resumes from) to the retention
 * (INBOX_EVENTS_RETENTION_HOURS): without it the table grows with every message for ever. A client resuming from an
 * id older than that is told to reload (resumeFrom). Every replica prunes; the statement is idempotent. A failure
 * (the database away) is logged and tried again at the next round: nothing depends on it.
 */
@Injectable()
export class InboxChangesPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboxChangesPruner.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round: the lines recorded before now minus the retention go. Answers how many. */
  async prune(): Promise<number> {
    try {
      const before = new Date(this.clock.now().getTime() - this.config.inboxEventsRetentionMs);
      const deleted = await pruneChanges(this.db, before);
      if (deleted > 0) this.logger.log({ deleted, before: before.toISOString() }, 'Pruned old live inbox change lines');
      return deleted;
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unknown error';
      this.logger.warn({ err: reason }, 'Could not prune the live inbox change lines; tried again later');
      return 0;
    }
  }
}
