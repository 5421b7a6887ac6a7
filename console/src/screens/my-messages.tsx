import { useState } from 'preact/hooks';
import { api } from '../api';
import { formatTime } from '../time';
import { ErrorNotice, Loading, Screen, useLoad } from '../ui';

/** The student's messages tab: their teachers' texts that went out, and their replies. */
export function MyThreads() {
  const threads = useLoad(() => api.myThreads(), []);
  return (
    <Screen title="Messages">
      <ErrorNotice error={threads.error} />
      {threads.loading && !threads.data ? <Loading what="your messages" /> : null}
      {threads.data?.length === 0 ? (
        <p>No messages yet. Once a teacher texts you, you can answer here or from your phone.</p>
      ) : null}
      <ul>
        {(threads.data ?? []).map((t) => (
          <li key={t.staffId}>
            <a href={`/console/messages/${encodeURIComponent(t.staffId)}`}>{t.staffName}</a>: {t.messageCount} messages,
            last {formatTime(t.lastMessageAt)}
          </li>
        ))}
      </ul>
    </Screen>
  );
}

export function MyThread({ staffId }: { staffId: string }) {
  const thread = useLoad(() => api.myThread(staffId), [staffId]);
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const name = thread.data?.staffName ?? 'your teacher';
  return (
    <Screen title={`Messages with ${name}`}>
      <p>
        <a href="/console/messages">All messages</a>
      </p>
      <ErrorNotice error={thread.error} />
      {thread.loading && !thread.data ? <Loading what="the messages" /> : null}
      <ol class="messages" aria-label="Messages, oldest first">
        {(thread.data?.messages ?? []).map((m) => (
          <li key={m.messageId} class={m.direction === 'outbound' ? 'inbound' : 'outbound'}>
            <p class="meta">
              <strong>{m.direction === 'outbound' ? m.staffName : 'You'}</strong>
            </p>
            <p>{m.body}</p>
            <p class="meta">
              {formatTime(m.at)}
              {m.channel === 'portal' ? ' · in the portal' : ' · by text'}
            </p>
          </li>
        ))}
      </ol>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          const sent = body;
          api
            .replyAsStudent(staffId, sent)
            .then(() => {
              setBody('');
              thread.reloadUntil((t) => (t.messages ?? []).some((m) => m.direction === 'inbound' && m.body === sent));
            }, setError)
            .finally(() => setBusy(false));
        }}
      >
        <div class="field">
          <label for="reply">Your reply to {name}</label>
          <textarea id="reply" value={body} maxLength={1600} onInput={(e) => setBody(e.currentTarget.value)} />
        </div>
        <ErrorNotice error={error} />
        <button type="submit" class="primary" disabled={busy || !body.trim()}>
          Send reply
        </button>
      </form>
    </Screen>
  );
}
