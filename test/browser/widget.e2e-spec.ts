import type { Page, Request } from 'playwright-core';
import { LANGUAGE_TAG_PATTERN } from '../../src/conditions/language-tag';
import { answerContents, type FakeUpstream, sendJson, startFakeUpstream } from '../support/fake-upstream';
import { createTrigger, putRoutingSettings, sendMessage, upsertAgent } from '../support/factories';
import { describeBrowser, docScreenshot, eventually, useBrowserSuite } from './browser-harness';

const EVENTS = /\/v1\/widget\/visitors\/[^/]+\/events$/;
const STREAM = /\/v1\/widget\/stream$/;
const widget = (page: Page) => page.locator('[data-livechat-triggers]');
const messages = (page: Page) => widget(page).locator('.message');
const panel = (page: Page) => widget(page).locator('.panel');

const isEvent = (type: string) => (r: Request) => EVENTS.test(r.url()) && r.postDataJSON()?.type === type;

/**
 * Opens a page, waits until the widget has reported its page view, and returns the service's
 * answer. Only a page view of `path` counts: one still in flight from the page before (a
 * single-page navigation's) would lose its body when this navigation starts.
 */
async function visit(page: Page, path: string, referer?: string): Promise<{ fired: unknown[]; scheduled: { afterSeconds: number }[] }> {
  const answered = page.waitForResponse((r) => isEvent('page-view')(r.request()) && new URL(r.request().postDataJSON().url as string).pathname === path);
  await page.goto(path, { referer });
  const answer = await (await answered).json();
  await widget(page).locator('.launcher').waitFor();
  return answer;
}

/**
 * Like `visit`, and waits until the page's live stream is open too: the service took the
 * config the stream tells first before it answered, so a change made after this is a push.
 */
async function visitLive(page: Page, path: string): Promise<{ fired: unknown[]; scheduled: { afterSeconds: number }[] }> {
  const streaming = page.waitForResponse((r) => STREAM.test(r.url()));
  const answer = await visit(page, path);
  expect((await streaming).status()).toBe(200);
  return answer;
}

/** Pretends the tab went to the background (`hidden`) or came back (`visible`): the Page Visibility API as the widget reads it. */
function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  return page.evaluate((visibility) => {
    const doc = (globalThis as unknown as { document: { dispatchEvent(event: unknown): boolean } }).document;
    Object.defineProperty(doc, 'visibilityState', { configurable: true, get: () => visibility });
    doc.dispatchEvent(new (globalThis as unknown as { Event: new (type: string) => unknown }).Event('visibilitychange'));
  }, state);
}

/** An event body as the widget sends it. */
interface SentEvent {
  type: string;
  url: string;
  timeOnSiteSeconds: number;
  timeOnPageSeconds: number;
  title?: string;
  referrer?: string;
  language?: string;
  name?: string;
  exclude?: string[];
}

/** Collects the events (of one type, or all) the page sends from now on (their bodies). */
function recordEvents(page: Page, type?: string): SentEvent[] {
  const sent: SentEvent[] = [];
  page.on('request', (r) => EVENTS.test(r.url()) && (type === undefined || isEvent(type)(r)) && sent.push(r.postDataJSON()));
  return sent;
}

/** Calls `LivechatTriggers[method](...args)` in the page. */
function callWidget(page: Page, method: 'track' | 'openChat', ...args: unknown[]): Promise<void> {
  return page.evaluate(
    ([name, given]) => (globalThis as unknown as { LivechatTriggers: Record<string, (...a: unknown[]) => void> }).LivechatTriggers[name](...given),
    [method, args] as const,
  );
}

/** A customer's site on another origin (another port on 127.0.0.1): serves the given pages. */
async function startHostSite(pages: Record<string, string>): Promise<FakeUpstream> {
  return startFakeUpstream((request, response) => {
    const html = pages[request.url];
    response.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html ?? 'not found');
  });
}

