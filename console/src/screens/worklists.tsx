import { useState } from 'preact/hooks';
import { api, type WorklistEntry, type WorklistName } from '../api';
import type { Session } from '../auth';
import { smsEnabledSentence } from '../sms-enabled';
import { formatDate, formatTime } from '../time';
import { ErrorNotice, Loading, Screen, useLoad } from '../ui';

interface ListProps {
  teacherId: string;
  list: WorklistName;
  title: string;
  first: WorklistEntry[];
  next: string | null;
  detail: (r: WorklistEntry) => string;
}

/** One worklist: its first page, and "Show more" while the list goes on (no list is cut off silently). */
function List({ teacherId, list, title, first, next, detail }: ListProps) {
  const [more, setMore] = useState<{ rows: WorklistEntry[]; next: string | null }>({ rows: [], next });
  const [error, setError] = useState<unknown>(null);
  const rows = [...first, ...more.rows];
  const showMore = async () => {
    try {
      const page = await api.worklistPage(teacherId, list, more.next!);
      setMore({ rows: [...more.rows, ...page.items], next: page.nextCursor });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby={`wl-${list}`}>
      <h2 id={`wl-${list}`}>
        {title} ({rows.length}
        {more.next ? ' so far' : ''})
      </h2>
      <ErrorNotice error={error} />
      {rows.length === 0 ? (
        <p>Nobody right now.</p>
      ) : (
        <ul>
          {rows.map((r) => (
            <li key={`${r.studentId}-${r.enrollmentId ?? r.messageId}`}>
              <strong>{r.studentFirstName}</strong>{' '}
              <span class="muted">
                ({r.studentId}
                {r.courseName ? `, ${r.courseName}` : ''})
              </span>
              : {detail(r)}{' '}
              {r.smsEnabled ? (
                <a href={`/console/students/${encodeURIComponent(r.studentId)}/send`}>Send SMS</a>
              ) : (
                <span>
                  {smsEnabledSentence(false, r.smsDisabledReason)}{' '}
                  <a href={`/console/students/${encodeURIComponent(r.studentId)}/log`}>Log a call</a>
                </span>
              )}
              {r.templateBody ? (
                <p class="hint">
                  Suggested text ({r.templateTitle}): <q>{r.templateBody}</q>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {more.next ? (
        <button type="button" onClick={() => void showMore()}>
          Show more
        </button>
      ) : null}
    </section>
  );
}

/** The teacher's worklists from the seed's timing table: welcome within the first week, falling behind, failed texts. */
export function Worklists({ session }: { session: Session }) {
  const lists = useLoad(() => api.worklists(session.user.sub), [session.user.sub]);
  const d = lists.data;
  return (
    <Screen title="Worklists">
      <ErrorNotice error={lists.error} />
      {lists.loading && !d ? <Loading what="your worklists" /> : null}
      {d ? (
        <>
          <List
            teacherId={d.teacherId}
            list="notWelcomed"
            title="Not welcomed yet"
            first={d.notWelcomed}
            next={d.nextCursors.notWelcomed}
            detail={(r) =>
              `started ${r.startedOn ? formatDate(r.startedOn) : '—'}; text within the first week to welcome.`
            }
          />
          <List
            teacherId={d.teacherId}
            list="fallingBehind"
            title="Falling behind, not contacted in 7 days"
            first={d.fallingBehind}
            next={d.nextCursors.fallingBehind}
            detail={(r) => `behind since ${formatTime(r.behindSince)}, last outreach ${formatTime(r.lastOutreachAt)}.`}
          />
          <List
            teacherId={d.teacherId}
            list="failedTexts"
            title="Texts that failed"
            first={d.failedTexts}
            next={d.nextCursors.failedTexts}
            detail={(r) =>
              `failed ${formatTime(r.failedAt)}: ${(r.failureReason ?? 'no reason given').replace(/\.+$/, '')}.`
            }
          />
        </>
      ) : null}
    </Screen>
  );
}
