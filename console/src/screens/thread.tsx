import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Thread, type ThreadMessage } from '../api';
import type { Session } from '../auth';
import { formatTime } from '../time';
import { ErrorNotice, Loading, Screen, useLoad, useStudentName } from '../ui';
import { StudentNav } from './student-nav';

const STATUS: Record<string, string> = {
  queued: 'Queued',
  scheduled: 'Scheduled',
  sending: 'Sending',
  retrying: 'Retrying',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Not delivered',
  cancelled: 'Not sent',
  received: 'Received',
};

function statusLine(m: ThreadMessage): string {
  if (m.direction === 'inbound')
    return `Received ${formatTime(m.createdAt)}${m.channel === 'portal' ? ' in the portal' : ' by text'}`;
  if (m.status === 'scheduled') return `Scheduled for ${formatTime(m.scheduledFor)}`;
  return `${STATUS[m.status] ?? m.status} ${formatTime(m.statusAt)} (written ${formatTime(m.createdAt)})`;
}

/** Moving a reply that was meant for another staff member's thread (the staff member holding it, registrar, admin). */
function MoveReply({
  studentId,
  message,
  others,
  onMoved,
}: {
  studentId: string;
  message: ThreadMessage;
  others: { id: string; name: string }[];
  onMoved: () => void;
}) {
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const id = `move-${message.messageId}`;
  return (
    <details>
      <summary>Move this reply to another thread</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!to) return setError(new Error('Choose whose thread the reply was meant for.'));
          api.moveReply(studentId, message.messageId, to, reason || undefined).then(onMoved, setError);
        }}
      >
        {others.length > 0 ? (
          <div class="field">
            <label for={`${id}-to`}>Meant for</label>
            <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.currentTarget.value)}>
              <option value="">Choose a staff member</option>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          // A teacher sees only their own enrollments, so does not know the colleagues: the staff id is typed.
          <div class="field">
            <label for={`${id}-to`}>Meant for (the staff member's id)</label>
            <input id={`${id}-to`} value={to} maxLength={100} onInput={(e) => setTo(e.currentTarget.value.trim())} />
          </div>
        )}
        <div class="field">
          <label for={`${id}-reason`}>Why (for the record)</label>
          <input id={`${id}-reason`} value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
        <ErrorNotice error={error} />
        <button type="submit">Move reply</button>
      </form>
    </details>
  );
}

function Message({ m, staffName, move }: { m: ThreadMessage; staffName: string; move: ComponentChildren }) {
  const failed = m.status === 'failed' || m.status === 'cancelled';
  return (
    <li class={`${m.direction}${failed ? ' failed' : ''}`}>
      <p class="meta">
        <strong>{m.direction === 'outbound' ? staffName : 'Student'}</strong>
      </p>
      <p>{m.body}</p>
      <p class="meta">
        {statusLine(m)}
        {m.movedFromStaffId ? ` · moved here from ${m.movedFromStaffId}'s thread` : ''}
      </p>
      {m.mayBeForAnotherStaffMember ? (
        <p class="meta">This reply may be meant for another staff member: check it, and move it if so.</p>
      ) : null}
      {failed ? (
        <div class="failbar" role="note">
          <span aria-hidden="true" class="icon">
            ✕
          </span>
          <span>
            {m.status === 'failed' ? 'Not delivered' : 'Not sent'}:{' '}
            {(m.failureReason ?? 'the phone network gave no reason').replace(/\.+$/, '')}.
            {m.status === 'failed'
              ? " Check that a valid phone number is saved in the student's Edit Information page."
              : ''}
          </span>
        </div>
      ) : null}
      {move}
    </li>
  );
}

export function ThreadScreen({
  session,
  studentId,
  staffId,
}: {
  session: Session;
  studentId: string;
  staffId: string;
}) {
  const thread = useLoad(() => api.thread(studentId, staffId), [studentId, staffId]);
  const enrollments = useLoad(() => api.enrollments({ studentId }), [studentId]);
  const role = session.user.role;
  const mayMove = role === 'registrar' || role === 'school_admin' || session.user.sub === staffId;
  const others = [
    ...new Map(
      (enrollments.data ?? [])
        .filter((e) => e.teacherId !== staffId)
        .map((e) => [e.teacherId, { id: e.teacherId, name: e.teacherName }]),
    ).values(),
  ];
  const t: Thread | undefined = thread.data;
  const staffName = t?.staffName ?? staffId;
  const notFound = thread.error && (thread.error as { status?: number }).status === 404;
  const student = enrollments.data?.[0]?.studentFirstName ?? studentId;
  return (
    <Screen title={`Texts between ${student} and ${staffName}`}>
      <StudentNav session={session} studentId={studentId} />
      {notFound ? (
        <p>No texts yet. A student can text back only after a teacher has texted them first.</p>
      ) : (
        <ErrorNotice error={thread.error} />
      )}
      {thread.loading && !t ? <Loading what="the thread" /> : null}
      <p>
        <button type="button" onClick={thread.reload}>
          Refresh
        </button>
      </p>
      {t?.messages ? (
        <ol class="messages" aria-label="Texts, oldest first">
          {t.messages.map((m) => (
            <Message
              key={m.messageId}
              m={m}
              staffName={staffName}
              move={
                m.direction === 'inbound' && mayMove ? (
                  <MoveReply
                    studentId={studentId}
                    message={m}
                    others={others}
                    onMoved={() =>
                      thread.reloadUntil((t) => !(t.messages ?? []).some((x) => x.messageId === m.messageId))
                    }
                  />
                ) : null
              }
            />
          ))}
        </ol>
      ) : null}
    </Screen>
  );
}

/** The student's threads, for staff who may read all of them (registrar, school admin, compliance). */
export function ThreadList({ session, studentId }: { session: Session; studentId: string }) {
  const threads = useLoad(() => api.threads(studentId), [studentId]);
  const name = useStudentName(studentId);
  return (
    <Screen title={`Texts: ${name}`}>
      <StudentNav session={session} studentId={studentId} />
      <ErrorNotice error={threads.error} />
      {threads.loading && !threads.data ? <Loading what="threads" /> : null}
      {threads.data?.length === 0 ? <p>No texts yet.</p> : null}
      <ul>
        {(threads.data ?? []).map((t) => (
          <li key={t.staffId}>
            <a href={`/console/students/${encodeURIComponent(studentId)}/threads/${encodeURIComponent(t.staffId)}`}>
              {t.staffName ?? t.staffId}
            </a>
            : {t.messageCount} texts, last {formatTime(t.lastMessageAt)}
          </li>
        ))}
      </ul>
    </Screen>
  );
}
