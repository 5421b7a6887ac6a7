import { useMemo, useRef, useState } from 'preact/hooks';
import { api, newIdempotencyKey, type ClassTextResult, type ClassTextStudent, type CurrentEnrollment } from '../api';
import type { Session } from '../auth';
import { smsEnabledSentence } from '../sms-enabled';
import { formatTime, localInputToIso } from '../time';
import { ErrorNotice, Loading, Screen, useLoad } from '../ui';
import { GuardVerdict, useGuard } from './guard-verdict';
import { fillTemplate, PLACEHOLDER_HINT, TemplatePicker } from './templates';
import { WhenField } from './when-field';

function outcome(s: ClassTextStudent): string {
  if (s.outcome === 'queued') return 'Queued: sent to the phone network.';
  if (s.outcome === 'scheduled') return `Scheduled: it goes out ${formatTime(s.scheduledFor)}.`;
  const why = s.reason ? smsEnabledSentence(false, s.reason) : (s.explanation ?? s.code ?? 'no reason given');
  return `Not sent: ${why}${s.violations.length > 0 ? ` (${s.violations.join(', ')})` : ''}`;
}

/**
 * Class texting: one text to every student of one of the teacher's course sections, with {firstName}, {className}
 * and {teacherName} filled per student. The guard checks the text live as the section's first textable student would
 * get it; on send every student is answered on their own (queued, scheduled, or not sent and why).
 */
