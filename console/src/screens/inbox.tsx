import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type InboxItem, type LiveState } from '../api';
import type { Session } from '../auth';
import { formatTime } from '../time';
import { ErrorNotice, Loading, LoadMore, pageSize, Screen } from '../ui';

const FLAGS: Record<string, string> = {
  failed_text: 'a text failed',
  likely_opt_out_request: 'may be asking for no texts',
  may_be_for_another_staff_member: 'may be meant for another staff member',
  unrouted_first_text: 'texted before any teacher did',
};
const LIVE: Record<LiveState, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: new replies appear here as they arrive.',
  reconnecting: 'Live updates interrupted; reconnecting…',
  ended: 'Live updates stopped. Reload the page to see new replies.',
};

const keyOf = (i: InboxItem) => `${i.studentId}-${i.staffId ?? 'unrouted'}`;

/**
 * My inbox: my threads across students, newest first, with my own unread counts and what needs me. It follows the
 * live events (`GET /v1/me/events`, opened before the first read so nothing falls between): each change reads the
 * pages shown again, so a new reply appears without a reload. More pages with "Load more".
 */
export function Inbox({ session }: { session: Session }) {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState<LiveState>('connecting');
  const [news, setNews] = useState('');
  const shown = useRef(0);
  const size = pageSize(50);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Reads again as many rows as are shown (at least a page), page by page: a line that moved up is not repeated.
    const refresh = async () => {
      try {
        const rows: InboxItem[] = [];
        let next: string | null = null;
        do {
          const page = await api.inboxPage(unreadOnly, size, next);
          rows.push(...page.items.filter((i) => !rows.some((r) => keyOf(r) === keyOf(i))));
          next = page.nextCursor;
        } while (next && rows.length < shown.current);
        if (!current) return;
        shown.current = rows.length;
        setItems(rows);
        setCursor(next);
        setError(null);
      } catch (e) {
        if (current) setError(e);
      }
    };
    const stop = api.follow({
      onReady: () => void refresh(),
      onEvent: (event) => {
        if (event.kind === 'reply') setNews(`New reply from student ${event.studentId}.`);
        clearTimeout(timer);
        timer = setTimeout(() => void refresh(), 150);
      },
      onState: (state) => current && setLive(state),
    });
    return () => {
      current = false;
      clearTimeout(timer);
      stop();
    };
  }, [unreadOnly, size]);

  async function loadMore() {
    setBusy(true);
    try {
      const page = await api.inboxPage(unreadOnly, size, cursor);
      setItems((rows) => {
        const all = [...(rows ?? []), ...page.items.filter((i) => !(rows ?? []).some((r) => keyOf(r) === keyOf(i)))];
        shown.current = all.length;
        return all;
      });
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const link = (i: InboxItem) =>
    i.kind === 'thread' && i.staffId
      ? `/console/students/${encodeURIComponent(i.studentId)}/threads/${encodeURIComponent(i.staffId)}`
      : `/console/students/${encodeURIComponent(i.studentId)}/log`;
  const list = items ?? [];
  return (
    <Screen title="Inbox">
      <p>
        <label class="inline">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.currentTarget.checked)} /> Unread
          only
        </label>
      </p>
      <p class="muted" id="live-state">
        {LIVE[live]}
      </p>
      <p class="visually-hidden" aria-live="polite">
        {news}
      </p>
      <ErrorNotice error={error} />
      {items === null && !error ? <Loading what="your inbox" /> : null}
      <p role="status" class="muted">
        {items
          ? `${list.length} ${list.length === 1 ? 'conversation' : 'conversations'}${cursor ? ' loaded, more to load' : ''}, ${list.reduce((n, i) => n + i.unreadCount, 0)} unread replies.`
          : ''}
      </p>
      {items ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Conversations, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Last message</th>
                <th scope="col">Unread</th>
                <th scope="col">Needs you</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={keyOf(i)}>
                  <th scope="row">
                    {i.studentFirstName ?? i.studentId} <span class="muted">({i.studentId})</span>
                    {session.user.role !== 'teacher' && i.staffId ? (
                      <span class="muted"> · thread of {i.staffId}</span>
                    ) : null}
                  </th>
                  <td>
                    {i.lastMessage.direction === 'inbound' ? 'Student: ' : 'Sent: '}
                    {i.lastMessage.preview ?? ''}
                    <br />
                    <span class="muted">{formatTime(i.lastMessage.at)}</span>
                  </td>
                  <td>{i.unreadCount}</td>
                  <td>{i.flags.map((f) => FLAGS[f] ?? f).join('; ') || '—'}</td>
                  <td>
                    <ul class="actions">
                      <li>
                        <a href={link(i)}>Open</a>
                      </li>
                      {i.unreadCount > 0 || i.flags.length > 0 ? (
                        <li>
                          <button
                            type="button"
                            onClick={() =>
                              api.markRead(i).then(
                                // The answer waits until the inbox shows the mark; the live event follows too.
                                () =>
                                  setItems((rows) =>
                                    (rows ?? []).map((r) =>
                                      keyOf(r) === keyOf(i) ? { ...r, unreadCount: 0, flags: [] } : r,
                                    ),
                                  ),
                                setError,
                              )
                            }
                          >
                            Mark read
                          </button>
                        </li>
                      ) : null}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <LoadMore more={!!cursor} busy={busy} what="conversations" onClick={() => void loadMore()} />
    </Screen>
  );
}
