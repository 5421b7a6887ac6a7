import { useRef, useState } from 'preact/hooks';
import { api, ApiError, newIdempotencyKey, type SendResult } from '../api';
import type { Session } from '../auth';
import { smsEnabledSentence } from '../sms-enabled';
import { formatTime, localInputToIso } from '../time';
import { ErrorNotice, Loading, Screen, useLoad } from '../ui';
import { GuardVerdict, useGuard } from './guard-verdict';
import { StudentNav } from './student-nav';
import { fillTemplate, TemplatePicker } from './templates';
import { WhenField } from './when-field';

export function SendSms({ session, studentId }: { session: Session; studentId: string }) {
  const enrollments = useLoad(() => api.enrollments({ studentId }), [studentId]);
  const policy = useLoad(() => api.districtPolicy(session.user.district), [session.user.district]);
  const textingWindow = policy.data?.quietHours;
  const mine = (enrollments.data ?? []).filter((e) => e.teacherId === session.user.sub);
  const [enrollmentId, setEnrollmentId] = useState('');
  const [body, setBody] = useState('');
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [sendAt, setSendAt] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<SendResult | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());

  const { preview, checking } = useGuard(studentId, body);

  if (enrollments.loading && !enrollments.data)
    return (
      <Screen title="Send SMS">
        <Loading what="the student's enrollments" />
      </Screen>
    );
  const first = mine[0];
  const name = first?.studentFirstName ?? studentId;
  const enabled = mine.some((e) => e.smsEnabled);

  async function send(event: Event) {
    event.preventDefault();
    setError(null);
    setSent(null);
    if (mine.length > 1 && !enrollmentId) {
      setError(new Error('Choose the enrollment this text is about.'));
      return;
    }
    if (when === 'later' && !sendAt) {
      setError(new Error('Choose when the text should go out, or pick "Now".'));
      return;
    }
    setBusy(true);
    try {
      const result = await api.send(studentId, {
        body,
        idempotencyKey: key.current,
        ...(enrollmentId ? { enrollmentId } : {}),
        ...(when === 'later' ? { sendAt: localInputToIso(sendAt) } : {}),
      });
      setSent(result);
      setBody('');
      key.current = newIdempotencyKey();
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'CONTENT_POLICY_VIOLATION'
          ? new Error(`Not sent: ${e.message} Fix the marked words first.`)
          : e,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Screen title={`Send SMS to ${name}`}>
      <StudentNav session={session} studentId={studentId} />
      <ErrorNotice error={enrollments.error} />
      {!enabled && first ? (
        <div class="notice warn">
          <p>Texting is not possible: {smsEnabledSentence(false, first.smsDisabledReason)}</p>
        </div>
      ) : null}
      {!first && enrollments.data ? (
        <div class="notice warn">
          <p>You have no active enrollment with this student, so you cannot text them.</p>
        </div>
      ) : null}
      {enabled ? (
        <form onSubmit={send} noValidate>
          {mine.length > 1 ? (
            <div class="field">
              <label for="enrollment">Enrollment</label>
              <p class="hint" id="enrollment-hint">
                {name} is in several of your classes: choose the one this text is about.
              </p>
              <select
                id="enrollment"
                aria-describedby="enrollment-hint"
                value={enrollmentId}
                onChange={(e) => setEnrollmentId(e.currentTarget.value)}
                required
              >
                <option value="">Choose an enrollment</option>
                {mine
                  .filter((e) => e.smsEnabled)
                  .map((e) => (
                    <option key={e.enrollmentId} value={e.enrollmentId}>
                      {e.courseName}
                    </option>
                  ))}
              </select>
            </div>
          ) : null}
          <TemplatePicker
            onPick={(template) =>
              setBody(
                fillTemplate(template.body, {
                  firstName: name,
                  className: (
                    mine.find((e) => e.enrollmentId === enrollmentId) ?? (mine.length === 1 ? first : undefined)
                  )?.courseName,
                  teacherName: session.user.name,
                }),
              )
            }
          />
          <div class="field">
            <label for="body">Message</label>
            <p class="hint" id="body-hint">
              Ask yourself: if someone from the community read this text, would they know who you mean? No full names,
              grades, birth dates, addresses, passwords, pictures or links to personal information.
            </p>
            <textarea
              id="body"
              aria-describedby="body-hint guard-verdict"
              value={body}
              maxLength={1600}
              onInput={(e) => setBody(e.currentTarget.value)}
            />
            <p class="hint">{body.length} characters</p>
          </div>
          <GuardVerdict body={body} preview={preview} checking={checking} onRewrite={setBody} />
          <WhenField id="send-at" when={when} onWhen={setWhen} sendAt={sendAt} onSendAt={setSendAt}>
            <p class="hint" id="quiet-hours">
              Quiet hours: texts go out only inside the district's texting window
              {textingWindow ? (
                <>
                  ,{' '}
                  <strong>
                    {textingWindow.start} to {textingWindow.end}
                  </strong>
                </>
              ) : null}
              , in the student's time zone. A text sent or scheduled outside it waits for the next time the window
              opens, and you are told when it will go.
            </p>
          </WhenField>
          <ErrorNotice error={error} />
          <p>
            <button type="submit" class="primary" disabled={busy || !body.trim()}>
              Send
            </button>
          </p>
        </form>
      ) : null}
      <div aria-live="polite">
        {sent ? (
          <div class="notice ok">
            <span aria-hidden="true" class="icon">
              ✓
            </span>
            <p>
              {sent.status === 'scheduled'
                ? `Scheduled: it goes out ${formatTime(sent.scheduledFor)}.`
                : 'Sent to the phone network.'}
              {sent.notice ? ` ${sent.notice}` : ''}{' '}
              <a
                href={`/console/students/${encodeURIComponent(studentId)}/threads/${encodeURIComponent(session.user.sub)}`}
              >
                See it in the thread
              </a>
              .
            </p>
          </div>
        ) : null}
      </div>
    </Screen>
  );
}
