import { useState } from 'preact/hooks';
import { api, type AccessEntry, type HistoryEvent, type RecordSnapshot, type Verification } from '../api';
import { navigate } from '../router';
import { formatTime, localInputToIso } from '../time';
import { ErrorNotice, Screen, useStudentName } from '../ui';

/** Which student: the records officer types the id (a records request names the student). */
export function ComplianceSearch() {
  const [id, setId] = useState('');
  return (
    <Screen title="Compliance">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (id.trim()) navigate(`/console/compliance/${encodeURIComponent(id.trim())}`);
        }}
      >
        <div class="field">
          <label for="student-id">Student id</label>
          <input id="student-id" value={id} onInput={(e) => setId(e.currentTarget.value)} />
        </div>
        <button type="submit" class="primary">
          Open the record
        </button>
      </form>
      <p class="muted">Or open a student from Current Enrollments.</p>
    </Screen>
  );
}

function download(text: string, type: string): string {
  return URL.createObjectURL(new Blob([text], { type }));
}

/**
 * The record for a records officer: every read states its purpose (kept in the access record). The timeline, the
 * record as it stood at a moment, who read it, the proof that the log was not altered (with the head hash to
 * write down), and the export for a records request (purpose required).
 */
export function ComplianceRecord({ studentId }: { studentId: string }) {
  const [purpose, setPurpose] = useState('');
  const [opened, setOpened] = useState(false);
  const [events, setEvents] = useState<{ events: HistoryEvent[]; complete: boolean } | null>(null);
  const [access, setAccess] = useState<AccessEntry[] | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [asOf, setAsOf] = useState('');
  const [snapshot, setSnapshot] = useState<RecordSnapshot | null>(null);
  const [format, setFormat] = useState<'csv' | 'jsonl' | 'html'>('csv');
  const [exported, setExported] = useState<{ href: string; name: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = <T,>(p: Promise<T>, then: (v: T) => void) => {
    setError(null);
    p.then(then, setError);
  };
  const why = purpose.trim() || undefined;
  const name = useStudentName(studentId);

  return (
    <Screen title={`Compliance record: ${name}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setOpened(true);
          run(api.history(studentId, why), setEvents);
          run(api.access(studentId, why), (a) => setAccess(a.entries));
        }}
      >
        <div class="field">
          <label for="purpose">Purpose of this review</label>
          <p class="hint" id="purpose-hint">
            Kept in the student's access record with your name (FERPA). Required for an export.
          </p>
          <input
            id="purpose"
            aria-describedby="purpose-hint"
            value={purpose}
            maxLength={500}
            onInput={(e) => setPurpose(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="primary">
          Open the record
        </button>
      </form>
      <ErrorNotice error={error} />
      {opened ? (
        <>
          <h2>Proof the log was not altered</h2>
          <button type="button" onClick={() => run(api.verify(studentId, why), setVerification)}>
            Verify the communication log
          </button>
          <div aria-live="polite">
            {verification ? (
              <dl class="facts">
                <dt>Result</dt>
                <dd>
                  {verification.intact
                    ? 'Intact: every entry matches the record and the chain holds.'
                    : verification.status === 'pending'
                      ? `Pending: ${verification.pending?.entries ?? 0} entries not written yet; verify again shortly.`
                      : `Altered: ${verification.firstDifference?.explanation ?? 'see the report'}`}
                </dd>
                <dt>Entries</dt>
                <dd>{verification.table.entries}</dd>
                <dt>Head hash</dt>
                <dd>
                  <code>{verification.table.headHash ?? '—'}</code> (write it down with the date)
                </dd>
                <dt>Verified</dt>
                <dd>{formatTime(verification.verifiedAt)}</dd>
              </dl>
            ) : null}
          </div>

          <h2>The record as of a moment</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (asOf) run(api.asOf(studentId, localInputToIso(asOf), why), setSnapshot);
            }}
          >
            <div class="field">
              <label for="as-of">As of</label>
              <input id="as-of" type="datetime-local" value={asOf} onInput={(e) => setAsOf(e.currentTarget.value)} />
            </div>
            <button type="submit">Show the record then</button>
          </form>
          {snapshot ? (
            <dl class="facts" aria-label="The record then">
              <dt>As of</dt>
              <dd>{formatTime(snapshot.asOf)}</dd>
              <dt>SMS number</dt>
              <dd>{snapshot.contact?.smsNumber ?? 'none on file'}</dd>
              <dt>SMS Enabled</dt>
              <dd>{snapshot.sms.enabled ? 'Yes' : `No: ${snapshot.sms.explanation ?? snapshot.sms.reason}`}</dd>
              <dt>No-texting request</dt>
              <dd>{snapshot.consent.optOut?.note ?? 'none'}</dd>
              <dt>Threads</dt>
              <dd>{snapshot.threads.map((t) => `${t.staffId}: ${t.messages.length} texts`).join('; ') || 'none'}</dd>
              <dt>Notes, calls</dt>
              <dd>
                {snapshot.notes.length} notes, {snapshot.calls.length} calls
              </dd>
            </dl>
          ) : null}

          <h2>Export for a records request</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!why)
                return setError(
                  new Error(
                    'State the purpose of the export first (it is printed in the export and kept in the access record).',
                  ),
                );
              run(api.exportRecord(studentId, format, why), (text) =>
                setExported({
                  href: download(
                    text,
                    format === 'html' ? 'text/html' : format === 'csv' ? 'text/csv' : 'application/jsonl',
                  ),
                  name: `record-${studentId}.${format}`,
                }),
              );
            }}
          >
            <div class="field">
              <label for="format">Format</label>
              <select
                id="format"
                value={format}
                onChange={(e) => setFormat(e.currentTarget.value as 'csv' | 'jsonl' | 'html')}
              >
                <option value="csv">CSV (spreadsheet)</option>
                <option value="html">Printable page (HTML)</option>
                <option value="jsonl">JSON lines</option>
              </select>
            </div>
            <button type="submit">Export the record</button>
          </form>
          <p aria-live="polite">
            {exported ? (
              <a href={exported.href} download={exported.name}>
                Download {exported.name}
              </a>
            ) : null}
          </p>

          <h2>Timeline</h2>
          {events ? (
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">Every event of the student's record, oldest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Event</th>
                    <th scope="col">Who</th>
                    <th scope="col">Revision</th>
                  </tr>
                </thead>
                <tbody>
                  {events.events.map((ev) => (
                    <tr key={ev.eventId}>
                      <td>{formatTime(ev.metadata.occurredAt ?? ev.recordedAt)}</td>
                      <td>{ev.type}</td>
                      <td>
                        {ev.metadata.actor
                          ? `${ev.metadata.actor.initials ?? ev.metadata.actor.id} (${ev.metadata.actor.role})`
                          : '—'}
                      </td>
                      <td>{ev.revision}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}

          {events && !events.complete ? (
            <p class="muted">The first {events.events.length} events are shown; the export has them all.</p>
          ) : null}
          <h2>Who read the record</h2>
          {access ? (
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">Every read and disclosure of the record</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Part</th>
                    <th scope="col">Purpose</th>
                    <th scope="col">Disclosure</th>
                  </tr>
                </thead>
                <tbody>
                  {access.map((a) => (
                    <tr key={a.eventId}>
                      <td>{formatTime(a.at)}</td>
                      <td>
                        {a.actor.initials ?? a.actor.id} ({a.actor.role})
                      </td>
                      <td>
                        {a.part}
                        {a.refusedBecause ? ` (refused: ${a.refusedBecause})` : ''}
                      </td>
                      <td>{a.purpose ?? '—'}</td>
                      <td>{a.disclosure ? 'Yes' : 'No'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </Screen>
  );
}
