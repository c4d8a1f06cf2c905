// Debian's Chromium for the browser tests, launched through playwright-core without network.
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), with the
 * flags that keep it off the network this machine does not have. Playwright gives
 * each launch a fresh temporary profile of its own.
 */
export interface TestBrowser {
  browser: Browser;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    browser,
    async newPage() {
      const page = await browser.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}

/** Signs in through the real form, as a person would. */
export async function signInAs(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

/**
 * The page's script errors and console errors, gathered as they happen, for a test to find empty at its end.
 * `refusalsExpected`: the test submits a form that is refused on purpose, and the browser and htmx log its 422
 * answer as a console error; those lines are left out, and every other error still counts.
 */
export function collectPageErrors(page: Page, options: { refusalsExpected?: boolean } = {}): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (options.refusalsExpected && /\b422\b/.test(message.text())) return;
    errors.push(message.text());
  });
  return errors;
}

/** Fails when the page navigated (a full reload) since `mark()`; htmx swaps keep the marker. */
export async function markPage(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => { (globalThis as unknown as { __noReload: boolean }).__noReload = true; });
  return () => page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload === true);
}
