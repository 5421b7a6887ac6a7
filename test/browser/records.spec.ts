import { axeViolations, screenshot, signIn, useConsoleHarness, type ConsoleHarness } from '../support/console-browser';

/**
 * The other screens, each as the role that uses it, checked with axe and photographed: the student's messages tab,
 * the Communication Log with Add Communications and corrections, Edit Information, Compliance and Analytics.
 */
describe('console: messages, log, edit information, compliance, analytics', () => {
  const harness = useConsoleHarness();
  let h: ConsoleHarness;
  beforeAll(() => (h = harness()));

  it('shows the student their messages and takes a reply', async () => {
    const page = await signIn(h, 'Sarah');
    await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Amy Bell' }).click();
    await page.getByRole('heading', { level: 1, name: 'Messages with Amy Bell' }).waitFor();
    await page.getByText('Welcome to ELA class Sarah!').waitFor();
    await page.getByLabel('Your reply to Amy Bell').fill('Thank you! See you in class');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Thank you! See you in class' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'student-messages');
    await page.context().close();
  });

  it('logs a call and a note from Add Communications, then marks the note entered in error', async () => {
    const page = await signIn(h, 'Amy Bell', '/console/students/s-1004/log');
    await page.getByRole('heading', { level: 1, name: 'Communication Log: Rob (s-1004)' }).waitFor();
    await page.getByLabel('Outcome').selectOption('voicemail');
    await page.getByLabel('Minutes').fill('2');
    await page.getByLabel('Notes on the call (optional)').fill('Left a message about the study session');
    await page.getByRole('button', { name: 'Log call' }).click();
    await page
      .getByRole('cell', { name: /Call \(outbound\) with parent: voicemail.*Left a message about the study session/ })
      .waitFor();
    await page.getByLabel('Note', { exact: true }).check();
    await page
      .getByLabel('Note', { exact: true })
      .and(page.locator('textarea'))
      .fill('Family asked for calls after 4pm');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.getByRole('row').filter({ hasText: 'Family asked for calls after 4pm' });
    await note.waitFor();
    await note.getByText('Correct this entry').click();
    await note.getByLabel('Entered in error').check();
    await note.getByLabel('Reason').fill('Logged on the wrong student');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'communication-log');
    await note.getByRole('button', { name: 'Mark entered in error' }).click();
    await page.getByRole('cell', { name: /marked entered in error by A\.Bell: Logged on the wrong student/ }).waitFor();
    await page.context().close();
  });

  it('lets the registrar set an SMS number and record a no-texting request with the dated, initialed note', async () => {
    const page = await signIn(h, 'Rita Diaz', '/console/students/s-1004/edit');
    await page.getByRole('heading', { level: 1, name: 'Edit Information: Rob Nguyen' }).waitFor();
    await page.getByLabel('SMS contact number').fill('(201) 555-0199');
    await page.getByLabel('Why (for the record)').fill('Parent called the school');
    await page.getByRole('button', { name: 'Save SMS number' }).click();
    await page.getByText('The SMS contact number was saved.').waitFor();
    await page.getByText('Yes', { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'edit-information');

    await page.getByLabel('Requested by').selectOption('parent');
    await page.getByRole('button', { name: 'Record the request and remove the SMS number' }).click();
    await page
      .getByText(/^Recorded: Parent requested no texting, removed SMS number, \d{1,2}\/\d{1,2}\/\d{2} - R\.Diaz$/)
      .waitFor();
    await page.getByText('No: the student or family asked for no texts').waitFor();
    await page.context().close();
  });

  it('gives the records officer the timeline, the record as of a moment, the access record, verification with the head hash, and the export with its purpose', async () => {
    const page = await signIn(h, 'Jo Lee');
    await page.getByRole('link', { name: 'Compliance' }).first().click();
    await page.getByLabel('Student id').fill('s-1001');
    await page.getByRole('button', { name: 'Open the record' }).click();
    await page.getByRole('heading', { level: 1, name: 'Compliance record: Sarah (s-1001)' }).waitFor();
    await page.getByLabel('Purpose of this review').fill('Parent records request 2026-12');
    await page.getByRole('button', { name: 'Open the record' }).click();
    await page.getByRole('cell', { name: 'SmsQueued' }).first().waitFor();
    await page.getByRole('button', { name: 'Verify the communication log' }).click();
    await page.getByText(/^Intact: every entry matches/).waitFor();
    expect(await page.locator('dl.facts code').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await page.getByLabel('As of').fill('2030-01-01T08:00');
    await page.getByRole('button', { name: 'Show the record then' }).click();
    await page.getByRole('definition').filter({ hasText: '+12015550123' }).waitFor();
    await page.getByRole('button', { name: 'Export the record' }).click();
    await page.getByRole('link', { name: 'Download record-s-1001.csv' }).waitFor();
    // The reads above are in the access record, with the purpose stated.
    await page.getByRole('button', { name: 'Open the record' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'export' })
      .filter({ hasText: 'Parent records request 2026-12' })
      .first()
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'compliance');
    await page.context().close();
  });

  it('charts the analytics for the school administrator', async () => {
    const page = await signIn(h, 'Paul Park', '/console/analytics');
    await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();
    await page.getByRole('figure', { name: 'Texts sent per week' }).waitFor();
    expect(await page.locator('.bar').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'analytics');
    await page.context().close();
  });
});
