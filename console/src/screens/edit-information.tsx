import { useState } from 'preact/hooks';
import { api } from '../api';
import type { Session } from '../auth';
import { smsEnabledSentence } from '../sms-enabled';
import { ErrorNotice, Loading, Screen, useLoad } from '../ui';
import { StudentNav } from './student-nav';

/**
 * Edit Information (registrar, school administrator): the SMS contact number, changed with the ETag read (a change
 * made meanwhile by someone else is refused, not overwritten), and a no-texting request, which removes the number
 * and keeps the dated, initialed note ("Parent requested no texting, removed SMS number, 8/13/19 - A.Bell").
 */
export function EditInformation({ session, studentId }: { session: Session; studentId: string }) {
  const student = useLoad(() => api.student(studentId), [studentId]);
  const [number, setNumber] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [requestedBy, setRequestedBy] = useState<'student' | 'parent' | 'guardian'>('parent');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const s = student.data?.data;
  const etag = student.data?.etag ?? null;
  const shownNumber = number ?? s?.smsNumber ?? '';

  async function saveNumber(e: Event) {
    e.preventDefault();
    setError(null);
    setDone('');
    try {
      await api.updateContact(
        studentId,
        { smsNumber: shownNumber.trim() || null, ...(reason ? { reason } : {}) },
        etag,
      );
      setDone('The SMS contact number was saved.');
      setNumber(null);
      setReason('');
      const enabledBefore = s?.smsEnabled;
      student.reloadUntil((r) => r.data.smsNumber !== s?.smsNumber || r.data.smsEnabled !== enabledBefore);
    } catch (err) {
      setError(err);
    }
  }
  async function noTexting(e: Event) {
    e.preventDefault();
    setError(null);
    setDone('');
    try {
      const out = await api.optOut(studentId, requestedBy);
      setDone(out.note ? `Recorded: ${out.note}` : 'The request was already on file.');
      student.reloadUntil((r) => r.data.optedOut);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Screen title={`Edit Information${s ? `: ${s.firstName} ${s.lastName}` : ''}`}>
      <StudentNav session={session} studentId={studentId} />
      {student.loading && !s ? <Loading what="the student's information" /> : null}
      <ErrorNotice error={student.error ?? error} />
      <p role="status">{done}</p>
      {s ? (
        <>
          <h2>Contact Information</h2>
          <dl class="facts">
            <dt>SMS Enabled</dt>
            <dd>{smsEnabledSentence(s.smsEnabled, s.smsDisabledReason)}</dd>
            <dt>Listed contacts</dt>
            <dd>
              {s.listedContacts?.length
                ? s.listedContacts.map((c) => `${c.name} (${c.relationship})`).join(', ')
                : 'None listed'}
            </dd>
          </dl>
          <form onSubmit={saveNumber}>
            <div class="field">
              <label for="sms-number">SMS contact number</label>
              <p class="hint" id="sms-hint">
                Any common format; the service stores it as +1… Empty removes it.
              </p>
              <input
                id="sms-number"
                type="tel"
                aria-describedby="sms-hint"
                value={shownNumber}
                maxLength={40}
                onInput={(e) => setNumber(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="sms-reason">Why (for the record)</label>
              <input
                id="sms-reason"
                value={reason}
                maxLength={500}
                placeholder="Parent called the school"
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            </div>
            <button type="submit" class="primary">
              Save SMS number
            </button>
          </form>
          <h2>No-texting request</h2>
          <form onSubmit={noTexting}>
            <p>
              When the student or family asks for no texts, record it here: the SMS number is removed and a dated note
              with your initials is kept in the log.
            </p>
            <div class="field">
              <label for="requested-by">Requested by</label>
              <select
                id="requested-by"
                value={requestedBy}
                onChange={(e) => setRequestedBy(e.currentTarget.value as 'student' | 'parent' | 'guardian')}
              >
                <option value="parent">Parent</option>
                <option value="guardian">Guardian</option>
                <option value="student">Student</option>
              </select>
            </div>
            <button type="submit">Record the request and remove the SMS number</button>
          </form>
        </>
      ) : null}
    </Screen>
  );
}
