import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ERROR_MESSAGES,
  errorJson,
  messageJson,
  newSid,
  pageJson,
  serviceNumbersJson,
  type StandinMessage,
} from './twilio-standin.messages';
import { inboundParams, postSigned, statusParams, type WebhookAnswer } from './twilio-standin.webhooks';

export type CallbackMode = 'in_order' | 'reversed' | 'duplicated' | 'none';
type Fault = { kind: 'status'; status: number; code: number } | { kind: 'drop' };

export interface TwilioStandinOptions {
  accountSid: string;
  authToken: string;
  /** Twilio's clock (date_created): tests share the app's clock so both sides agree on "when". */
  now?: () => Date;
  /** Where a public webhook URL really lands (the proxy in front of the app); default: unchanged. */
  deliverTo?: (publicUrl: string) => string;
  /** Told of every webhook the stand-in posted and what the app answered (the OpenAPI contract check). */
  answered?: (deliveredTo: string, answer: WebhookAnswer) => void;
}

const MESSAGES = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages(?:\/(SM[0-9a-f]{32}))?\.json$/;
/** The Messaging Service's sender pool (messaging.twilio.com, moved to the stand-in's base like every API host). */
const SERVICE_NUMBERS = /^\/v1\/Services\/(MG[0-9a-f]{32})\/PhoneNumbers$/;

/**
 * The Twilio stand-in: a local HTTP server answering like Twilio's Messages API (create, fetch, list), so the real
 * SDK is exercised over HTTP. It checks basic auth, keeps every message it accepted (across app restarts), can be
 * told to fail (invalid/unsubscribed numbers, 429/5xx, any Twilio code, an accepted request whose answer is lost),
 * and sends signed status callbacks (in order, reversed, duplicated) and signed inbound texts to the app.
 */
export class TwilioStandin {
  readonly invalidNumbers = new Set<string>();
  readonly unsubscribedNumbers = new Set<string>();
  /** number -> error code of the "undelivered" status callback (30003 unreachable, 30005 unknown, 30006 landline). */
  readonly undeliverable = new Map<string, number>();
  callbackMode: CallbackMode = 'in_order';
  /** Create requests as they arrived (time in ms from performance.now()). */
  readonly createRequests: { at: number; to: string; body: string }[] = [];
  readonly callbackAnswers: WebhookAnswer[] = [];
  /** The numbers of the Messaging Service's sender pool, as its PhoneNumbers resource lists them (any service SID). */
  readonly serviceNumbers: string[] = [];
  private readonly store = new Map<string, StandinMessage>();
  private readonly faults: Fault[] = [];
  private readonly pending = new Set<Promise<void>>();
  private server!: Server;
  baseUrl = '';

  private constructor(private readonly options: TwilioStandinOptions) {}

  static async start(options: TwilioStandinOptions): Promise<TwilioStandin> {
    const standin = new TwilioStandin(options);
    standin.server = createServer((req, res) => void standin.handle(req, res));
    await new Promise<void>((resolve) => standin.server.listen(0, '127.0.0.1', resolve));
    standin.baseUrl = `http://127.0.0.1:${(standin.server.address() as AddressInfo).port}`;
    return standin;
  }

  messages(): StandinMessage[] {
    return [...this.store.values()];
  }

  /** The next `count` create requests answer with this HTTP status (429, 500, 503) and Twilio's code for it. */
  failNext(count: number, status: 429 | 500 | 503): void {
    for (let i = 0; i < count; i++)
      this.faults.push({ kind: 'status', status, code: status === 429 ? 20429 : status === 500 ? 20500 : 20503 });
  }

  /** The next create request is refused with this Twilio error code. */
  rejectNext(code: number, status = 400): void {
    this.faults.push({ kind: 'status', status, code });
  }

  /** The next `count` create requests are accepted and stored, then the connection is cut before any answer. */
  dropResponseNext(count: number): void {
    for (let i = 0; i < count; i++) this.faults.push({ kind: 'drop' });
  }

  /** A status callback for a message, now (out-of-order and duplicate tests drive these by hand). */
  async emitStatus(
    sid: string,
    status: string,
    errorCode: number | null = null,
    signWith?: string | null,
  ): Promise<WebhookAnswer> {
    const m = this.store.get(sid);
    if (!m?.statusCallback) throw new Error(`The stand-in has no message ${sid} with a status callback`);
    return this.post(m.statusCallback, statusParams(m, status, errorCode), signWith);
  }

  /** A student's text arriving at `url` (the app's inbound webhook, as configured at Twilio). */
  async sendInbound(
    url: string,
    text: { from: string; to?: string; body: string; sid?: string },
    signWith?: string | null,
  ): Promise<WebhookAnswer & { sid: string }> {
    const sid = text.sid ?? newSid('SM');
    const answer = await this.post(
      url,
      inboundParams(this.options.accountSid, sid, text.from, text.to ?? '+12015550100', text.body),
      signWith,
    );
    return { ...answer, sid };
  }

