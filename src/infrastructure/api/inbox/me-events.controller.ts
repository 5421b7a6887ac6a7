import { RECORD_READERS } from '../../../domain/shared/role-groups';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../../domain/shared/actor';
import {
  cursorId,
  parseLastEventId,
  readChanges,
  resumeFrom,
  type ChangeCursor,
} from '../../../projections/inbox/inbox-changes.reader';
import { requireInboxReader } from '../../../projections/inbox/inbox.access';
import { READ_MODEL_DATA_SOURCE } from '../../../projections/runner/read-model-data-source';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import { takeOverResponse, type ApiReply, type ApiRequest } from '../../http/http-request';
import { InboxEventsHub, POLL_MS } from './inbox-events.hub';

const HEARTBEAT_MS = 20_000;
/** A stream ends after this long; the client reconnects with Last-Event-ID and its token is checked again. */
export const STREAM_LIFETIME_MS = 30 * 60_000;
const RETRY_MS = 3_000;

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('v1/me/events')
export class MeEventsController {
  constructor(
    @Inject(READ_MODEL_DATA_SOURCE) private readonly db: DataSource,
    private readonly hub: InboxEventsHub,
  ) {}

  @Get()
  @Roles(...RECORD_READERS)
  @ApiOperation({
    summary:
      'My live inbox events (Server-Sent Events): new replies, status changes, flags and my own reads, exactly for the items my inbox may show. ' +
      'Each event\'s id resumes the stream with Last-Event-ID after a reconnect or a restart, without gaps or repeats, for as long as the changes are kept (INBOX_EVENTS_RETENTION_HOURS, default 48). The first event, "ready", carries the position the stream starts from, and reset: true when the Last-Event-ID was older than that (the stream then starts from now: reload the list; a later "ready" with reset: true, if lines were pruned before the stream read them, means the same); ' +
      'then "inbox" events with data {kind, studentId, staffId, messageId, status, flag, at}. No message text: read the thread for that.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last event received: the stream resumes right after it (without: from now)',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'An endless text/event-stream (ends after 30 minutes; reconnect with Last-Event-ID)',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  async stream(@CurrentActor() actor: Actor, @Req() req: ApiRequest, @Res() reply: ApiReply): Promise<void> {
    requireInboxReader(actor);
    const header = req.headers['last-event-id'];
    const { start, reset } = await resumeFrom(this.db, parseLastEventId(Array.isArray(header) ? header[0] : header));
    const res = takeOverResponse(reply);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    await new LiveStream(this.db, this.hub, actor, res, start, reset).run();
  }
}

/** One open stream: writes what it finds after its cursor whenever woken, until the client goes or the service stops. */
class LiveStream {
  private closed = false;
  private pending = true;
  private wakeUp: () => void = () => undefined;

  constructor(
    private readonly db: DataSource,
    private readonly hub: InboxEventsHub,
    private readonly actor: Actor,
    private readonly res: ServerResponse,
    private cursor: ChangeCursor,
    private readonly reset: boolean,
  ) {}

  async run(): Promise<void> {
    const end = () => this.close();
    this.res.on('close', end);
    const unsubscribe = await this.hub.subscribe(() => this.wake(), end);
    const heartbeat = setInterval(() => void this.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const lifetime = setTimeout(end, STREAM_LIFETIME_MS);
    try {
      await this.write(`retry: ${RETRY_MS}\n${this.ready(this.reset)}`);
      while (!this.closed) {
        if (!this.pending) await this.sleep(POLL_MS);
        this.pending = false;
        await this.drainChanges().catch(() => this.sleep(POLL_MS));
      }
    } finally {
      clearInterval(heartbeat);
      clearTimeout(lifetime);
      unsubscribe();
      if (!this.res.writableEnded) this.res.end();
    }
  }

  private async drainChanges(): Promise<void> {
    for (let full = true; full && !this.closed;) {
      const page = await readChanges(this.db, this.actor, this.cursor);
      if (page.reset) {
        // Lines after this stream's cursor were pruned before it read them: start again from now, and say so.
        this.cursor = page.scannedTo;
        await this.write(this.ready(true));
        return;
      }
      for (const { id, ...event } of page.events) {
        if (this.closed) return;
        await this.write(`id: ${id}\nevent: inbox\ndata: ${JSON.stringify(event)}\n\n`);
      }
      this.cursor = page.scannedTo;
      full = page.full;
    }
  }

  /** The "ready" event at the cursor: where the stream (re)starts, and `reset: true` when the client must reload. */
  private ready(reset: boolean): string {
    const data = { position: cursorId(this.cursor), ...(reset ? { reset: true } : {}) };
    return `id: ${cursorId(this.cursor)}\nevent: ready\ndata: ${JSON.stringify(data)}\n\n`;
  }

  private wake(): void {
    this.pending = true;
    this.wakeUp();
  }

  private close(): void {
    this.closed = true;
    this.wakeUp();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** Respects back-pressure: a slow client holds its own stream, not the process's memory. */
  private write(chunk: string): Promise<void> {
    if (this.closed || this.res.writableEnded) return Promise.resolve();
    if (this.res.write(chunk)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done).on('close', done);
    });
  }
}
