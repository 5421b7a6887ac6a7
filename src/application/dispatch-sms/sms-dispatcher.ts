import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SmsQueued } from '../../domain/student/student.events';
import { CHECKPOINT_STORE, type CheckpointStore } from '../ports/checkpoint-store.port';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '../ports/event-store.port';
import { SMS_GATEWAY, SmsGatewayError, type SmsGateway } from '../ports/sms-gateway.port';
import { StudentCommandRunner } from '../shared/student-command-runner';
import { systemEnvelope } from './system-actor';

const CHECKPOINT = 'sms-dispatcher';
const SAVE_EVERY = 500;

/**
 * Sends queued texts: a reaction to SmsQueued, never part of a command. It writes the attempt down BEFORE calling
 * the provider; if it finds an attempt with no result (it crashed in between) it asks the provider what happened
 * instead of sending again. Events are handled one at a time in log order (`for await`).
 */
@Injectable()
export class SmsDispatcher {
  private readonly logger = new Logger(SmsDispatcher.name);
  private subscription: Subscription | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(SMS_GATEWAY) private readonly gateway: SmsGateway,
    private readonly runner: StudentCommandRunner,
  ) {}

  async start(): Promise<void> {
    const after = await this.checkpoints.load(CHECKPOINT);
    this.subscription = this.store.subscribeToAll(after === undefined ? {} : { after });
    this.loop = this.consume(this.subscription);
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.loop;
    this.subscription = null;
  }

  private async consume(subscription: Subscription): Promise<void> {
    let unsaved = 0;
    try {
      for await (const event of subscription) {
        if (event.type === 'SmsQueued') {
          await this.handle(event);
          await this.checkpoints.save(CHECKPOINT, event.position);
          unsaved = 0;
        } else if (++unsaved >= SAVE_EVERY) {
          await this.checkpoints.save(CHECKPOINT, event.position);
          unsaved = 0;
        }
      }
    } catch (error) {
      this.logger.error({ err: describe(error) }, 'SMS dispatcher stopped on an error; it resumes from its checkpoint on restart');
    }
  }

  /** Public for tests that crash the dispatcher at each step. */
  async handle(event: RecordedEvent): Promise<void> {
    const { studentId, messageId } = (event as unknown as SmsQueued).data;
    const { state } = await this.runner.read(studentId);
    const message = state.messages.get(messageId);
    const districtId = state.profile?.districtId;
    if (!message || !districtId || message.status !== 'queued') return;
    const env = systemEnvelope(`dispatcher:${this.gateway.name}`, districtId, event.metadata.correlationId, event.id);

    if (message.attempts > 0) {
      // An attempt with no recorded result: the provider may have the text. Ask before sending again.
      const found = await this.gateway.findByMessageId(messageId);
      if (found) {
        const status = found.status === 'queued' ? 'sent' : found.status;
        await this.runner.run(studentId, { type: 'RecordDeliveryStatus', data: { messageId, status, providerMessageId: found.providerMessageId, reason: null, errorCode: found.errorCode } }, env);
        return;
      }
    }
    await this.runner.run(studentId, { type: 'RecordSendAttempt', data: { messageId } }, env);
    const { to, body } = (event as unknown as SmsQueued).data;
    try {
      const accepted = await this.gateway.send({ messageId, studentId, to, body });
      await this.runner.run(studentId, { type: 'RecordDeliveryStatus', data: { messageId, status: 'sent', providerMessageId: accepted.providerMessageId, reason: null, errorCode: null } }, env);
    } catch (error) {
      if (!(error instanceof SmsGatewayError)) throw error;
      await this.runner.run(studentId, { type: 'RecordDeliveryStatus', data: { messageId, status: 'failed', providerMessageId: null, reason: error.message, errorCode: error.providerCode } }, env);
      if (error.kind === 'unsubscribed') {
        await this.runner.run(studentId, { type: 'OptOut', data: { requestedBy: 'carrier' } }, env);
      }
    }
  }
}

const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error');
