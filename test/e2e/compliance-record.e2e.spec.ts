import {
  auth,
  allowTexting,
  raw,
  shortStory,
  text,
  type AccessEntry as Entry,
  type HistoryEvent,
  type StoryIds,
} from '../support/compliance-story';
import { runCli } from '../support/run-cli';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The records officer's questions, answered through the API and the CLI: who looked at the record, what happened
 * and when (replayed as of any moment), corrections beside the originals, and the records-request export.
 */
describe('e2e: the compliance record (access record, replay, corrections, export)', () => {
  let t: TestApp;
  let ids: StoryIds;
  let compliance: string, bell: string, registrar: string;
  const S = 's-4101';
  const accessOf = async (): Promise<Entry[]> =>
    (await t.http.get(`/v1/compliance/students/${S}/access`).set(auth(compliance)).expect(200)).body.entries;

  beforeAll(async () => {
    t = await startTestApp();
    compliance = t.token('compliance', 'comp-1', { initials: 'C.Officer' });
    bell = t.token('teacher', 't-bell', { initials: 'A.Bell', name: 'Amy Bell' });
    registrar = t.token('registrar', 'reg-1', { initials: 'R.Diaz' });
    await allowTexting(t);
    ids = await shortStory(t, S, '+12015550141');
  });
  afterAll(async () => {
    await t.close();
  });

  it('records every read with who, role, what and the stated purpose; refused reads are recorded as refusals', async () => {
    await t.http.get(`/v1/students/${S}/threads`).set(auth(bell)).expect(200);
    await t.http
      .get(`/v1/students/${S}/log`)
      .set(auth(compliance))
      .set('X-Access-Purpose', 'Quarterly records review')
      .expect(200);
    await t.http
      .get(`/v1/students/${S}`)
      .set(auth(registrar))
      .query({ purpose: 'Parent called to update the address' })
      .expect(200);
    await t.http
      .get('/v1/me/threads')
      .set(auth(t.token('student', S)))
      .expect(200);
    await t.http
      .get(`/v1/students/${S}/threads`)
      .set(auth(t.token('teacher', 't-other')))
      .expect(403);
    await t.http
      .get(`/v1/compliance/students/${S}/access`)
      .set(auth(t.token('compliance', 'comp-9', { district: 'd2' })))
      .expect(404);
    const tooLong = await t.http
      .get(`/v1/students/${S}/threads`)
      .set(auth(bell))
      .set('X-Access-Purpose', 'x'.repeat(501))
      .expect(400);
    expect(tooLong.body.error.code).toBe('INVALID_PURPOSE');

    const entries = await accessOf();
    const summary = entries.map(
      (e) =>
        `${e.type === 'StudentRecordAccessed' ? 'read' : 'refused'} ${e.part} by ${e.actor.id}/${e.actor.role}${e.purpose ? ` for "${e.purpose}"` : ''}${e.refusedBecause ? ` (${e.refusedBecause})` : ''}`,
    );
    expect(summary).toEqual(
      expect.arrayContaining([
        'read threads by t-bell/teacher',
        'read log by comp-1/compliance for "Quarterly records review"',
        'read profile by reg-1/registrar for "Parent called to update the address"',
        `read threads by ${S}/student`,
        'refused threads by t-other/teacher (NOT_TEACHER_OF_STUDENT)',
      ]),
    );
    // Another district's compliance asked for its own student of that id, who does not exist: nothing of ours was read.
    expect(entries.filter((e) => e.actor.id === 'comp-9')).toEqual([]);
    // The thread polls of the story itself were reads too.
    expect(entries.filter((e) => e.part === 'thread' && e.actor.id === 't-bell').length).toBeGreaterThan(0);
  });

  it('keeps corrections beside the originals: amend a note, mark a call entered in error', async () => {
    await t.http
      .post(`/v1/students/${S}/notes/${ids.noteId}/amendments`)
      .set(auth(bell))
      .send({ body: 'Talked to dad about the first project', reason: 'It was dad, not mom' })
      .expect(201);
    await t.http
      .post(`/v1/students/${S}/calls/${ids.callId}/entered-in-error`)
      .set(auth(registrar))
      .send({ reason: 'Logged on the wrong student' })
      .expect(200);
    const other = await t.http
      .post(`/v1/students/${S}/notes/${ids.noteId}/amendments`)
      .set(auth(t.token('teacher', 't-other')))
      .send({ body: 'x', reason: 'y' })
      .expect(403);
    expect(other.body.error.code).toBe('NOT_AUTHOR_OF_ENTRY');
    await t.http
      .post(`/v1/students/${S}/notes/${ids.noteId}/amendments`)
      .set(auth(compliance))
      .send({ body: 'x', reason: 'y' })
      .expect(403);
    await t.settle();
    const log = (await t.http.get(`/v1/students/${S}/log`).set(auth(compliance)).expect(200)).body as {
      eventType: string;
      summary: string;
    }[];
    expect(log.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(['NoteAdded', 'NoteAmended', 'CallLogged', 'EntryMarkedEnteredInError']),
    );
    expect(log.find((e) => e.eventType === 'NoteAdded')!.summary).toMatch(/Talked to mom/);
  });

  it('replays every event in order with actor, time and causation, and the record as it stood at any moment', async () => {
    const bellToken = bell;
    await t.http.post(`/v1/students/${S}/opt-out`).set(auth(bellToken)).send({ requestedBy: 'parent' }).expect(200);
    const history = (await t.http.get(`/v1/compliance/students/${S}/history`).set(auth(compliance)).expect(200))
      .body as { events: HistoryEvent[]; nextAfter: string | null };
    expect(history.events.map((e) => e.revision)).toEqual(history.events.map((_, i) => String(i)));
    expect(history.events[0]).toMatchObject({
      type: 'StudentRegistered',
      metadata: { actor: { id: 'sis-sync' }, causationId: expect.any(String), correlationId: expect.any(String) },
    });
    const at = (type: string) => history.events.find((e) => e.type === type)!.metadata.occurredAt;

    const asOf = async (iso: string) =>
      (await t.http.get(`/v1/compliance/students/${S}/history`).query({ asOf: iso }).set(auth(compliance)).expect(200))
        .body;
    const before = await asOf(new Date(Date.parse(at('SmsQueued')) - 1).toISOString());
    expect(before.threads).toEqual([]);
    const undelivered = await asOf(new Date(Date.parse(at('SmsDelivered')) - 1).toISOString());
    expect(undelivered.threads[0].messages[0]).toMatchObject({
      messageId: ids.messageId,
      body: 'Welcome to Art class Maddie! - Mrs. Bell',
    });
    expect(undelivered.threads[0].messages[0].status).not.toBe('delivered');
    const delivered = await asOf(at('SmsDelivered'));
    expect(delivered.threads[0].messages[0].status).toBe('delivered');
    expect(delivered).toMatchObject({
      sms: { enabled: true },
      consent: { optedOut: false },
      contact: { smsNumber: '+12015550141' },
      notes: [],
    });
    const noted = await asOf(at('NoteAdded'));
    expect(noted.notes).toEqual([
      expect.objectContaining({ body: 'Talked to mom about the first project', authorId: 't-bell', amendments: [] }),
    ]);
    const now = await asOf(new Date(Date.parse(at('SmsOptedOut')) + 1).toISOString());
    expect(now).toMatchObject({
      sms: { enabled: false, reason: 'opted_out' },
      consent: { optedOut: true },
      contact: { smsNumber: null },
    });
    expect(now.notes[0].amendments).toEqual([
      expect.objectContaining({ body: 'Talked to dad about the first project', reason: 'It was dad, not mom' }),
    ]);
    expect(now.calls[0].enteredInError).toMatchObject({ reason: 'Logged on the wrong student' });
    await t.http
      .get(`/v1/compliance/students/${S}/history`)
      .query({ asOf: 'yesterday' })
      .set(auth(compliance))
      .expect(400);
  });

  it('exports the complete record as JSON Lines, CSV and a printable page; requires a purpose; records the disclosure', async () => {
    await t.settle();
    const missing = await t.http.get(`/v1/compliance/students/${S}/export`).set(auth(compliance)).expect(400);
    expect(missing.body.error.code).toBe('PURPOSE_REQUIRED');
    await t.http.get(`/v1/compliance/students/${S}/export?purpose=x`).set(auth(bell)).expect(403);

    const jsonl = await raw(
      t.http
        .get(`/v1/compliance/students/${S}/export`)
        .query({ format: 'jsonl', purpose: 'Parent records request of 9/2' })
        .set(auth(compliance)),
    ).expect(200);
    expect(jsonl.headers['content-disposition']).toBe(`attachment; filename="student-${S}-record.jsonl"`);
    expect(jsonl.headers['cache-control']).toBe('no-store');
    const rows = text(jsonl)
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            section: string;
            eventType: string;
            correction: string | null;
            details: Record<string, unknown>;
            summary: string;
          },
      );
    expect(rows[0]).toMatchObject({
      section: 'record',
      details: { purpose: 'Parent records request of 9/2', format: 'jsonl' },
    });
    expect(rows[rows.length - 1]!.section).toBe('end');
    const sections = new Set(rows.map((r) => r.section));
    expect([...sections]).toEqual(['record', 'log', 'message', 'access', 'end']);
    const log = rows.filter((r) => r.section === 'log');
    expect(log.find((r) => r.eventType === 'NoteAdded')).toMatchObject({
      correction: expect.stringMatching(/^amended .*It was dad, not mom/),
    });
    expect(log.find((r) => r.eventType === 'CallLogged')).toMatchObject({
      correction: expect.stringMatching(/^entered in error .*wrong student/),
    });
    expect(log.map((r) => r.eventType)).toEqual(
      expect.arrayContaining([
        'StudentRegistered',
        'SmsQueued',
        'SmsDelivered',
        'NoteAmended',
        'EntryMarkedEnteredInError',
        'SmsOptedOut',
      ]),
    );
    const access = rows.filter((r) => r.section === 'access');
    expect(access[access.length - 1]).toMatchObject({
      eventType: 'StudentRecordAccessed',
      details: { disclosure: true, purpose: 'Parent records request of 9/2' },
    });

    const csv = await raw(
      t.http
        .get(`/v1/compliance/students/${S}/export`)
        .query({ format: 'csv', purpose: 'Parent records request of 9/2' })
        .set(auth(registrar)),
    ).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = text(csv).split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFsection,occurredAt,kind,eventType,actorId,actorRole,actorInitials,summary,ref,streamRevision,entryHash,prevHash,correction,details',
    );
    expect(text(csv)).toContain('NoteAmended');

    const html = await raw(
      t.http
        .get(`/v1/compliance/students/${S}/export`)
        .query({ format: 'html', purpose: 'Print for the file <b>' })
        .set(auth(compliance)),
    ).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(text(html)).toContain('<h2>Communication log</h2>');
    expect(text(html)).toContain('Print for the file &lt;b&gt;');
    expect(text(html)).not.toContain('<b>');

    const entries = await accessOf();
    expect(entries.filter((e) => e.part === 'export').map((e) => `${e.actor.id}:${e.disclosure}`)).toEqual([
      'comp-1:true',
      'reg-1:true',
      'comp-1:true',
    ]);
  });

  it('the CLI replays and verifies the same way, and its reads are recorded with the operator and purpose', async () => {
    const env = { DATABASE_URL: t.db.url, LOG_LEVEL: 'silent' };
    const history = (await t.http.get(`/v1/compliance/students/${S}/history`).set(auth(compliance)).expect(200))
      .body as { events: HistoryEvent[] };
    const deliveredAt = history.events.find((e) => e.type === 'SmsDelivered')!.metadata.occurredAt;
    const operator = ['--purpose', 'Board inquiry', '--operator', 'ops.kim'];
    const asOf = await runCli(
      ['audit', 'history', '--district', 'd1', '--student', S, '--as-of', deliveredAt, ...operator],
      {
        env,
      },
    );
    expect(asOf.stderr).toBe('');
    expect(asOf.code).toBe(0);
    expect(JSON.parse(asOf.stdout)).toMatchObject({
      studentId: S,
      threads: [{ staffId: 't-bell', messages: [{ status: 'delivered' }] }],
    });
    const verify = await runCli(['audit', 'verify', '--district', 'd1', '--student', S, ...operator], { env });
    expect({ code: verify.code, out: verify.code === 0 ? '' : verify.stdout }).toEqual({ code: 0, out: '' });
    expect(JSON.parse(verify.stdout)).toMatchObject({ intact: true });
    const noPurpose = await runCli(['audit', 'verify', '--district', 'd1', '--student', S], { env });
    expect(noPurpose.code).toBe(1);
    expect(noPurpose.stderr).toMatch(/purpose/i);
    const cli = (await accessOf()).filter((e) => e.channel === 'cli');
    expect(cli.map((e) => `${e.actor.id}/${e.actor.role} ${e.part} "${e.purpose}"`)).toEqual([
      'cli:ops.kim/system history "Board inquiry"',
      'cli:ops.kim/system log_verification "Board inquiry"',
    ]);
  });
});
