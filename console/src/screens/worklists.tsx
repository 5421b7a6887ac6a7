import { api, type WorklistEntry } from '../api';
import type { Session } from '../auth';
import { smsEnabledSentence } from '../sms-enabled';
import { formatDate, formatTime } from '../time';
import { ErrorNotice, Loading, Screen, useLoad } from '../ui';

function List({ title, rows, detail }: { title: string; rows: WorklistEntry[]; detail: (r: WorklistEntry) => string }) {
  return (
    <section aria-labelledby={`wl-${title}`}>
      <h2 id={`wl-${title}`}>
        {title} ({rows.length})
      </h2>
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
            title="Not welcomed yet"
            rows={d.notWelcomed}
            detail={(r) =>
              `started ${r.startedOn ? formatDate(r.startedOn) : '—'}; text within the first week to welcome.`
            }
          />
          <List
            title="Falling behind, not contacted in 7 days"
            rows={d.fallingBehind}
            detail={(r) => `behind since ${formatTime(r.behindSince)}, last outreach ${formatTime(r.lastOutreachAt)}.`}
          />
          <List
            title="Texts that failed"
            rows={d.failedTexts}
            detail={(r) =>
              `failed ${formatTime(r.failedAt)}: ${(r.failureReason ?? 'no reason given').replace(/\.+$/, '')}.`
            }
          />
        </>
      ) : null}
    </Screen>
  );
}