export function ClassTexting({ session }: { session: Session }) {
  const rows = useLoad(() => api.enrollments({ teacherId: session.user.sub }), [session.user.sub]);
  const sections = useMemo(() => {
    const byCourse = new Map<string, { courseName: string; students: CurrentEnrollment[] }>();
    for (const r of rows.data ?? []) {
      const s = byCourse.get(r.courseId) ?? { courseName: r.courseName, students: [] };
      s.students.push(r);
      byCourse.set(r.courseId, s);
    }
    for (const s of byCourse.values()) s.students.sort((a, b) => a.studentFirstName.localeCompare(b.studentFirstName));
    return [...byCourse.entries()].sort((a, b) => a[1].courseName.localeCompare(b[1].courseName));
  }, [rows.data]);
  const [sectionId, setSectionId] = useState('');
  const [body, setBody] = useState('');
  const [left, setLeft] = useState<Set<string>>(new Set());
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [sendAt, setSendAt] = useState('');
  const [templateId, setTemplateId] = useState<{ id: string; body: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ClassTextResult | null>(null);
  const key = useRef(newIdempotencyKey());
  const section = sections.find(([id]) => id === sectionId)?.[1];
  const sample = section?.students.find((s) => s.smsEnabled) ?? null;
  const filled = sample
    ? fillTemplate(body, {
        firstName: sample.studentFirstName,
        className: section!.courseName,
        teacherName: session.user.name,
      })
    : '';
  const guard = useGuard(sample?.studentId ?? null, filled);
  const names = new Map((rows.data ?? []).map((r) => [r.studentId, r.studentFirstName]));

  async function send(event: Event) {
    event.preventDefault();
    setError(null);
    setResult(null);
    if (!section) return setError(new Error('Choose the class to text.'));
    const chosen = section.students.filter((s) => !left.has(s.studentId)).map((s) => s.studentId);
    if (chosen.length === 0) return setError(new Error('Choose at least one student.'));
    if (when === 'later' && !sendAt) return setError(new Error('Choose when the text should go out, or pick "Now".'));
    setBusy(true);
    try {
      const fromTemplate = templateId && templateId.body === body;
      let answer = await api.classText(sectionId, {
        ...(fromTemplate ? { templateId: templateId.id } : { body }),
        idempotencyKey: key.current,
        ...(left.size > 0 ? { studentIds: chosen } : {}),
        ...(when === 'later' ? { sendAt: localInputToIso(sendAt) } : {}),
      });
      setResult(answer);
      // A large class runs in the background: its progress is read until every student has an answer.
      while (answer.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        answer = await api.classTextJob(answer.jobId);
        setResult(answer);
      }
      key.current = newIdempotencyKey();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Screen title="Class texting">
      <ErrorNotice error={rows.error} />
      {rows.loading && !rows.data ? <Loading what="your classes" /> : null}
      {rows.data && sections.length === 0 ? <p>You have no class with an active enrollment.</p> : null}
      {sections.length > 0 ? (
        <form onSubmit={send} noValidate>
          <div class="field">
            <label for="section">Class</label>
            <select
              id="section"
              value={sectionId}
              onChange={(e) => {
                setSectionId(e.currentTarget.value);
                setLeft(new Set());
              }}
            >
              <option value="">Choose a class</option>
              {sections.map(([id, s]) => (
                <option key={id} value={id}>
                  {s.courseName} ({s.students.length} {s.students.length === 1 ? 'student' : 'students'})
                </option>
              ))}
            </select>
          </div>
          {section ? (
            <details>
              <summary>
                Students of {section.courseName}: {section.students.filter((s) => s.smsEnabled).length} of{' '}
                {section.students.length} can be texted
              </summary>
              <fieldset>
                <legend>Who gets it (untick to leave a student out)</legend>
                {section.students.map((s) => (
                  <label key={s.enrollmentId} class="choice">
                    <input
                      type="checkbox"
                      checked={!left.has(s.studentId)}
                      onChange={(e) => {
                        const next = new Set(left);
                        if (e.currentTarget.checked) next.delete(s.studentId);
                        else next.add(s.studentId);
                        setLeft(next);
                      }}
                    />{' '}
                    {s.studentFirstName} <span class="muted">({s.studentId})</span>:{' '}
                    {smsEnabledSentence(s.smsEnabled, s.smsDisabledReason)}
                  </label>
                ))}
              </fieldset>
            </details>
          ) : null}
          <TemplatePicker
            onPick={(t) => {
              setBody(t.body);
              setTemplateId({ id: t.templateId, body: t.body });
            }}
          />
          <div class="field">
            <label for="class-body">Message</label>
            <p class="hint" id="class-body-hint">
              {PLACEHOLDER_HINT} No full names, grades, birth dates, addresses, passwords or links to personal
              information.
            </p>
            <textarea
              id="class-body"
              aria-describedby="class-body-hint guard-verdict"
              value={body}
              maxLength={1600}
              onInput={(e) => setBody(e.currentTarget.value)}
            />
          </div>
          {sample && body.trim() ? (
            <>
              <p class="hint" id="class-sample">
                Checked as {sample.studentFirstName} would get it: <q>{filled}</q>
              </p>
              <GuardVerdict body={filled} preview={guard.preview} checking={guard.checking} />
            </>
          ) : null}
          <WhenField id="class-send-at" when={when} onWhen={setWhen} sendAt={sendAt} onSendAt={setSendAt}>
            <p class="hint">
              Outside the district's texting window a student's text waits for it to open; each result says when.
            </p>
          </WhenField>
          <ErrorNotice error={error} />
          <p>
            <button type="submit" class="primary" disabled={busy || !body.trim() || !section}>
              {section ? `Send to ${section.courseName}` : 'Send'}
            </button>
          </p>
        </form>
      ) : null}
      <div aria-live="polite">
        {result ? (
          <section aria-labelledby="class-results">
            <h2 id="class-results">Results for {result.className}</h2>
            <p role="status">
              {result.status === 'running' ? `Sending: ${result.done} of ${result.total} answered so far. ` : ''}
              {result.counts.queued} queued, {result.counts.scheduled} scheduled, {result.counts.notSent} not sent.
            </p>
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">Each student's result</caption>
                <thead>
                  <tr>
                    <th scope="col">Student</th>
                    <th scope="col">Result</th>
                  </tr>
                </thead>
                <tbody>
                  {result.students.map((s) => (
                    <tr key={s.studentId}>
                      <th scope="row">
                        {names.get(s.studentId) ?? s.studentId} <span class="muted">({s.studentId})</span>
                      </th>
                      <td class={s.outcome === 'not_sent' ? 'no' : 'yes'}>{outcome(s)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}
      </div>
    </Screen>
  );
}
