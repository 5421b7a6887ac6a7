import { axeViolations, screenshot, signIn, useConsoleHarness, type ConsoleHarness } from '../support/console-browser';

/**
 * The console in a real browser (headless Chromium from @sparticuz/chromium, driven by playwright-core), signed in
 * through the demo OpenID Connect provider with authorization code + PKCE, against the whole service on PostgreSQL
 * with the demo district. Every screen is checked with axe (0 violations) and photographed into docs/console/.
 * One browser for the file; each person signs in in a context of their own.
 */
describe('console in the browser', () => {
  const harness = useConsoleHarness();
  let h: ConsoleHarness;
  beforeAll(() => (h = harness()));

  it('ships no screen with more than 300 KB of script (gzipped, as built)', () => {
    const scripts = h.built.filter((f) => f.file.endsWith('.js'));
    expect(scripts.map((f) => f.file)).toContain('assets/console.js');
    for (const f of scripts) expect(f.gzipBytes).toBeLessThan(300 * 1024);
    // Every screen loads the one bundle: the total is what a screen loads.
    expect(scripts.reduce((n, f) => n + f.gzipBytes, 0)).toBeLessThan(300 * 1024);
  });

  it('signs a teacher in (code + PKCE) and shows Current Enrollments with SMS Enabled and its reason, in the district time zone', async () => {
    const page = await signIn(h, 'Amy Bell');
    const signInPage = page; // the sign-in screen itself is checked below in a fresh context
    await page.getByRole('heading', { level: 1, name: 'Current Enrollments' }).waitFor();
    const table = page.getByRole('table');
    await expect(table.getByRole('row', { name: /Rob/ }).textContent()).resolves.toContain(
      'No: no SMS contact number is on file',
    );
    await expect(table.getByRole('row', { name: /Becky/ }).textContent()).resolves.toContain(
      'No: the student or family asked for no texts',
    );
    // Times in the district's zone (America/Chicago), whatever the browser's own zone (Berlin here).
    await expect(table.getByRole('row', { name: /Sarah.*ELA 9/ }).textContent()).resolves.toMatch(/C[SD]T/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'enrollments');

    await page.getByRole('combobox', { name: 'SMS Enabled' }).selectOption('no');
    await page
      .getByRole('status')
      .filter({ hasText: /^3 enrollments shown\.$/ })
      .waitFor();
    await page.getByRole('combobox', { name: 'SMS Enabled' }).selectOption('');
    // The search is asked of the service (her own students only): Sarah's two classes with Mrs. Bell, not Biology.
    await page.getByRole('searchbox', { name: 'Search' }).fill('sarah');
    await page
      .getByRole('status')
      .filter({ hasText: /^2 enrollments found for “sarah”\.$/ })
      .waitFor();
    expect(await table.getByRole('row', { name: /Biology/ }).count()).toBe(0);
    await signInPage.context().close();
  });

  it("shows the teacher's inbox with unread replies and what needs her, and marks a conversation read", async () => {
    const page = await signIn(h, 'Amy Bell');
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    const sarah = page.getByRole('row', { name: /Sarah/ });
    await sarah.getByRole('cell', { name: '1', exact: true }).waitFor();
    await page.getByRole('row', { name: /Tim/ }).getByText('a text failed').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'inbox');
    await sarah.getByRole('button', { name: 'Mark read' }).click();
    await sarah.getByRole('cell', { name: '0', exact: true }).waitFor();
    await page.context().close();
  });

  it("shows the teacher's worklists, with the failed text and its reason", async () => {
    const page = await signIn(h, 'Amy Bell', '/console/worklists');
    await page.getByRole('heading', { level: 1, name: 'Worklists' }).waitFor();
    await page.getByRole('heading', { name: /^Texts that failed/ }).waitFor();
    await screenshot(page, 'worklists');
    await page.getByRole('heading', { name: 'Texts that failed (1)' }).waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Tim' })
      .filter({ hasText: 'not a valid, reachable mobile number' })
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('asks to sign in again when the API refuses the token, and comes back where the person was', async () => {
    const page = await signIn(h, 'Rita Diaz');
    await page.getByRole('heading', { level: 1, name: 'Current Enrollments' }).waitFor();
    // A token the API no longer accepts (as after its expiry): the next read is refused with 401.
    await page.evaluate(() => {
      const store = (
        globalThis as unknown as {
          sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
        }
      ).sessionStorage;
      const session = JSON.parse(store.getItem('console.session')!) as { accessToken: string };
      store.setItem(
        'console.session',
        JSON.stringify({ ...session, accessToken: `${session.accessToken.slice(0, -4)}AAAA` }),
      );
    });
    await page.goto(`${h.base}/console/students/s-1001/log`);
    await page.getByText('Your sign-in has ended. Sign in again to go on where you were.').waitFor();
    await page.getByRole('button', { name: 'Sign in with your district account' }).click();
    // The provider remembers the person: no second choice, straight back to the page they were on.
    await page.getByRole('heading', { level: 1, name: 'Communication Log: Sarah (s-1001)' }).waitFor();
    await page.context().close();
  });

  it('signs out at the provider too: the next sign-in asks who is signing in', async () => {
    const page = await signIn(h, 'Amy Bell');
    await page.getByRole('heading', { level: 1, name: 'Current Enrollments' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    // To the provider's end_session_endpoint (with id_token_hint) and back to the console's sign-in screen.
    await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in with your district account' }).click();
    // Not straight back in as Amy Bell: the provider's session ended, so it asks again.
    await page.getByRole('heading', { name: 'Sign in to the demo district' }).waitFor();
    await page.getByRole('button', { name: /^Rita Diaz/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByRole('banner').locator('.who').textContent()).toBe('Rita Diaz (Registrar)');
    await page.context().close();
  });

  it('shows the sign-in screens without accessibility violations', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.base}/console/`);
    await page.getByRole('button', { name: 'Sign in with your district account' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in with your district account' }).click();
    await page.getByRole('heading', { name: 'Sign in to the demo district' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-provider');
    await context.close();
  });
});
