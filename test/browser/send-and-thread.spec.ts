import {
  axeViolations,
  screenshot,
  signIn,
  tabTo,
  tomorrowAt,
  useConsoleHarness,
  type ConsoleHarness,
} from '../support/console-browser';

/**
 * A teacher texts from the console with the keyboard alone: the enrollment drop-down (Sarah is in two of Mrs. Bell's
 * classes), the content guard while typing (offending words marked, the rule's sentence, the safe rewrite), Send;
 * then the thread shows the delivery status, a failed text shows the red bar with its reason, and a reply is moved.
 */
describe('console: Send SMS and the thread', () => {
  const harness = useConsoleHarness();
  let h: ConsoleHarness;
  beforeAll(() => (h = harness()));

  it('sends a text with the keyboard alone, guarded while typing', async () => {
    const page = await signIn(h, 'Amy Bell');
    await page.getByRole('heading', { level: 1, name: 'Current Enrollments' }).waitFor();
    await tabTo(page, 'a[href="/console/students/s-1001/send"]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Send SMS to Sarah' }).waitFor();

    await tabTo(page, 'select#enrollment');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('select#enrollment option:checked').textContent()).not.toBe('Choose an enrollment');
    await tabTo(page, 'textarea#body');
    await page.keyboard.type('Hi Sarah Jones, your grade is 58%. Are you able to log on today?');
    const verdict = page.locator('#guard-verdict');
    await verdict.getByText('This text cannot be sent as written').waitFor();
    expect(await verdict.locator('mark').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Sarah Jones'), expect.stringContaining('58%')]),
    );
    expect(await verdict.locator('ol li').count()).toBeGreaterThanOrEqual(2);
    await verdict.getByText('Suggested safe rewrite').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'send-sms-content-guard');

    await tabTo(page, 'button', 'Use the suggested rewrite');
    await page.keyboard.press('Enter');
    await verdict.getByText('The content check found nothing').waitFor();
    const rewritten = await page.locator('textarea#body').inputValue();
    expect(rewritten).not.toContain('Jones');
    expect(rewritten).not.toContain('58%');

    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.getByText('Sent to the phone network.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'send-sms');

    await tabTo(page, 'a', 'See it in the thread');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Texts between Sarah and Amy Bell' }).waitFor();
    const sentText = page.getByRole('listitem').filter({ hasText: rewritten });
    for (let i = 0; i < 50 && !(await sentText.textContent())?.includes('Delivered'); i += 1) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(100);
    }
    expect(await sentText.textContent()).toContain('Delivered');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'thread');
    await page.context().close();
  });

  it('schedules a text for later in the district time zone, with no enrollment to choose when there is one', async () => {
    const page = await signIn(h, 'Amy Bell', '/console/students/s-1005/send');
    await page.getByRole('heading', { level: 1, name: 'Send SMS to Maddie' }).waitFor();
    expect(await page.locator('select#enrollment').count()).toBe(0);
    await page
      .getByLabel('Message')
      .fill("Hello Maddie, don't forget we have a study session today at 1:00. - Mrs. Bell");
    await page.getByLabel('Later').check();
    // The district's window, read from its policy (the demo district texts all day).
    await page.locator('#quiet-hours').getByText('00:00 to 23:59').waitFor();
    // Tomorrow at 10:00 in the district's zone (America/Chicago), whatever the browser's zone is.
    await page.getByLabel('Send at (America/Chicago)').fill(tomorrowAt(10));
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/^Scheduled: it goes out \w{3} \d{1,2}, \d{4}, 10:00 AM C[SD]T\./).waitFor();
    await page.context().close();
  });

  it('shows a failed text with the red bar, the X and the reason; moves a reply to the thread it was meant for', async () => {
    const page = await signIn(h, 'Amy Bell', '/console/students/s-1002/threads/t-bell');
    const bar = page.locator('.failbar');
    await bar.waitFor();
    expect(await bar.textContent()).toMatch(
      /^✕Not delivered: .+Check that a valid phone number is saved in the student's Edit Information page\.$/,
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'thread-failed-send');
    await page.context().close();

    const registrar = await signIn(h, 'Rita Diaz', '/console/students/s-1001/threads/t-bell');
    const reply = registrar.getByRole('listitem').filter({ hasText: 'Yes! I can log on today' });
    await reply.getByText('Move this reply to another thread').click();
    await reply.getByLabel('Meant for').selectOption('t-ortiz');
    await reply.getByLabel('Why (for the record)').fill('Answers the Biology question');
    expect(await axeViolations(registrar)).toEqual([]);
    await screenshot(registrar, 'thread-move-reply');
    await reply.getByRole('button', { name: 'Move reply' }).click();
    await reply.waitFor({ state: 'detached' });
    await registrar.goto(`${h.base}/console/students/s-1001/threads/t-ortiz`);
    await registrar
      .getByRole('listitem')
      .filter({ hasText: 'Yes! I can log on today' })
      .getByText(/moved here from t-bell/)
      .waitFor();
    await registrar.context().close();
  });
});
