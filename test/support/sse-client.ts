import { request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/**
 * A real HTTP client for a Server-Sent Events stream (node:http, nothing of the app's): parses the frames as a browser's
 * EventSource does (id, event, data; comments ignored) and keeps every event received, in order.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  status = 0;
  headers: IncomingMessage['headers'] = {};
  body = '';
  private req: ClientRequest | null = null;
  private ended = false;

  static open(url: string, headers: Record<string, string>): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      client.req = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
        client.status = res.statusCode ?? 0;
        client.headers = res.headers;
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          client.body += chunk;
          buffer += chunk;
          for (let at = buffer.indexOf('\n\n'); at >= 0; at = buffer.indexOf('\n\n')) {
            client.frame(buffer.slice(0, at));
            buffer = buffer.slice(at + 2);
          }
        });
        res.on('end', () => {
          client.ended = true;
        });
        resolve(client);
      });
      client.req.on('error', (error) => (client.status === 0 ? reject(error) : undefined));
      client.req.end();
    });
  }

  get closedByServer(): boolean {
    return this.ended;
  }

  /** The last id received (what EventSource would send as Last-Event-ID). */
  get lastEventId(): string | null {
    return [...this.events].reverse().find((e) => e.id !== null)?.id ?? null;
  }

  /** The "inbox" events' data, parsed. */
  inbox<T = Record<string, unknown>>(): (T & { id: string })[] {
    return this.events.filter((e) => e.event === 'inbox').map((e) => ({ ...(JSON.parse(e.data) as T), id: e.id! }));
  }

  close(): void {
    this.req?.destroy();
  }

  private frame(text: string): void {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) continue;
      const [field, ...rest] = line.split(':');
      const value = rest.join(':').replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) this.events.push({ id, event, data: data.join('\n') });
  }
}
