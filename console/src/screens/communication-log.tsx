import { useState } from 'preact/hooks';
import { api, type CallInput, type LogEntry } from '../api';
import type { Session } from '../auth';
import { formatTime } from '../time';
import { ErrorNotice, Loading, Screen, useLoad, useStudentName } from '../ui';
import { StudentNav } from './student-nav';

const KIND: Record<string, string> = {
  registration: 'Registration',
  enrollment: 'Enrollment',
  sms_outbound: 'Text sent',
  sms_status: 'Text status',
  sms_inbound: 'Reply',
  sms_moved: 'Reply moved',
  sms_unrouted: 'Text kept unrouted',
  note: 'Note',
  call: 'Phone call',
  opt_out: 'No-texting request',
  correction: 'Correction',
  contact_change: 'Contact change',
  record_correction: 'Record correction',
};

/** Add Communications: a phone call or a note, for the log (the seed: calls are still made, and logged here). */
function AddCommunications({ studentId, onAdded }: { studentId: string; onAdded: (count: number) => void }) {
  const [what, setWhat] = useState<'call' | 'note'>('call');
  const [direction, setDirection] = useState<'outbound' | 'inbound'>('outbound');
  const [party, setParty] = useState<CallInput['party']>('parent');
  const [outcome, setOutcome] = useState<CallInput['outcome']>('connected');
  const [minutes, setMinutes] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setDone('');
    try {
      if (what === 'note') await api.addNote(studentId, text);
      else
        await api.logCall(studentId, {
          direction,
          party,
          outcome,
          ...(minutes ? { durationSeconds: Math.round(Number(minutes) * 60) } : {}),
          ...(text ? { notes: text } : {}),
        });
      setText('');
      setMinutes('');
      setDone(what === 'note' ? 'The note was added to the log.' : 'The call was logged.');
      onAdded(1);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit} aria-labelledby="add-comms">
      <h2 id="add-comms">Add Communications</h2>
      <fieldset>
        <legend>What</legend>
        <label class="inline">
          <input type="radio" name="what" checked={what === 'call'} onChange={() => setWhat('call')} /> Phone call
        </label>
        <label class="inline">
          <input type="radio" name="what" checked={what === 'note'} onChange={() => setWhat('note')} /> Note
        </label>
      </fieldset>
      {what === 'call' ? (
        <div class="filters">
          <label>
            Direction{' '}
            <select value={direction} onChange={(e) => setDirection(e.currentTarget.value as 'outbound' | 'inbound')}>
              <option value="outbound">We called</option>
              <option value="inbound">They called</option>
            </select>
          </label>
          <label>
            With{' '}
            <select value={party} onChange={(e) => setParty(e.currentTarget.value as CallInput['party'])}>
              {['student', 'parent', 'guardian', 'other'].map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label>
            Outcome{' '}
            <select value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as CallInput['outcome'])}>
              {[
                ['connected', 'Connected'],
                ['voicemail', 'Left a voicemail'],
                ['no_answer', 'No answer'],
                ['busy', 'Busy'],
                ['wrong_number', 'Wrong number'],
              ].map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <label>
            Minutes{' '}
            <input
              type="number"
              min={0}
              max={1440}
              step={1}
              value={minutes}
              onInput={(e) => setMinutes(e.currentTarget.value)}
            />
          </label>
        </div>
      ) : null}
      <div class="field">
        <label for="comm-text">{what === 'note' ? 'Note' : 'Notes on the call (optional)'}</label>
        <textarea id="comm-text" value={text} maxLength={5000} onInput={(e) => setText(e.currentTarget.value)} />
      </div>
      <ErrorNotice error={error} />
      <p role="status">{done}</p>
      <button type="submit" class="primary" disabled={what === 'note' && !text.trim()}>
        {what === 'note' ? 'Add note' : 'Log call'}
      </button>
    </form>
  );
}

/** Corrections, never edits: amend a note, or mark a note or call entered in error, with a reason. */
function Correct({ studentId, entry, onDone }: { studentId: string; entry: LogEntry; onDone: () => void }) {
  const data = (entry.details.data ?? {}) as { noteId?: string; callId?: string; body?: string };
  const [mode, setMode] = useState<'amend' | 'error'>(entry.kind === 'note' ? 'amend' : 'error');
  const [body, setBody] = useState(data.body ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const id = `fix-${entry.entryId}`;
  return (
    <details>
      <summary>Correct this entry</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const done =
            mode === 'amend'
              ? api.amendNote(studentId, data.noteId!, body, reason)
              : api.enteredInError(
                  studentId,
                  entry.kind === 'note' ? 'notes' : 'calls',
                  (data.noteId ?? data.callId)!,
                  reason,
                );
          done.then(onDone, setError);
        }}
      >
        {entry.kind === 'note' ? (
          <fieldset>
            <legend>Correction</legend>
            <label class="inline">
              <input type="radio" name={`${id}-mode`} checked={mode === 'amend'} onChange={() => setMode('amend')} />{' '}
              Amend the note
            </label>
            <label class="inline">
              <input type="radio" name={`${id}-mode`} checked={mode === 'error'} onChange={() => setMode('error')} />{' '}
              Entered in error
            </label>
          </fieldset>
        ) : null}
        {mode === 'amend' ? (
          <div class="field">
            <label for={`${id}-body`}>Corrected note</label>
            <textarea id={`${id}-body`} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
          </div>
        ) : null}
        <div class="field">
          <label for={`${id}-reason`}>Reason</label>
          <input id={`${id}-reason`} value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
        <ErrorNotice error={error} />
        <button type="submit">{mode === 'amend' ? 'Save amendment' : 'Mark entered in error'}</button>
      </form>
    </details>
  );
}

export function CommunicationLog({ session, studentId }: { session: Session; studentId: string }) {
  const log = useLoad(() => api.log(studentId), [studentId]);
  // A write shows once the log has it: wait for one more entry than before.
  const grown = () => {
    const before = log.data?.entries.length ?? 0;
    log.reloadUntil((data) => data.entries.length > before);
  };
  const role = session.user.role;
  const name = useStudentName(studentId);
  const writes = role !== 'compliance';
  const mayCorrect = (e: LogEntry) =>
    writes &&
    (e.kind === 'note' || e.kind === 'call') &&
    (role === 'registrar' || role === 'school_admin' || e.actor.id === session.user.sub);
  return (
    <Screen title={`Communication Log: ${name}`}>
      <StudentNav session={session} studentId={studentId} />
      <ErrorNotice error={log.error} />
      {log.loading && !log.data ? <Loading what="the log" /> : null}
      {log.data ? (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Every text, reply, call, note and change, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Who</th>
                <th scope="col">Entry</th>
              </tr>
            </thead>
            <tbody>
              {log.data.entries.map((e) => (
                <tr key={e.entryId}>
                  <td>{formatTime(e.occurredAt)}</td>
                  <td>{KIND[e.kind] ?? e.kind}</td>
                  <td>{e.actor.initials ?? e.actor.role}</td>
                  <td>
                    {e.summary}
                    {mayCorrect(e) ? <Correct studentId={studentId} entry={e} onDone={grown} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {log.data && !log.data.complete ? (
        <p class="muted">
          The first {log.data.entries.length} entries are shown; the export (Compliance) has them all.
        </p>
      ) : null}
      {writes ? <AddCommunications studentId={studentId} onAdded={grown} /> : null}
    </Screen>
  );
}