describeBrowser('widget on the demo site (browser)', () => {
  const suite = useBrowserSuite();
  const step = suite.step;
  beforeAll(async () => {
    await suite.env.t.asManager({ method: 'PUT', url: '/v1/settings/external-service', payload: { secretToken: 'widget-test-secret' } });
  });

  step('fires a page-URL trigger on /demo/contact and not on other pages', async (page) => {
    await createTrigger(suite.env.t, {
      name: 'Contact hello',
      conditions: [{ name: 'page-url', value: '.*/contact' }],
      actions: [sendMessage('Hi! Need help?', { sender: 'custom', name: 'Ada' })],
    });
    expect((await visit(page, '/demo')).fired).toEqual([]);
    expect((await visit(page, '/demo/pricing')).fired).toEqual([]);
    expect(await messages(page).count()).toBe(0);
    await expect(panel(page).isHidden()).resolves.toBe(true);

    await visit(page, '/demo/contact');
    await panel(page).waitFor();
    await expect(messages(page).locator('.sender').textContent()).resolves.toBe('Ada');
    await expect(messages(page).locator('.text').textContent()).resolves.toBe('Hi! Need help?');
    await docScreenshot(page, 'widget-contact');
    const token = await page.evaluate(() =>
      (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('livechat-triggers:token'),
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
  });

  // These two tests run the page on Playwright's fake clock: `runFor` fires each due timer at
  // its own time, inside the page, before it returns (so a request it sent has been seen).
  step('fires a time-on-site trigger after its delay', async (page) => {
    await createTrigger(suite.env.t, { name: 'Patient', conditions: [{ name: 'time-on-site', value: 2 }], actions: [sendMessage('Still looking?')] });
    await page.clock.install();
    expect(await visit(page, '/demo')).toMatchObject({ fired: [], scheduled: [{ afterSeconds: 2 }] });
    expect(await messages(page).count()).toBe(0);
    const timed = recordEvents(page, 'time-on-site');
    await page.clock.runFor(1500);
    expect(timed).toEqual([]);
    await page.clock.runFor(1000);
    await widget(page).getByText('Still looking?').waitFor();
    expect(timed[0].timeOnSiteSeconds).toBeGreaterThanOrEqual(2);
  });

  step('cancels a pending time-on-site timer when the visitor navigates away', async (page) => {
    await createTrigger(suite.env.t, {
      name: 'Patient on home',
      conditions: [
        { name: 'page-url', value: '/demo$' },
        { name: 'time-on-site', value: 2 },
      ],
      actions: [sendMessage('Still on the home page?')],
    });
    await page.clock.install();
    const timed = recordEvents(page, 'time-on-site');
    expect(await visit(page, '/demo')).toMatchObject({ scheduled: [{ afterSeconds: 2 }] });
    const leftHome = page.waitForRequest((r) => isEvent('page-view')(r) && r.postDataJSON().url.endsWith('/demo/contact'));
    await page.getByRole('link', { name: 'go to the contact page without reloading' }).click();
    await leftHome;
    // past the 2 s the home page scheduled: a timer left running would fire in here
    await page.clock.runFor(3000);
    expect(timed).toEqual([]);
    expect(await messages(page).count()).toBe(0);
  });

  step('fires on chat opened, and after registration only', async (page) => {
    await createTrigger(suite.env.t, { name: 'Opened', conditions: [{ name: 'chat-opened-by-visitor' }], actions: [sendMessage('You opened the chat')] });
    await createTrigger(suite.env.t, {
      name: 'Registered',
      conditions: [{ name: 'after-guest-registration' }],
      actions: [sendMessage('Thanks for registering')],
    });
    expect((await visit(page, '/demo')).fired).toEqual([]);
    expect(await messages(page).count()).toBe(0);
    await widget(page).getByRole('button', { name: 'Open chat' }).click();
    await widget(page).getByText('You opened the chat').waitFor();
    expect(await widget(page).getByText('Thanks for registering').count()).toBe(0);

    await widget(page).getByLabel('Name').fill('Morgan');
    await widget(page).getByLabel('Email').fill('morgan@example.com');
    await widget(page).getByRole('button', { name: 'Start chat' }).click();
    await widget(page).getByText('Thanks for registering').waitFor();
    await widget(page).getByText('Chatting as Morgan').waitFor();
    await docScreenshot(page, 'widget-registered');
  });

  step('honours run-once across a reload', async (page) => {
    await createTrigger(suite.env.t, { name: 'Once', runOnce: true, actions: [sendMessage('Only once')] });
    await visit(page, '/demo/contact');
    await widget(page).getByText('Only once').waitFor();
    expect((await visit(page, '/demo/contact')).fired).toEqual([]);
    expect(await messages(page).count()).toBe(0);
    await expect(panel(page).isHidden()).resolves.toBe(true);
  });

  step('reports closing the panel on a message as a dismissal, once, and fires nothing proactive while snoozed', async (page) => {
    // settings are global: the snooze holds for this test only
    const putProactiveSettings = async (settings: Record<string, unknown>) =>
      expect((await suite.env.t.asManager({ method: 'PUT', url: '/v1/settings/proactive', payload: settings })).statusCode).toBe(200);
    await putProactiveSettings({ snoozeAfterDismissSeconds: 600 });
    try {
      // run-once: the chat-opened event below must not fire it again (a new firing, a new message)
      await createTrigger(suite.env.t, {
        name: 'Contact hello',
        runOnce: true,
        conditions: [{ name: 'page-url', value: '.*/contact' }],
        actions: [sendMessage('Hi! Need help?')],
      });
      const pricing = await createTrigger(suite.env.t, {
        name: 'Pricing hello',
        conditions: [{ name: 'page-url', value: '.*/pricing' }],
        actions: [sendMessage('Questions about our plans?')],
      });
      const dismissals = recordEvents(page, 'message-dismissed');
      const [fired] = (await visit(page, '/demo/contact')).fired as { firingId: string }[];
      expect(fired.firingId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      await widget(page).getByText('Hi! Need help?').waitFor();

      const dismissed = page.waitForResponse((r) => isEvent('message-dismissed')(r.request()));
      await widget(page).locator('.close').click();
      const answer = await dismissed;
      expect(answer.request().postDataJSON()).toEqual({ type: 'message-dismissed', url: expect.stringMatching(/\/demo\/contact$/), firingId: fired.firingId });
      expect(answer.status()).toBe(200);
      await expect(answer.json()).resolves.toEqual({ fired: [], scheduled: [] });
      await expect(panel(page).isHidden()).resolves.toBe(true);

      // opening the chat again and closing it (the bubble) is no second dismissal: that firing was dismissed
      const opened = page.waitForRequest(isEvent('chat-opened'));
      await widget(page).getByRole('button', { name: 'Open chat' }).click();
      await opened;
      await widget(page).locator('.launcher').click();
      await expect(panel(page).isHidden()).resolves.toBe(true);

      // the pricing page's trigger would fire, but the visitor dismissed a message: snoozed
      expect((await visit(page, '/demo/pricing')).fired).toEqual([]);
      expect(await messages(page).count()).toBe(0);
      expect(dismissals).toHaveLength(1);
      const visitorToken = await page.evaluate(() => (globalThis as unknown as { LivechatTriggers: { visitorToken: string } }).LivechatTriggers.visitorToken);
      const explained = await suite.env.t.asManager({
        method: 'POST',
        url: '/v1/triggers/explain',
        payload: { visitorToken, type: 'page-view', url: `${suite.env.baseUrl}/demo/pricing` },
      });
      expect(explained.statusCode).toBe(200);
      const results: { triggerId: string }[] = explained.json().results;
      expect(results.find((result) => result.triggerId === pricing.id)).toMatchObject({ wouldFire: false, blockedBy: 'snoozed', retryAt: expect.any(String) });
    } finally {
      await putProactiveSettings({});
    }
  });

  step('follows single-page navigation (pushState) without a reload', async (page) => {
    await createTrigger(suite.env.t, { name: 'SPA contact', actions: [sendMessage('Found us via pushState')] });
    await visit(page, '/demo');
    await page.evaluate(() => ((globalThis as unknown as Record<string, unknown>).__sameDocument = true));
    const reported = page.waitForRequest((r) => EVENTS.test(r.url()) && r.postDataJSON()?.url?.endsWith('/demo/contact'));
    await page.getByRole('link', { name: 'go to the contact page without reloading' }).click();
    expect((await reported).postDataJSON().type).toBe('page-view');
    await widget(page).getByText('Found us via pushState').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as Record<string, unknown>).__sameDocument)).toBe(true);
    expect(page.url()).toMatch(/\/demo\/contact$/);
  });

  step("shows the impersonated agent's name for a queue sender", async (page) => {
    await upsertAgent(suite.env.t, 'morgan.lee', { name: 'Morgan Lee' });
    await createTrigger(suite.env.t, { name: 'From the queue', actions: [sendMessage('An agent says hi', { sender: 'queue' })] });
    await visit(page, '/demo/contact');
    const message = messages(page).filter({ hasText: 'An agent says hi' });
    await message.waitFor();
    await expect(message.locator('.sender').textContent()).resolves.toBe('Morgan Lee');
    await suite.env.t.asManager({ method: 'DELETE', url: '/v1/agents/morgan.lee' });
  });

  step('shows external messages with a typing indicator, and the fallback when the service fails', async (page) => {
    await createTrigger(suite.env.t, {
      name: 'From the CRM',
      actions: [
        {
          name: 'use-external-service',
          params: {
            sender: 'custom',
            name: 'CRM bot',
            serviceUrl: suite.upstream.url('/hook'),
            serviceTimeout: 3000,
            serviceFallbackMessage: 'Sorry, our assistant is away',
          },
        },
      ],
    });
    // the external service answers only when the test lets it
    let answer = () => {};
    const answering = new Promise<void>((resolve) => (answer = resolve));
    suite.upstream.handle((_, response) => void answering.then(() => sendJson(response, 200, { contents: [{ msg: 'late', order: 0 }] })));
    await page.goto('/demo/contact');
    // the chat is still closed while the call runs: the bubble shows that someone is typing
    await widget(page).locator('.launcher .dot').waitFor();
    expect(await widget(page).getByText('late').count()).toBe(0);
    answer();
    await widget(page).getByText('late').waitFor();
    await expect(widget(page).locator('.launcher .dot').isHidden()).resolves.toBe(true);
    await expect(widget(page).locator('.typing').isHidden()).resolves.toBe(true);

    suite.upstream.handle((_, response) => sendJson(response, 500, { error: 'down' }));
    await visit(page, '/demo/contact');
    await widget(page).getByText('Sorry, our assistant is away').waitFor();
    await expect(messages(page).locator('.sender').textContent()).resolves.toBe('CRM bot');
    suite.upstream.handle(answerContents([{ msg: 'hello', order: 0 }]));
  });

  step('sends metadata, department and registration through the JavaScript API', async (page) => {
    await createTrigger(suite.env.t, { name: 'Registered', conditions: [{ name: 'after-guest-registration' }], actions: [sendMessage('Welcome aboard')] });
    const department = (await suite.env.t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: `Sales ${Date.now()}` } })).json();
    await visit(page, '/demo/pricing');
    const withMetadata = page.waitForRequest((r) => EVENTS.test(r.url()) && r.postDataJSON()?.type === 'chat-opened');
    await page.getByRole('button', { name: "Tell the chat I'm interested in Team" }).click();
    await page.evaluate(() => (globalThis as unknown as { LivechatTriggers: { openChat(): void } }).LivechatTriggers.openChat());
    expect((await withMetadata).postDataJSON().metadata).toEqual({ plan: 'team' });
    await expect(panel(page).isVisible()).resolves.toBe(true);

    const registration = page.waitForRequest((r) => r.method() === 'PUT' && /\/v1\/widget\/visitors\/[^/]+$/.test(r.url()));
    const registered = await page.evaluate((departmentId) => {
      const api = (globalThis as unknown as { LivechatTriggers: { setDepartment(id: string): void; registerGuest(g: object): Promise<boolean> } })
        .LivechatTriggers;
      api.setDepartment(departmentId);
      return api.registerGuest({ name: 'Robin', email: 'robin@example.com' });
    }, department.id as string);
    expect(registered).toBe(true);
    expect((await registration).postDataJSON()).toEqual({ name: 'Robin', email: 'robin@example.com', department: department.id });
    await widget(page).getByText('Welcome aboard').waitFor();
    await suite.env.t.asManager({ method: 'DELETE', url: `/v1/departments/${department.id}` });
  });

  step('never breaks the host page: one global, no style leaks, no errors when the service is down, works cross-origin', async (page) => {
    await createTrigger(suite.env.t, {
      name: 'Hello host',
      conditions: [{ name: 'page-url', value: '.*/host' }],
      actions: [sendMessage('Hello from another origin')],
    });
    // the customer's site is another origin: CORS and Cross-Origin-Resource-Policy at work
    const hostile = `<!doctype html><html><head><style>* { color: rgb(255, 0, 0) !important; font-size: 40px !important; } .message { display: none !important; }</style></head>
      <body><p id="own">the host's own text</p><script src="${suite.env.baseUrl}/widget/livechat-triggers.js" data-service-url="${suite.env.baseUrl}" async></script></body></html>`;
    const plain = '<!doctype html><html><head></head><body><p>no widget</p></body></html>';
    const site = await startHostSite({ '/host': hostile, '/plain': plain });
    try {
      await page.goto(site.url('/plain'));
      const globals = () => page.evaluate(() => Object.keys(globalThis));
      const before = new Set(await globals());
      await page.goto(site.url('/host'));
      await widget(page).getByText('Hello from another origin').waitFor();
      expect((await globals()).filter((key) => !before.has(key))).toEqual(['LivechatTriggers']);
      const style = await messages(page)
        .locator('.text')
        .evaluate((el) => {
          const computed = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; fontSize: string } }).getComputedStyle(el);
          return { color: computed.color, fontSize: computed.fontSize };
        });
      expect(style.color).not.toBe('rgb(255, 0, 0)');
      expect(style.fontSize).toBe('14px');
      const own = await page
        .locator('#own')
        .evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(el).fontSize);
      expect(own).toBe('40px');

      // the service is unreachable: nothing is thrown at the page, the chat still opens
      await page.route(`${suite.env.baseUrl}/v1/**`, (route) => route.abort('connectionrefused'));
      await page.reload();
      await widget(page).getByRole('button', { name: 'Open chat' }).click();
      await widget(page).getByLabel('Name').fill('Offline Olly');
      await widget(page).getByRole('button', { name: 'Start chat' }).click();
      await widget(page).getByText('The chat service is unreachable').waitFor();
    } finally {
      await site.close();
    }
  });

  describe('targeting facts and track(name)', () => {
    const HOME_TITLE = 'Home · Livechat Triggers demo';
    const PRICING_TITLE = 'Pricing · Livechat Triggers demo';

    step('fires a page-title trigger on the pricing page only, and sends the title and language', async (page) => {
      await createTrigger(suite.env.t, {
        name: 'Pricing title',
        conditions: [{ name: 'page-title', op: 'contains', value: 'pricing' }],
        actions: [sendMessage('Questions about our plans?')],
      });
      const sent = recordEvents(page);
      expect((await visit(page, '/demo')).fired).toEqual([]);
      expect(await messages(page).count()).toBe(0);
      await visit(page, '/demo/pricing');
      await widget(page).getByText('Questions about our plans?').waitFor();

      const language = await page.evaluate(() => (globalThis as unknown as { navigator: { language: string } }).navigator.language);
      expect(language).toMatch(LANGUAGE_TAG_PATTERN);
      expect(sent.map(({ type, title }) => [type, title])).toEqual([
        ['page-view', HOME_TITLE],
        ['page-view', PRICING_TITLE],
      ]);
      for (const event of sent) expect(event).toMatchObject({ language, timeOnPageSeconds: expect.any(Number) });
    });

    step('sends the referrer with the first event after a page load only', async (page) => {
      const sent = recordEvents(page);
      await visit(page, '/demo');
      const chatOpened = page.waitForRequest(isEvent('chat-opened'));
      await callWidget(page, 'openChat');
      await chatOpened;
      const spaView = page.waitForResponse((r) => isEvent('page-view')(r.request()) && r.request().postDataJSON().url.endsWith('/demo/contact'));
      await page.getByRole('link', { name: 'go to the contact page without reloading' }).click();
      await spaView;
      await visit(page, '/demo/pricing', 'https://search.example/?q=widgets');

      expect(sent.map((event) => [event.type, event.referrer])).toEqual([
        ['page-view', ''], // a direct visit
        ['chat-opened', undefined],
        ['page-view', undefined], // a single-page navigation is not a page load
        ['page-view', 'https://search.example/?q=widgets'],
      ]);
    });

    step('reports LivechatTriggers.track(name) as a custom event, ignoring a bad name, and shows what fires', async (page) => {
      await createTrigger(suite.env.t, {
        name: 'Cart',
        conditions: [{ name: 'custom-event', op: 'eq', value: 'added-to-cart' }],
        actions: [sendMessage('Need help checking out?')],
      });
      const warnings: string[] = [];
      page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
      const custom = recordEvents(page, 'custom');
      expect((await visit(page, '/demo/pricing')).fired).toEqual([]);

      // the bad name goes first: had it been sent, its request would precede the good one's
      const tracked = page.waitForRequest(isEvent('custom'));
      await callWidget(page, 'track', 'not a name!');
      await callWidget(page, 'track', 'added-to-cart');
      await tracked;
      await widget(page).getByText('Need help checking out?').waitFor();
      expect(custom).toEqual([
        expect.objectContaining({ type: 'custom', name: 'added-to-cart', url: expect.stringMatching(/\/demo\/pricing$/), title: PRICING_TITLE }),
      ]);
      expect(warnings.filter((text) => text.includes('track(name)'))).toHaveLength(1);
    });

    // on Playwright's fake clock, as the time-on-site tests above
    step('fires a time-on-page trigger after its delay, and restarts the page clock on single-page navigation', async (page) => {
      await createTrigger(suite.env.t, {
        name: 'Lingering on home',
        conditions: [
          { name: 'page-url', value: '/demo$' },
          { name: 'time-on-page', op: 'gte', value: 2 },
        ],
        actions: [sendMessage('Take your time')],
      });
      await createTrigger(suite.env.t, {
        name: 'Just arrived at contact',
        conditions: [
          { name: 'page-url', value: '.*/contact' },
          { name: 'time-on-page', op: 'lt', value: 1 },
        ],
        actions: [sendMessage('Welcome to the contact page')],
      });
      await page.clock.install();
      const sent = recordEvents(page);
      expect(await visit(page, '/demo')).toMatchObject({ fired: [], scheduled: [{ afterSeconds: 2 }] });
      await page.clock.runFor(1500);
      expect(sent.map((event) => event.type)).toEqual(['page-view']);
      await page.clock.runFor(1000);
      await widget(page).getByText('Take your time').waitFor();
      const timed = sent[1];
      expect(timed).toMatchObject({ type: 'time-on-site', title: HOME_TITLE });
      expect(timed.timeOnPageSeconds).toBeGreaterThanOrEqual(2);
      expect(timed.timeOnSiteSeconds).toBeGreaterThanOrEqual(2);

      const arrived = page.waitForRequest((r) => isEvent('page-view')(r) && r.postDataJSON().url.endsWith('/demo/contact'));
      await page.getByRole('link', { name: 'go to the contact page without reloading' }).click();
      const spaView = (await arrived).postDataJSON() as SentEvent;
      expect(spaView.timeOnPageSeconds).toBe(0);
      expect(spaView.timeOnSiteSeconds).toBeGreaterThanOrEqual(2);
      await widget(page).getByText('Welcome to the contact page').waitFor();
    });
  });

  describe('live updates (the stream)', () => {
    const launcher = (page: Page) => widget(page).locator('.launcher');
    const streamsOpen = async () => Number(/^livechat_widget_streams_open (\d+)$/m.exec((await suite.env.t.inject({ url: '/metrics' })).body)?.[1]);

    step('fires a trigger created while the visitor is on a matching page, within 5 s and without a reload', async (page) => {
      const sent = recordEvents(page);
      expect((await visitLive(page, '/demo/contact')).fired).toEqual([]);
      await createTrigger(suite.env.t, { name: 'Pushed', conditions: [{ name: 'page-url', value: '.*/contact' }], actions: [sendMessage('Just created')] });
      await widget(page).getByText('Just created').waitFor({ timeout: 5000 });
      await expect(panel(page).isVisible()).resolves.toBe(true);
      expect(sent.map(({ type, exclude }) => [type, exclude])).toEqual([
        ['page-view', undefined],
        ['time-on-site', []],
      ]);
    });

    step('a recurring trigger that already fired on this page does not fire again when another trigger is created', async (page) => {
      const recurring = await createTrigger(suite.env.t, { name: 'Recurring', runOnce: false, actions: [sendMessage('Hello again?')] });
      const sent = recordEvents(page);
      await visitLive(page, '/demo/contact');
      await widget(page).getByText('Hello again?').waitFor();
      // it is recurring: a second event on this page would fire it again, were it not excluded
      await createTrigger(suite.env.t, { name: 'Later', actions: [sendMessage('A newer greeting')] });
      await widget(page).getByText('A newer greeting').waitFor({ timeout: 5000 });
      expect(sent.map(({ type, exclude }) => [type, exclude])).toEqual([
        ['page-view', undefined],
        ['time-on-site', [recurring.id]],
      ]);
      expect(await widget(page).getByText('Hello again?').count()).toBe(1);
    });

    step('with hideWhenOffline, the bubble follows availability (the department’s after setDepartment), and a message shows it', async (page) => {
      await putRoutingSettings(suite.env.t, { hideWhenOffline: true });
      const department = (await suite.env.t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: `Support ${Date.now()}` } })).json();
      const setAgent = (status: string, departmentIds: string[] = []) =>
        suite.env.t.asManager({ method: 'PUT', url: '/v1/agents/casey.live', payload: { name: 'Casey Live', status, departmentIds } });
      try {
        await setAgent('offline');
        const sent = recordEvents(page);
        const streaming = page.waitForResponse((r) => STREAM.test(r.url()));
        await page.goto('/demo/contact');
        await streaming;
        await widget(page).locator('.root').waitFor({ state: 'attached' });
        await launcher(page).waitFor({ state: 'hidden' });

        await setAgent('online');
        await launcher(page).waitFor({ timeout: 5000 });
        await setAgent('offline');
        await launcher(page).waitFor({ state: 'hidden', timeout: 5000 });

        // the visitor's department decides once the page names it
        await setAgent('online');
        await launcher(page).waitFor({ timeout: 5000 });
        await page.evaluate(
          (id) => (globalThis as unknown as { LivechatTriggers: { setDepartment(id: string): void } }).LivechatTriggers.setDepartment(id),
          department.id,
        );
        await launcher(page).waitFor({ state: 'hidden' });
        await setAgent('online', [department.id]);
        await launcher(page).waitFor({ timeout: 5000 });
        await setAgent('offline', [department.id]);
        await launcher(page).waitFor({ state: 'hidden', timeout: 5000 });
        // availability changes never made the widget re-evaluate
        expect(sent.map((event) => event.type)).toEqual(['page-view']);

        // a message while the bubble is hidden opens the chat with it, and the bubble stays
        await createTrigger(suite.env.t, { name: 'Even offline', actions: [sendMessage('Leave us a message')] });
        await widget(page).getByText('Leave us a message').waitFor({ timeout: 5000 });
        await expect(launcher(page).isVisible()).resolves.toBe(true);
        await expect(panel(page).isVisible()).resolves.toBe(true);
      } finally {
        await suite.env.t.asManager({ method: 'DELETE', url: '/v1/agents/casey.live' });
        await suite.env.t.asManager({ method: 'DELETE', url: `/v1/departments/${department.id}` });
        await putRoutingSettings(suite.env.t, {});
      }
    });

    // on Playwright's fake clock: the reopening's 0–5 s and the re-evaluation's 0–2 s run in `runFor`
    step('holds a stream only while the page is visible, and catches up with a change made while hidden', async (page) => {
      await page.clock.install();
      await visitLive(page, '/demo/contact');
      await eventually(streamsOpen, 1);
      await setVisibility(page, 'hidden');
      await eventually(streamsOpen, 0);
      await createTrigger(suite.env.t, { name: 'While hidden', actions: [sendMessage('Welcome back')] });

      await setVisibility(page, 'visible');
      expect(await streamsOpen()).toBe(0);
      const reopened = page.waitForResponse((r) => STREAM.test(r.url()));
      await page.clock.runFor(5000);
      await reopened;
      await eventually(streamsOpen, 1);
      // the reopened stream's config is new to the page: it re-evaluates after its 0–2 s
      const reevaluated = page.waitForResponse((r) => isEvent('time-on-site')(r.request()));
      for (let i = 0; i < 40 && !(await widget(page).getByText('Welcome back').count()); i += 1) {
        await page.clock.runFor(250);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await reevaluated;
      await widget(page).getByText('Welcome back').waitFor();
    });
  });
});
