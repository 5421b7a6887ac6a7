import { useState } from 'preact/hooks';
import { api, type InboxItem } from '../api';
import type { Session } from '../auth';
import { formatTime } from '../time';
import { ErrorNotice, Loading, Screen, useLoad } from '../ui';

const FLAGS: Record<string, string> = {
  failed_text: 'a text failed',
  likely_opt_out_request: 'may be asking for no texts',
  may_be_for_another_staff_member: 'may be meant for another staff member',
  unrouted_first_text: 'texted before any teacher did',
};

/** My inbox: my threads across students, newest first, with my own unread counts and what needs me. */
export function Inbox({ session }: { session: Session }) {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useLoad(() => api.inbox(unreadOnly), [unreadOnly]);
  const [error, setError] = useState<unknown>(null);
  const items = inbox.data?.items ?? [];
  const link = (i: InboxItem) =>
    i.kind === 'thread' && i.staffId
      ? `/console/students/${encodeURIComponent(i.studentId)}/threads/${encodeURIComponent(i.staffId)}`
      : `/console/students/${encodeURIComponent(i.studentId)}/log`;
  return (
    <Screen title="Inbox">
      <p>
        <label class="inline">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.currentTarget.checked)} /> Unread
          only
        </label>
      </p>
      <ErrorNotice error={inbox.error ?? error} />
      {inbox.loading && !inbox.data ? <Loading what="your inbox" /> : null}
      <p role="status" class="muted">
        {inbox.data
          ? `${items.length} ${items.length === 1 ? 'conversation' : 'conversations'}, ${items.reduce((n, i) => n + i.unreadCount, 0)} unread replies.`
          : ''}
      </p>
      {inbox.data ? (
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
              {items.map((i) => (
                <tr key={`${i.studentId}-${i.staffId ?? 'unrouted'}`}>
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
                              api
                                .markRead(i)
                                .then(
                                  () =>
                                    inbox.reloadUntil(
                                      (d) =>
                                        !d.items.some(
                                          (x) =>
                                            x.studentId === i.studentId && x.staffId === i.staffId && x.unreadCount > 0,
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
    </Screen>
  );
}
