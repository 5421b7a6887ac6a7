import AxeBuilder from '@axe-core/playwright';
import sparticuz from '@sparticuz/chromium';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildConsole, type BuiltConsoleFile } from '../../src/infrastructure/console/console-build';
import { DEMO_DISTRICT, seedDemoDistrict } from '../../src/infrastructure/console/demo-district';
import {
  startDemoIdentityProvider,
  type DemoIdentityProvider,
} from '../../src/infrastructure/console/demo-identity-provider';
import { prepareConsole } from '../../src/infrastructure/console/start-console';
import { freePort } from '../../src/infrastructure/database/embedded-postgres';
import { startTestApp, type TestApp } from './test-app';
import { PUBLIC_BASE_URL } from './twilio-test-app';
import { ACCOUNT_SID, AUTH_TOKEN, twilioEnv } from './twilio-standin/twilio-standin.config';
import { TwilioStandin } from './twilio-standin/twilio-standin.server';

export const SCREENSHOTS = path.resolve(__dirname, '../../docs/console');

/** The whole console for a browser: demo provider, service with the console mounted, the demo district, Chromium. */
export interface ConsoleHarness {
  base: string;
  t: TestApp;
  idp: DemoIdentityProvider;
  browser: Browser;
  built: BuiltConsoleFile[];
  /** With `{ twilio: true }`: the Twilio stand-in the service texts through, and its signed inbound webhook's URL. */
  twilio: { standin: TwilioStandin; inboundUrl: string } | null;
  close(): Promise<void>;
}

/**
 * Starts it all. By default texts go through the SMS simulator; with `twilio` through the Twilio stand-in (the real
 * SDK over HTTP, signed status callbacks and inbound texts posted to the service's webhooks, as Twilio does).
 */
export async function startConsoleHarness(options: { twilio?: boolean } = {}): Promise<ConsoleHarness> {
  const built = await buildConsole();
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const idp = await startDemoIdentityProvider(await freePort(), [base]);
  const standin = options.twilio
    ? await TwilioStandin.start({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        deliverTo: (url) => url.replace(PUBLIC_BASE_URL, `http://127.0.0.1:${port}`),
      })
    : null;
  const twilio = standin ? { standin, inboundUrl: `${PUBLIC_BASE_URL}/webhooks/twilio/inbound` } : null;
  const env = {
    OIDC_ISSUER: idp.issuer,
    OIDC_JWKS_URL: idp.jwksUrl,
    OIDC_AUDIENCE: idp.audience,
    DEFAULT_DISTRICT_ID: DEMO_DISTRICT,
    NODE_ENV: 'test',
    ...(standin ? { ...twilioEnv(standin, PUBLIC_BASE_URL), SMS_RATE_PER_SECOND: '20', SMS_RETRY_BASE_MS: '50' } : {}),
  };
  // Built once above (and measured); here it is only mounted.
  const t = await startTestApp(env, {}, undefined, (app, config) => prepareConsole(app, config, env, false));
  await t.app.listen(port);
  await seedDemoDistrict(
    `http://127.0.0.1:${port}`,
    t.config,
    DEMO_DISTRICT,
    twilio
      ? {
          failNumber: async (number) => void twilio.standin.invalidNumbers.add(number),
          studentTexts: async (from, body) =>
            void (await twilio.standin.sendInbound(twilio.inboundUrl, { from, body })),
        }
      : undefined,
  );
  await t.settle();
  // The Chromium shipped inside the npm package @sparticuz/chromium: no system browser, no download at test time.
  // Not as one process (its Lambda default): there, closing one person's context closed the whole browser.
  const browser = await chromium.launch({
    executablePath: await sparticuz.executablePath(),
    args: sparticuz.args.filter((a) => a !== '--single-process'),
    headless: true,
  });
  return {
    base,
    t,
    idp,
    browser,
    built,
    twilio,
    async close() {
      await browser.close();
      await standin?.close();
      await t.close();
      await idp.stop();
    },
  };
}

/** One harness for the spec file (started before its tests, closed after): call at the top of a describe. */
export function useConsoleHarness(options: { twilio?: boolean } = {}): () => ConsoleHarness {
  let h: ConsoleHarness | undefined;
  beforeAll(async () => {
    h = await startConsoleHarness(options);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });
  return () => h!;
}

/** Signs in through the demo provider's page as `name` (e.g. "Amy Bell"), in a browser context of its own. */
export async function signIn(h: ConsoleHarness, name: string, startPath = '/console/'): Promise<Page> {
  const context = await h.browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
  });
  const page = await context.newPage();
  await page.goto(h.base + startPath);
  await page.getByRole('button', { name: 'Sign in with your district account' }).click();
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  try {
    await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
  } catch (error) {
    throw new Error(
      `Sign-in as ${name} did not finish: at ${page.url()} showing "${(await page.locator('body').innerText()).slice(0, 500)}"`,
      { cause: error },
    );
  }
  return page;
}

/** axe-core's rules (WCAG 2.x A and AA) over the page as it is now: the violations' ids and where. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Presses Tab (at most 80 times) until the focused element matches `selector`: proof a person can reach it by keyboard. */
export async function tabTo(page: Page, selector: string, text?: string): Promise<void> {
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    // Runs in the page: `document` is the browser's (this project's tsconfig has no DOM types).
    const reached = await page.evaluate(
      ([sel, txt]) => {
        const el = (
          globalThis as unknown as {
            document: { activeElement: { matches(s: string): boolean; textContent: string | null } | null };
          }
        ).document.activeElement;
        return !!el && el.matches(sel!) && (txt === undefined || (el.textContent ?? '').trim() === txt);
      },
      [selector, text] as const,
    );
    if (reached) return;
  }
  throw new Error(`Tab never reached ${selector}${text ? ` "${text}"` : ''}`);
}

/** Tomorrow at `hour`:00 on the wall clock of `timeZone`, as a `datetime-local` input takes it (whatever the browser's zone). */
export function tomorrowAt(hour: number, timeZone = 'America/Chicago'): string {
  const [m, d, y] = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + 86_400_000))
    .split('/');
  return `${y}-${m}-${d}T${String(hour).padStart(2, '0')}:00`;
}
