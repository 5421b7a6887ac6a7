import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Page } from 'playwright-core';
import { DEMO_DISTRICT } from '../../src/infrastructure/console/demo-district';
import { mintToken } from '../../src/infrastructure/auth/token.service';
import { axeViolations, screenshot, signIn, useConsoleHarness, type ConsoleHarness } from '../support/console-browser';

/**
 * The seed's whole story in one run, through the Twilio stand-in (the real SDK over HTTP; status callbacks and the
 * student's texts posted to the service's signed webhooks, as Twilio does): a teacher signs in, texts from Send SMS
 * with the enrollment drop-down, sees a failed text's red bar, and a reply arrives live in her open inbox; the
 * registrar records a no-texting request, SMS Enabled turns off with its reason, and compliance replays the history.
 * The district's policy names America/Denver while the provider's `zoneinfo` claim says America/Chicago: every time
 * on screen is in the district's zone (MST/MDT), never the claim's (CST/CDT) nor the browser's (Berlin).
 */
describe("console: the seed's story, live, through Twilio", () => {
  const harness = useConsoleHarness({ twilio: true });
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = harness();
    const token = mintToken(h.t.config, { role: 'school_admin', sub: 'adm-park', district: DEMO_DISTRICT });
    const res = await fetch(`${h.base}/v1/districts/${DEMO_DISTRICT}/sms-policy`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        smsAllowed: true,
        timeZone: 'America/Denver',
        quietHours: { start: '00:00', end: '23:59' },
        allowedLinkHosts: ['school.example.org'],
      }),
    });
    if (res.status !== 200) throw new Error(`The policy was not set: ${res.status} ${await res.text()}`);
  });

  /** Refreshes the thread until `done` holds for it (delivery reports arrive within moments). */
  async function refreshUntil(page: Page, done: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 60 && !(await done()); i += 1) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(150);
    }
  }

  it('runs from sign-in to the replayed history, with a reply arriving live in the inbox', async () => {
    // The teacher signs in (code + PKCE at the district's provider) and sees Current Enrollments with SMS Enabled.
    const teacher = await signIn(h, 'Amy Bell');
    await teacher.getByRole('heading', { level: 1, name: 'Current Enrollments' }).waitFor();
    const sarahEla = teacher.getByRole('row', { name: /Sarah.*ELA 9/ });
    await sarahEla.getByRole('cell', { name: 'Yes', exact: true }).waitFor();
    // Her last contact, in the district's zone (the policy's America/Denver), not the claim's nor the browser's.
    expect(await sarahEla.textContent()).toMatch(/\d{1,2}:\d{2} [AP]M M[SD]T/);
    expect(await teacher.locator('table').textContent()).not.toMatch(/C[SD]T|CET|GMT/);

    // Send SMS from the Actions menu; Sarah is in two of her classes: the drop-down.
    await sarahEla.getByRole('link', { name: 'Send SMS' }).click();
    await teacher.getByRole('heading', { level: 1, name: 'Send SMS to Sarah' }).waitFor();
    await teacher.getByLabel('Enrollment').selectOption({ label: 'Creative Writing' });
    // A text for later is timed in the district's zone, as the form says.
    await teacher.getByLabel('Later').check();
    await teacher.getByLabel('Send at (America/Denver)').waitFor();
    await teacher.getByLabel('Now').check();
    const text = 'Hi Sarah, this is Mrs. Bell, your Creative Writing teacher. Are you able to get started in class?';
    await teacher.getByLabel('Message').fill(text);
    await teacher.getByText('The content check found nothing').waitFor();
    await teacher.getByRole('button', { name: 'Send' }).click();
    await teacher.getByText('Sent to the phone network.').waitFor();
    await teacher.getByRole('link', { name: 'See it in the thread' }).click();
    const sent = teacher.getByRole('listitem').filter({ hasText: text });
    await refreshUntil(teacher, async () => (await sent.textContent())?.includes('Delivered') ?? false);
    expect(await sent.textContent()).toMatch(/Delivered.*M[SD]T/);

    // A text the carrier refuses: the red bar with an X and the reason, in the thread.
    h.twilio!.standin.invalidNumbers.add('+12015550155');
    await teacher.goto(`${h.base}/console/students/s-1005/send`);
    await teacher
      .getByLabel('Message')
      .fill("Hello Maddie, don't forget we have a study session today at 1:00. - Mrs. Bell");
    await teacher.getByText('The content check found nothing').waitFor();
    await teacher.getByRole('button', { name: 'Send' }).click();
    await teacher.getByRole('link', { name: 'See it in the thread' }).click();
    const bar = teacher.locator('.failbar');
    await refreshUntil(teacher, async () => (await bar.count()) > 0);
    expect(await bar.textContent()).toMatch(
      /^✕Not delivered: .+Check that a valid phone number is saved in the student's Edit Information page\.$/,
    );

    // Every live stream's connection, so the test can cut them below.
    const streams: Socket[] = [];
    (h.t.app.getHttpServer() as Server).on('request', (req: IncomingMessage) => {
      if (req.url?.startsWith('/v1/me/events')) streams.push(req.socket);
    });
    // The inbox is open; Sarah answers from her phone (Twilio's signed webhook) and the reply appears, no reload.
    await teacher.getByRole('link', { name: 'Inbox' }).click();
    await teacher.getByText('Live: new replies appear here as they arrive.').waitFor();
    const sarah = teacher.getByRole('row', { name: /Sarah/ });
    await sarah.getByRole('cell', { name: '1', exact: true }).waitFor();
    await teacher.evaluate(() => ((globalThis as unknown as { stillThisPage: boolean }).stillThisPage = true));
    const reply = await h.twilio!.standin.sendInbound(h.twilio!.inboundUrl, {
      from: '+12015550123',
      body: 'I can start Creative Writing tonight',
    });
    expect(reply.status).toBe(200);
    await sarah.getByText('Student: I can start Creative Writing tonight').waitFor();
    await sarah.getByRole('cell', { name: '2', exact: true }).waitFor();
    expect(await sarah.textContent()).toMatch(/M[SD]T/);
    expect(await teacher.evaluate(() => (globalThis as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(
      true,
    );
    expect(await axeViolations(teacher)).toEqual([]);
    await screenshot(teacher, 'inbox-live');

    // The connection drops (the server side of the stream is cut): the screen says so, the stream is opened again
    // with Last-Event-ID, and a reply sent meanwhile appears.
    const resumedFrom: string[] = [];
    teacher.on('request', (r) => {
      if (r.url().endsWith('/v1/me/events')) resumedFrom.push(r.headers()['last-event-id'] ?? '');
    });
    for (const socket of streams) socket.destroy();
    await teacher.getByText('Live updates interrupted; reconnecting…').waitFor();
    await h.twilio!.standin.sendInbound(h.twilio!.inboundUrl, { from: '+12015550123', body: 'Can we talk Thursday?' });
    await sarah.getByText('Student: Can we talk Thursday?').waitFor();
    await teacher.getByText('Live: new replies appear here as they arrive.').waitFor();
    expect(resumedFrom.filter((id) => /^\d+-\d+$/.test(id)).length).toBeGreaterThan(0);

    // The family asks for no texts: the registrar records it on Edit Information, with the dated, initialed note.
    const registrar = await signIn(h, 'Rita Diaz', '/console/students/s-1001/edit');
    await registrar.getByRole('heading', { level: 1, name: 'Edit Information: Sarah Jones' }).waitFor();
    await registrar.getByLabel('Requested by').selectOption('parent');
    await registrar.getByRole('button', { name: 'Record the request and remove the SMS number' }).click();
    await registrar
      .getByText(/^Recorded: Parent requested no texting, removed SMS number, \d{1,2}\/\d{1,2}\/\d{2} - R\.Diaz$/)
      .waitFor();
    await registrar.context().close();

    // SMS Enabled turns off, with its reason, and Send SMS is no longer offered.
    const sarahRows = teacher.getByRole('row', { name: /Sarah/ });
    for (let i = 0; i < 40; i += 1) {
      await teacher.goto(`${h.base}/console/enrollments`);
      await sarahRows.first().waitFor();
      if ((await sarahRows.first().textContent())?.includes('asked for no texts')) break;
      await teacher.waitForTimeout(250);
    }
    expect(await sarahRows.count()).toBe(2);
    for (const row of await sarahRows.all())
      expect(await row.textContent()).toContain('No: the student or family asked for no texts');
    expect(await sarahRows.getByRole('link', { name: 'Send SMS' }).count()).toBe(0);
    await teacher.context().close();

    // Compliance replays the history: the texts, the reply and the no-texting request, in order.
    const officer = await signIn(h, 'Jo Lee', '/console/compliance/s-1001');
    await officer.getByLabel('Purpose of this review').fill('Family asked what was texted');
    await officer.getByRole('button', { name: 'Open the record' }).click();
    await officer.getByRole('cell', { name: 'SmsOptedOut' }).waitFor();
    const types = await officer.locator('table').first().getByRole('cell').allTextContents();
    const at = (type: string) => types.lastIndexOf(type);
    expect(at('SmsReceived')).toBeGreaterThan(at('SmsQueued'));
    expect(at('SmsOptedOut')).toBeGreaterThan(at('SmsReceived'));
    expect(await officer.locator('main').textContent()).not.toMatch(/C[SD]T/);
    await officer.context().close();

    // A student may not read the district's policy: her times fall back to the provider's claim (America/Chicago).
    const student = await signIn(h, 'Sarah');
    await student.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    expect(await student.getByRole('listitem').filter({ hasText: 'Amy Bell' }).textContent()).toMatch(/C[SD]T/);
    await student.context().close();
  });
});
