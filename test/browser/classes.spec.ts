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
 * Paged lists ("Load more" following the service's cursors), class texting (one text to a course section with
 * per-student results, sent with the keyboard alone) and templates (the district library, the teacher's own, the
 * guard on save; picked in class texting and Send SMS), each checked with axe and photographed.
 */
describe('console: paging, class texting, templates', () => {
  const harness = useConsoleHarness();
  let h: ConsoleHarness;
  beforeAll(() => (h = harness()));

  it('pages Current Enrollments and the inbox with Load more, never cutting a list off unsaid', async () => {
    const page = await signIn(h, 'Rita Diaz', '/console/enrollments?pageSize=3');
    const status = page.getByRole('status');
    await status.filter({ hasText: /^3 loaded enrollments shown; more to load\.$/ }).waitFor();
    // Search is asked of the service: Rob Nguyen (World Cultures, the last page) is found before his page is loaded.
    expect(await page.getByRole('row', { name: /Rob/ }).count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Search' }).fill('nguyen');
    await status.filter({ hasText: /^1 enrollment found for “nguyen”\.$/ }).waitFor();
    expect(await page.locator('tbody tr').textContent()).toMatch(/Rob.*World Cultures/);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await status.filter({ hasText: /^3 loaded enrollments shown; more to load\.$/ }).waitFor();
    await page.getByRole('button', { name: 'Load more enrollments' }).click();
    await status.filter({ hasText: /^6 loaded enrollments shown; more to load\.$/ }).waitFor();
    await page.getByRole('button', { name: 'Load more enrollments' }).click();
    await status.filter({ hasText: /^7 enrollments shown\.$/ }).waitFor();
    expect(await page.getByRole('button', { name: /^Load more/ }).count()).toBe(0);
    const rows = await page.locator('tbody tr').allTextContents();
    expect(new Set(rows).size).toBe(7);
    // A teacher or course filter is asked of the service: it holds over every page, not only the rows loaded.
    await page.getByLabel('Teacher').selectOption({ label: 'Luis Ortiz' });
    await status.filter({ hasText: /^1 enrollment shown\.$/ }).waitFor();
    expect(await page.locator('tbody tr').textContent()).toContain('Biology');

    await page.goto(`${h.base}/console/inbox?pageSize=1`);
    await status.filter({ hasText: /^1 conversation loaded, more to load/ }).waitFor();
    await page.getByRole('button', { name: 'Load more conversations' }).click();
    await status.filter({ hasText: /^2 conversations, / }).waitFor();
    expect(await page.getByRole('row', { name: /Sarah/ }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /Tim/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Load more/ }).count()).toBe(0);
    await page.context().close();
  });

  it('keeps templates: the district library, her own, refused on save when the guard objects', async () => {
    const page = await signIn(h, 'Amy Bell', '/console/templates');
    await page.getByRole('heading', { level: 1, name: 'Templates' }).waitFor();
    const library = page.getByRole('region', { name: 'District library' });
    await library.getByRole('listitem').filter({ hasText: 'Welcome in week 1' }).waitFor();
    expect(await library.getByRole('listitem').count()).toBeGreaterThanOrEqual(5);
    expect(await library.getByRole('button', { name: /^Edit/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByLabel('Title').fill('Study session');
    await page.getByLabel('Purpose').selectOption('study_session');
    await page
      .getByLabel('Text', { exact: true })
      .fill('Hi {firstName} Jones, your grade is 58%. Study session at 1:00.');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('alert').filter({ hasText: 'This template would text a student something' }).waitFor();
    expect(await page.locator('#guard-verdict mark').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Sarah Jones'), expect.stringContaining('58%')]),
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'templates-guard');

    await page
      .getByLabel('Text', { exact: true })
      .fill("Hello {firstName}, don't forget we have a {className} study session today at 1:00. - {teacherName}");
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved "Study session" (version 1).' }).waitFor();
    const mine = page.getByRole('region', { name: 'Your templates' });
    await mine.getByRole('listitem').filter({ hasText: 'Study session' }).waitFor();
    await mine.getByRole('button', { name: 'Edit Study session' }).click();
    await page.getByLabel('Title').fill('Study session today');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved "Study session today" (version 2).' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'templates');

    // Picked in Send SMS: filled for this student, class and teacher.
    await page.goto(`${h.base}/console/students/s-1005/send`);
    await page.getByLabel('Start from a template (optional)').selectOption({ label: 'Study session today' });
    expect(await page.getByLabel('Message').inputValue()).toBe(
      "Hello Maddie, don't forget we have a ELA 9 study session today at 1:00. - Amy Bell",
    );

    // Retired: no longer offered.
    await page.goto(`${h.base}/console/templates`);
    await page.getByRole('button', { name: 'Retire Study session today' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Retired "Study session today": it is no longer offered.' })
      .waitFor();
    await page
      .getByRole('region', { name: 'Your templates' })
      .getByRole('listitem')
      .first()
      .waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('texts a class with the keyboard alone, guarded live, and shows each student’s result', async () => {
    const page = await signIn(h, 'Amy Bell');
    await page.getByRole('heading', { level: 1, name: 'Current Enrollments' }).waitFor();
    await tabTo(page, 'a[href="/console/classes"]');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Class texting' }).waitFor();
    await tabTo(page, 'select#section');
    for (let i = 0; i < 6; i += 1) {
      if ((await page.locator('select#section option:checked').textContent())?.startsWith('ELA 9')) break;
      await page.keyboard.press('ArrowDown');
    }
    expect(await page.locator('select#section option:checked').textContent()).toBe('ELA 9 (3 students)');
    await tabTo(page, 'textarea#class-body');
    await page.keyboard.type('Hi {firstName}, this is {teacherName}, your {className} teacher. Your grade is 58%.');
    const verdict = page.locator('#guard-verdict');
    await verdict.getByText('This text cannot be sent as written').waitFor();
    // Checked as the first textable student by name would get it (Becky asked for no texts).
    expect(await page.locator('#class-sample').textContent()).toBe(
      'Checked as Maddie would get it: Hi Maddie, this is Amy Bell, your ELA 9 teacher. Your grade is 58%.',
    );
    expect(await verdict.locator('mark').allTextContents()).toEqual([expect.stringContaining('58%')]);
    for (let i = 0; i < 'Your grade is 58%.'.length; i += 1) await page.keyboard.press('Backspace');
    await page.keyboard.type('Are you able to log on today?');
    await verdict.getByText('The content check found nothing').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'class-texting');

    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: '2 queued, 0 scheduled, 1 not sent.' }).waitFor();
    const results = page.getByRole('region', { name: 'Results for ELA 9' });
    expect(await results.getByRole('row', { name: /Sarah/ }).textContent()).toContain('Queued');
    expect(await results.getByRole('row', { name: /Maddie/ }).textContent()).toContain('Queued');
    expect(await results.getByRole('row', { name: /Becky/ }).textContent()).toContain(
      'Not sent: No: the student or family asked for no texts',
    );
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'class-texting-results');

    // Each student got their own text: Maddie's thread shows it with her name and the class filled in.
    await page.goto(`${h.base}/console/students/s-1005/threads/t-bell`);
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Hi Maddie, this is Amy Bell, your ELA 9 teacher. Are you able to log on today?' })
      .waitFor();
    await page.context().close();
  });

  it('schedules a class text from a district template for the students chosen', async () => {
    const page = await signIn(h, 'Amy Bell', '/console/classes');
    await page.getByLabel('Class', { exact: true }).selectOption({ label: 'ELA 9 (3 students)' });
    await page.getByText(/^Students of ELA 9/).click();
    await page.getByRole('checkbox', { name: /^Becky/ }).uncheck();
    await page.getByRole('checkbox', { name: /^Maddie/ }).uncheck();
    await page.getByLabel('Start from a template (optional)').selectOption({ label: 'Milestone congratulations' });
    expect(await page.getByLabel('Message').inputValue()).toContain('{firstName}');
    await page.getByText('The content check found nothing').waitFor();
    await page.getByLabel('Later').check();
    // Tomorrow at 10:00 in the district's zone (America/Chicago), whatever the browser's zone is.
    await page.getByLabel('Send at (America/Chicago)').fill(tomorrowAt(10));
    await page.getByRole('button', { name: 'Send to ELA 9' }).click();
    await page.getByRole('status').filter({ hasText: '0 queued, 1 scheduled, 0 not sent.' }).waitFor();
    const results = page.getByRole('region', { name: 'Results for ELA 9' });
    expect(await results.getByRole('row').count()).toBe(2);
    expect(await results.getByRole('row', { name: /Sarah/ }).textContent()).toMatch(
      /Scheduled: it goes out \w{3} \d{1,2}, \d{4}, 10:00 AM C[SD]T\./,
    );
    await page.context().close();
  });
});
