import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { answerContents, type FakeUpstream, startFakeUpstream } from '../support/fake-upstream';
import { deleteAllTriggers } from '../support/factories';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/test-app';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
const FAILURE_SHOTS = join(__dirname, '__screenshots__');
const DOC_SHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

/** `describe` when Debian's Chromium is installed; otherwise a skipped suite that says why. */
export const describeBrowser: (name: string, fn: () => void) => void = existsSync(CHROMIUM)
  ? describe
  : (name, fn) => describe.skip(`${name} (skipped: ${CHROMIUM} not found)`, fn);

export interface BrowserEnv {
  readonly t: TestApp;
  readonly baseUrl: string;
  readonly browser: Browser;
  /** A fresh context (own storage: a new visitor, a new admin tab), with a page whose errors are recorded. */
  newPage(options?: { width?: number; height?: number }): Promise<TestPage>;
  close(): Promise<void>;
}

export interface TestPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Uncaught errors and unhandled rejections in the page. */
  readonly pageErrors: string[];
}

/**
 * The real service listening on 127.0.0.1 (a random port) and one headless Chromium per
 * test file. `chromium.launch` gives each browser a new, empty user-data directory.
 */
export async function startBrowserEnv(options: TestAppOptions = {}): Promise<BrowserEnv> {
  const t = await startTestApp(options);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    t,
    baseUrl,
    browser,
    async newPage({ width = 1000, height = 720 } = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width, height } });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return { page, context, pageErrors };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await t.close();
    },
  };
}

/**
 * Runs a browser step; when it fails, saves a screenshot of every open page under
 * `test/browser/__screenshots__/` (git-ignored) before rethrowing.
 */
export async function withScreenshots(env: BrowserEnv, name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    mkdirSync(FAILURE_SHOTS, { recursive: true });
    const pages = env.browser.contexts().flatMap((c) => c.pages());
    await Promise.all(
      pages.map((page, i) =>
        page.screenshot({ path: join(FAILURE_SHOTS, `${name.replace(/[^A-Za-z0-9]+/g, '-')}-${i}.png`), fullPage: true }).catch(() => undefined),
      ),
    );
    throw error;
  }
}

/** With `UPDATE_DOC_SCREENSHOTS=1`, saves the page for docs/web.md (docs/screenshots/<name>.png). */
export async function docScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_DOC_SCREENSHOTS !== '1') return;
  mkdirSync(DOC_SHOTS, { recursive: true });
  await page.screenshot({ path: join(DOC_SHOTS, `${name}.png`) });
}

/** Polls `read` until it returns `expected` (the UI saves in the background), for at most `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!Object.is(last, expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  expect(last).toBe(expected);
}

export interface BrowserSuite {
  readonly env: BrowserEnv;
  /** A local external service, allow-listed for the service under test. */
  readonly upstream: FakeUpstream;
  /** This test's page (a fresh context: its own storage, so a new visitor and a new admin tab). */
  readonly tab: TestPage;
  /** A test that saves screenshots when it fails. */
  step: (name: string, run: (page: Page) => Promise<void>) => void;
}

/**
 * The hooks every browser suite shares: the service and a fake external service for the
 * file, no triggers and a fresh page for each test, and no uncaught page errors after it.
 */
export function useBrowserSuite(): BrowserSuite {
  let env: BrowserEnv;
  let upstream: FakeUpstream;
  let tab: TestPage;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    env = await startBrowserEnv({ env: { EXTERNAL_SERVICE_ALLOWLIST: upstream.hostPort } });
  });
  afterAll(async () => {
    await env?.close();
    await upstream?.close();
  });
  beforeEach(async () => {
    await deleteAllTriggers(env.t);
    upstream.handle(answerContents([{ msg: 'hello', order: 0 }]));
    tab = await env.newPage();
  });
  afterEach(async () => {
    expect(tab.pageErrors).toEqual([]);
    await tab.context.close();
  });
  return {
    get env() {
      return env;
    },
    get upstream() {
      return upstream;
    },
    get tab() {
      return tab;
    },
    step: (name, run) => it(name, () => withScreenshots(env, name, () => run(tab.page))),
  };
}
