import { randomUUID } from 'node:crypto';
import type {
  OutboundSms,
  ProviderMessageLookup,
  SmsAccepted,
  SmsGateway,
  SmsReports,
} from '../../../application/ports/sms-gateway.port';

const INVALID_REASON = 'The number is not a valid, reachable mobile number.';

export interface SimulatedMessage {
  providerMessageId: string;
  messageId: string;
  studentId: string;
  /** Null for a text the simulator accepted before ids were scoped by district. */
  districtId: string | null;
  to: string;
  /** Our sender number the text went out from (null: no pool configured). */
  from: string | null;
  body: string;
  status: 'sent' | 'delivered' | 'failed';
}

/** Where the simulator keeps what it accepted, so that it can answer lookups after a restart (as Twilio would). */
export interface SimulatorLog {
  accepted(message: SimulatedMessage): Promise<void>;
  statusChanged(providerMessageId: string, status: SimulatedMessage['status']): Promise<void>;
  find(by: { messageId: string } | { providerMessageId: string }): Promise<SimulatedMessage | null>;
}

/**
 * The embedded default phone network: accepts every text, then reports it delivered, or failed for numbers it
 * was told are invalid (like a carrier would). A developer can play the student's reply. Nothing leaves the machine.
 */
export class SmsSimulatorGateway implements SmsGateway {
  readonly name = 'simulator';
  private readonly invalid: Set<string>;
  private readonly sent = new Map<string, SimulatedMessage>();
  private reports: SmsReports | null = null;
  private log: SimulatorLog | null = null;
  private readonly pending = new Set<Promise<void>>();

  constructor(options: { invalidNumbers?: readonly string[]; delayMs?: number } = {}) {
    this.invalid = new Set(options.invalidNumbers ?? []);
    this.delayMs = options.delayMs ?? 50;
  }

  private readonly delayMs: number;

  /** Where delivery reports and replies go (the application's SmsReports). */
  connect(reports: SmsReports): void {
    this.reports = reports;
  }

  /** Keep what is accepted in `log` too (the app gives it the service's database). */
  attachLog(log: SimulatorLog): void {
    this.log = log;
  }

  markInvalid(e164: string): void {
    this.invalid.add(e164);
  }

  async send(sms: OutboundSms): Promise<SmsAccepted> {
    const providerMessageId = `SIM${randomUUID().replace(/-/g, '')}`;
    const failed = this.invalid.has(sms.to);
    const message: SimulatedMessage = { ...sms, providerMessageId, status: 'sent' };
    // Written down before it answers, like a carrier that accepted the text: a lookup after a restart finds it.
    await this.log?.accepted(message);
    this.sent.set(sms.messageId, message);
    this.later(async () => {
      message.status = failed ? 'failed' : 'delivered';
      await this.log?.statusChanged(providerMessageId, message.status);
      await this.reports?.deliveryStatus({
        studentId: sms.studentId,
        districtId: sms.districtId,
        messageId: sms.messageId,
        providerMessageId,
        status: message.status,
        errorCode: failed ? '30006' : null,
        reason: failed ? INVALID_REASON : null,
        ...(failed ? { failureKind: 'invalid_number' as const } : {}),
      });
    });
    return { providerMessageId };
  }

  async findByMessageId(messageId: string): Promise<ProviderMessageLookup | null> {
    return lookup(this.sent.get(messageId) ?? (await this.remembered({ messageId })));
  }

  async statusOf(providerMessageId: string): Promise<ProviderMessageLookup | null> {
    return lookup(
      [...this.sent.values()].find((m) => m.providerMessageId === providerMessageId) ??
        (await this.remembered({ providerMessageId })),
    );
  }

  /** From the log (a text accepted before a restart). Its report may have died with the process; the network did not. */
  private async remembered(
    by: { messageId: string } | { providerMessageId: string },
  ): Promise<SimulatedMessage | undefined> {
    const m = await this.log?.find(by);
    if (!m) return undefined;
    return m.status === 'sent' ? { ...m, status: this.invalid.has(m.to) ? 'failed' : 'delivered' } : m;
  }

  /**
   * A student's text from their phone to one of our numbers: `to`, or by default the number our latest text to them
   * came from (what "reply" on a phone does); null when we never texted them or have no pool.
   */
  async reply(
    from: string,
    body: string,
    to: string | null = null,
  ): Promise<{ providerMessageId: string; to: string | null }> {
    const providerMessageId = `SIM${randomUUID().replace(/-/g, '')}`;
    const receivedOn = to ?? [...this.sent.values()].reverse().find((m) => m.to === from)?.from ?? null;
    await this.reports?.inbound({ from, to: receivedOn, body, providerMessageId });
    return { providerMessageId, to: receivedOn };
  }

  messages(): SimulatedMessage[] {
    return [...this.sent.values()];
  }

  /** Resolves when every scheduled report has been delivered (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private later(task: () => Promise<void>): void {
    const p: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, this.delayMs))
      .then(task)
      .catch(() => undefined)
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }
}

function lookup(m: SimulatedMessage | undefined): ProviderMessageLookup | null {
  if (!m) return null;
  const failed = m.status === 'failed';
  return {
    providerMessageId: m.providerMessageId,
    status: m.status,
    errorCode: failed ? '30006' : null,
    ...(failed ? { failureKind: 'invalid_number' as const, reason: INVALID_REASON } : {}),
  };
}
