/** The staff inbox: its pages (`nextCursor`), read marks, and its live events (`GET /v1/me/events`). */
import { accessToken, ApiError, client, failure, unwrap } from './client';
import type { InboxItem, InboxPage } from './types';

/** One change of the caller's inbox, as `GET /v1/me/events` sends it (no message text: read the thread for that). */
export interface InboxEvent {
  kind: 'message' | 'reply' | 'status' | 'flag' | 'read';
  studentId: string;
  staffId: string | null;
  messageId: string | null;
  status: string | null;
  flag: string | null;
  at: string;
}
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'ended';

export const inbox = {
  inboxPage: async (unreadOnly: boolean, limit: number, cursor?: string | null): Promise<InboxPage> =>
    unwrap(
      await client.GET('/v1/me/inbox', {
        params: {
          query: { limit, ...(cursor ? { cursor } : {}), ...(unreadOnly ? { unread: 'only' as const } : {}) },
        },
      }),
    ),
  markRead: async (item: InboxItem) =>
    unwrap(
      item.kind === 'thread' && item.staffId
        ? await client.POST('/v1/me/inbox/{studentId}/threads/{staffId}/read', {
            params: { path: { studentId: item.studentId, staffId: item.staffId } },
          })
        : await client.POST('/v1/me/inbox/{studentId}/unrouted/read', {
            params: { path: { studentId: item.studentId } },
          }),
    ),
  /**
   * Follows the caller's live inbox events. EventSource cannot send the bearer token, so the stream is read with
   * fetch (through the typed client, `parseAs: 'stream'`) and parsed here. `onReady` is called each time the stream
   * (re)starts, `onEvent` once per change; when the stream ends or breaks it is opened again after the server's
   * `retry` (3 s) with `Last-Event-ID`, so nothing is missed or repeated. A refused token ends it (the session ends).
   * Answers the function that stops it.
   */
  follow(handlers: {
    onReady: () => void;
    onEvent: (event: InboxEvent) => void;
    onState: (state: LiveState) => void;
  }): () => void {
    const stop = new AbortController();
    let lastEventId: string | null = null;
    let retryMs = 3000;
    const frame = (text: string) => {
      let id: string | null = null;
      let type = 'message';
      const data: string[] = [];
      for (const line of text.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const at = line.indexOf(':');
        const field = at < 0 ? line : line.slice(0, at);
        const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') type = value;
        else if (field === 'data') data.push(value);
        else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
      }
      if (id !== null) lastEventId = id;
      if (type === 'ready') {
        handlers.onState('live');
        handlers.onReady();
      } else if (type === 'inbox' && data.length > 0) handlers.onEvent(JSON.parse(data.join('\n')) as InboxEvent);
    };
    const run = async () => {
      while (!stop.signal.aborted) {
        try {
          accessToken();
          const answer = await client.GET('/v1/me/events', {
            params: { header: lastEventId ? { 'Last-Event-ID': lastEventId } : {} },
            parseAs: 'stream',
            signal: stop.signal,
          });
          if (!answer.response.ok) throw failure(answer.response, answer.error);
          const reader = answer.response.body!.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer = (buffer + value).replace(/\r\n?/g, '\n');
            for (let at = buffer.indexOf('\n\n'); at >= 0; at = buffer.indexOf('\n\n')) {
              frame(buffer.slice(0, at));
              buffer = buffer.slice(at + 2);
            }
          }
        } catch (error) {
          if (stop.signal.aborted) return;
          if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
            handlers.onState('ended');
            return;
          }
        }
        if (stop.signal.aborted) return;
        handlers.onState('reconnecting');
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    };
    handlers.onState('connecting');
    void run();
    return () => stop.abort();
  },
};