  /** Waits for every automatic status callback sent so far. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async post(url: string, params: Record<string, string>, signWith?: string | null): Promise<WebhookAnswer> {
    const answer = await postSigned(url, params, this.options.authToken, this.deliverTo, signWith);
    this.options.answered?.(this.deliverTo(url), answer);
    return answer;
  }

  private get deliverTo(): (url: string) => string {
    return this.options.deliverTo ?? ((url) => url);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const match = MESSAGES.exec(url.pathname);
    const form = new URLSearchParams(await readBody(req));
    const service = SERVICE_NUMBERS.exec(url.pathname);
    if (service && req.method === 'GET') {
      if (req.headers.authorization !== basic(this.options.accountSid, this.options.authToken))
        return send(res, 401, errorJson(401, 20003, ERROR_MESSAGES[20003]!));
      return send(
        res,
        200,
        serviceNumbersJson(this.options.accountSid, service[1]!, this.serviceNumbers, `${this.baseUrl}${url.pathname}`),
      );
    }
    if (!match) return send(res, 404, errorJson(404, 20404, ERROR_MESSAGES[20404]!));
    if (
      match[1] !== this.options.accountSid ||
      req.headers.authorization !== basic(this.options.accountSid, this.options.authToken)
    ) {
      return send(res, 401, errorJson(401, 20003, ERROR_MESSAGES[20003]!));
    }
    if (req.method === 'POST' && !match[2]) return this.create(form, res);
    if (req.method === 'GET' && match[2]) {
      const m = this.store.get(match[2]);
      return m ? send(res, 200, messageJson(m)) : send(res, 404, errorJson(404, 20404, ERROR_MESSAGES[20404]!));
    }
    if (req.method === 'GET') {
      const to = url.searchParams.get('To');
      const pageSize = Math.max(1, Number(url.searchParams.get('PageSize') ?? 50) || 50);
      const page = Math.max(0, Number(url.searchParams.get('Page') ?? 0) || 0);
      // Newest first, like Twilio (ties within a second: the later one first).
      const list = this.messages()
        .reverse()
        .filter((m) => !to || m.to === to)
        .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime());
      return send(res, 200, pageJson(this.options.accountSid, list, { pageSize, page, to }));
    }
    send(res, 405, errorJson(405, 20004, 'Method not allowed'));
  }

  private create(form: URLSearchParams, res: ServerResponse): void {
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    this.createRequests.push({ at: performance.now(), to, body });
    const fault = this.faults.shift();
    if (fault?.kind === 'status')
      return send(
        res,
        fault.status,
        errorJson(fault.status, fault.code, ERROR_MESSAGES[fault.code] ?? `Error ${fault.code}`),
      );
    if (!to) return send(res, 400, errorJson(400, 21604, ERROR_MESSAGES[21604]!));
    if (!body) return send(res, 400, errorJson(400, 21602, ERROR_MESSAGES[21602]!));
    if (!form.get('From') && !form.get('MessagingServiceSid'))
      return send(res, 400, errorJson(400, 21606, ERROR_MESSAGES[21606]!));
    if (this.invalidNumbers.has(to)) return send(res, 400, errorJson(400, 21211, `${ERROR_MESSAGES[21211]}: ${to}`));
    if (this.unsubscribedNumbers.has(to)) return send(res, 400, errorJson(400, 21610, ERROR_MESSAGES[21610]!));
    const now = this.now();
    const m: StandinMessage = {
      sid: newSid('SM'),
      accountSid: this.options.accountSid,
      to,
      from: form.get('From'),
      messagingServiceSid: form.get('MessagingServiceSid'),
      body,
      status: form.get('MessagingServiceSid') ? 'accepted' : 'queued',
      statusCallback: form.get('StatusCallback'),
      errorCode: null,
      errorMessage: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    };
    this.store.set(m.sid, m);
    this.scheduleCallbacks(m);
    if (fault?.kind === 'drop') {
      res.socket?.destroy();
      return;
    }
    send(res, 201, messageJson(m));
  }

  /** Twilio's lifecycle: sent, then delivered (or undelivered with a code), reported to the StatusCallback. */
  private scheduleCallbacks(m: StandinMessage): void {
    const failure = this.undeliverable.get(m.to) ?? null;
    const final = failure === null ? 'delivered' : 'undelivered';
    m.status = final;
    m.errorCode = failure;
    m.dateSent = this.now();
    if (!m.statusCallback || this.callbackMode === 'none') return;
    const order = { in_order: ['sent', final], reversed: [final, 'sent'], duplicated: ['sent', 'sent', final, final] }[
      this.callbackMode
    ];
    const run = (async () => {
      for (const status of order) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        try {
          this.callbackAnswers.push(await this.emitStatus(m.sid, status, status === 'undelivered' ? failure : null));
        } catch {
          this.callbackAnswers.push({ status: 0, body: 'unreachable', contentType: null });
        }
      }
    })();
    const p: Promise<void> = run.finally(() => this.pending.delete(p));
    this.pending.add(p);
  }
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
