import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import type { ConsoleMessage, FrameLocator, Page, Response } from 'playwright-core';
import { customSender, pageUrl, queueSender, timeOnSite } from '../support/builders';
import { createTrigger, deleteAllTriggers, sendMessage, upsertAgent } from '../support/factories';
import { type BrowserEnv, describeBrowser, eventually, startBrowserEnv, type TestPage, withScreenshots } from './browser-harness';

/**
 * Rocket.Chat's published widget, `@rocket.chat/livechat` 1.13.3 (its npm build, unchanged),
 * with its server URL pointing at this service: the build is served from its own origin
 * (as Rocket.Chat serves it at `/livechat`, with `window.SERVER_URL` injected into its page)
 * and embedded in a customer's page with Rocket.Chat's standard snippet. Every assertion is
 * about what the visitor sees in the widget's frame. docs/rocketchat.md, "Rocket.Chat's own
 * widget and a gateway", says what the widget asks for and why some of it fails here.
 */

const BUILD = join(dirname(require.resolve('@rocket.chat/livechat/package.json')), 'build');
const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.map': 'application/json' };
/** The widget's own page: Rocket.Chat serves it at `/livechat`; its scripts load from `livechat/…`. */
const WIDGET_PATH = '/livechat';

interface WidgetSite {
  readonly origin: string;
  /** The service the widget's page names as `window.SERVER_URL`. */
  serverUrl: string;
  close(): Promise<void>;
}

/** The widget's build on its own origin (127.0.0.1, another port), and a customer's page (any other path) embedding it. */
async function startWidgetSite(): Promise<WidgetSite> {
  const indexHtml = await readFile(join(BUILD, 'index.html'), 'utf8');
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://site').pathname;
    const send = (status: number, type: string, body: string | Buffer) => response.writeHead(status, { 'content-type': type }).end(body);
    if (path === WIDGET_PATH) {
      // as Rocket.Chat does: the widget reads its server from window.SERVER_URL
      send(200, 'text/html', indexHtml.replace('<body>', `<body><script>window.SERVER_URL=${JSON.stringify(site.serverUrl)}</script>`));
    } else if (path.startsWith(`${WIDGET_PATH}/`)) {
      const file = normalize(join(BUILD, decodeURIComponent(path.slice(WIDGET_PATH.length + 1))));
      if (!file.startsWith(BUILD + sep)) return send(404, 'text/plain', 'not found');
      readFile(file).then(
        (body) => send(200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body),
        () => send(404, 'text/plain', 'not found'),
      );
    } else {
      send(200, 'text/html', hostPage(site.origin));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const site: WidgetSite = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serverUrl: '',
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return site;
}

/** A customer's page with Rocket.Chat's standard embed snippet (its admin's "Installation" page). */
function hostPage(widgetOrigin: string): string {
  return `<!doctype html><html><head><title>Pricing</title></head><body><h1>Our prices</h1>
<script type="text/javascript">
(function(w, d, s, u) {
  w.RocketChat = function(c) { w.RocketChat._.push(c) }; w.RocketChat._ = []; w.RocketChat.url = u;
  var h = d.getElementsByTagName(s)[0], j = d.createElement(s);
  j.async = true; j.src = '${widgetOrigin}${WIDGET_PATH}/rocketchat-livechat.min.js?_=' + Math.random();
  h.parentNode.insertBefore(j, h);
})(window, document, 'script', '${widgetOrigin}${WIDGET_PATH}');
</script></body></html>`;
}

/**
 * What the widget logs that is not this service's fault, each with its reason:
 * * its DDP websocket: there is none here, `/websocket` answers 404 at once, the widget logs
 *   the failed handshake and "Connecting error" and carries on (triggers run after it);
 * * `GET /avatar/<username>`: Rocket.Chat's avatars, not served here (404, and the security
 *   headers forbid other origins to embed it), so the avatar image is broken.
 */
const TOLERATED_CONSOLE_ERRORS: readonly { why: string; text: RegExp; url?: RegExp }[] = [
  { why: 'no DDP websocket here', text: /^WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/websocket' failed: .*Unexpected response code: 404$/ },
  { why: 'the widget logs the failed websocket', text: /^Connecting error: {2}Event$/ },
  { why: 'avatars are not served here', text: /^Failed to load resource: net::ERR_BLOCKED_BY_RESPONSE\.NotSameOrigin$/, url: /\/avatar\/[^/]+$/ },
];

interface Visit {
  readonly frame: FrameLocator;
  /** The `GET /api/v1/livechat/config` answer the widget got (its `config`). */
  readonly config: { readonly online: boolean; readonly triggers: readonly { readonly _id: string }[] } & Record<string, unknown>;
  /** The widget's visitor token (it makes its own; this service never saw it before). */
  readonly token: string;
}

describeBrowser("Rocket.Chat's published widget 1.13.3 against this service (browser)", () => {
  let env: BrowserEnv;
  let site: WidgetSite;
  let tab: TestPage;
  let consoleErrors: { text: string; url: string }[];
  let pageVisits: number[];

  beforeAll(async () => {
    site = await startWidgetSite();
    env = await startBrowserEnv({ env: { CORS_ORIGINS: site.origin } });
    site.serverUrl = env.baseUrl;
  });
  afterAll(async () => {
    await env?.close();
    await site?.close();
  });
  beforeEach(async () => {
    await deleteAllTriggers(env.t);
    await upsertAgent(env.t, 'morgan.lee', { name: 'Morgan Lee', status: 'online', available: true });
    tab = await env.newPage();
    consoleErrors = [];
    pageVisits = [];
    tab.page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') consoleErrors.push({ text: message.text(), url: message.location().url });
    });
    tab.page.on('response', (response) => {
      const request = response.request();
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/livechat/page.visited')) pageVisits.push(response.status());
    });
  });
  afterEach(async () => {
    // nothing uncaught in any frame; every page view reported (page.visited) was answered 200
    expect(tab.pageErrors).toEqual([]);
    expect(pageVisits.every((status) => status === 200)).toBe(true);
    const untolerated = consoleErrors.filter((e) => !TOLERATED_CONSOLE_ERRORS.some((t) => t.text.test(e.text) && (!t.url || t.url.test(e.url))));
    expect(untolerated).toEqual([]);
    await tab.context.close();
  });

  const step = (name: string, run: (page: Page) => Promise<void>) => it(name, () => withScreenshots(env, name, () => run(tab.page)));

  /** Opens the customer's page and waits until the widget has read its config. */
  async function visit(page: Page): Promise<Visit> {
    const configAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/livechat/config' && r.request().method() === 'GET');
    await page.goto(`${site.origin}/pricing`);
    const answer: Response = await configAnswer;
    expect(answer.status()).toBe(200);
    const token = new URL(answer.url()).searchParams.get('token') ?? '';
    return { frame: page.frameLocator('#rocketchat-iframe'), config: (await answer.json()).config, token };
  }

  const triggerText = (frame: FrameLocator, text: string) => frame.locator('main p', { hasText: text });

  step('shows a custom-sender trigger with its sender: the message, then its avatar in the chat', async (page) => {
    await createTrigger(env.t, { name: 'Hello', conditions: [pageUrl(`${WIDGET_PATH}$`)], actions: [sendMessage('Hi! Need help?', customSender('Ada'))] });
    const { frame, config } = await visit(page);
    expect(config).toMatchObject({ enabled: true, online: true, resources: { sound: '', emojis: [] } });

    // the widget opens on its trigger screen: the message and a "Start chat" button
    await triggerText(frame, 'Hi! Need help?').waitFor();
    await frame.getByRole('button', { name: 'Start chat' }).click();
    // 1.13.3 shows a custom sender only as its avatar: Rocket.Chat's /avatar/<name>, labelled with the name
    const message = frame.locator('li', { hasText: 'Hi! Need help?' });
    await message.getByRole('img', { name: 'Ada' }).waitFor();
    expect(await message.getByRole('img', { name: 'Ada' }).getAttribute('src')).toBe(`${env.baseUrl}/avatar/Ada`);
    // the header keeps the widget's title: a custom sender is not an agent
    await frame.locator('header').getByText('Rocket.Chat', { exact: true }).waitFor();
  });

  step("shows a queue-sender trigger with the agent's name, for a visitor this service never saw", async (page) => {
    await createTrigger(env.t, { name: 'From the queue', conditions: [pageUrl(`${WIDGET_PATH}$`)], actions: [sendMessage('An agent says hi', queueSender())] });
    const agentAnswer = page.waitForResponse((r) => r.url().includes('/api/v1/livechat/agent.next/'));
    const { frame, token } = await visit(page);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const agentNext = await agentAnswer;
    expect(new URL(agentNext.url()).pathname).toBe(`/api/v1/livechat/agent.next/${token}`);
    expect(agentNext.status()).toBe(200);
    expect(await agentNext.json()).toMatchObject({ agent: { _id: 'morgan.lee', username: 'morgan.lee', name: 'Morgan Lee' }, success: true });

    await triggerText(frame, 'An agent says hi').waitFor();
    await frame.getByRole('button', { name: 'Start chat' }).click();
    // the agent becomes the chat's agent: its name is the header's title
    await frame.locator('header').getByText('Morgan Lee', { exact: true }).waitFor();
    await frame.locator('li', { hasText: 'An agent says hi' }).getByRole('img', { name: 'morgan.lee' }).waitFor();
  });

  step('shows no trigger when every agent is offline (config online: false): the offline form instead', async (page) => {
    await upsertAgent(env.t, 'morgan.lee', { name: 'Morgan Lee', status: 'offline', available: true });
    await createTrigger(env.t, { name: 'At once', conditions: [pageUrl(`${WIDGET_PATH}$`)], actions: [sendMessage('Nobody should see this')] });
    await createTrigger(env.t, { name: 'Later', conditions: [timeOnSite(2)], actions: [sendMessage('Nor this, later')] });
    await page.clock.install();
    const { frame, config } = await visit(page);
    expect(config).toMatchObject({ enabled: true, online: false });
    expect(config.triggers).toHaveLength(2);
    // the widget routes to its offline form (after a 100 ms timer); the visitor opens the bubble and sees it
    await page.clock.runFor(500);
    await frame.locator('button[class*="screen__chat-button"]').click();
    await frame.getByText('We are not online right now. Please, leave a message.').waitFor();
    await frame.locator('header').getByText('Leave a message', { exact: true }).waitFor();
    // past the time-on-site: a trigger the widget had scheduled would have shown by now
    await page.clock.runFor(5000);
    await expect(frame.getByText('Nobody should see this').count()).resolves.toBe(0);
    await expect(frame.getByText('Nor this, later').count()).resolves.toBe(0);
  });

  step('never shows a disabled trigger, nor one whose page-url matches only the host page', async (page) => {
    const disabled = await createTrigger(env.t, {
      name: 'Disabled',
      enabled: false,
      conditions: [pageUrl(`${WIDGET_PATH}$`)],
      actions: [sendMessage('Disabled: never shown')],
    });
    // 1.13.3 tests page-url against its own frame's URL (…/livechat), not the customer's page (…/pricing)
    const hostOnly = await createTrigger(env.t, { name: 'Host URL', conditions: [pageUrl('/pricing$')], actions: [sendMessage('Host URL: never shown')] });
    const later = await createTrigger(env.t, { name: 'Later', conditions: [timeOnSite(2)], actions: [sendMessage('Shown after two seconds')] });
    await page.clock.install();
    const { frame, config } = await visit(page);
    expect(config.triggers.map((t) => t._id).sort()).toEqual([hostOnly.id, later.id].sort());
    expect(config.triggers.map((t) => t._id)).not.toContain(disabled.id);

    // the enabled page-url triggers ran when the widget started; the time-on-site one runs 2 s later
    await page.clock.runFor(3000);
    await triggerText(frame, 'Shown after two seconds').first().waitFor();
    // twice: 1.13.3 arms a time-on-site timer when it starts and again when the host's first
    // page-visit report arrives (its loader polls the URL every 800 ms), so within 800 ms of the first
    await page.clock.runFor(1000);
    await expect(triggerText(frame, 'Shown after two seconds').count()).resolves.toBe(2);
    await expect(frame.getByText('Disabled: never shown').count()).resolves.toBe(0);
    await expect(frame.getByText('Host URL: never shown').count()).resolves.toBe(0);
  });

  step('throws nothing and logs only the tolerated: /websocket is a 404 at once, page views are answered, no sound', async (page) => {
    await createTrigger(env.t, { name: 'Hello', conditions: [pageUrl(`${WIDGET_PATH}$`)], actions: [sendMessage('Hello again', customSender('Ada'))] });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const { frame } = await visit(page);
    await triggerText(frame, 'Hello again').waitFor();
    await eventually(() => Promise.resolve(pageVisits.length > 0), true, 3000);
    // the DDP connection is refused before the triggers start: they do not wait for a timeout
    expect(consoleErrors.map((e) => e.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/websocket' failed: .*Unexpected response code: 404$/), 'Connecting error:  Event']),
    );
    // resources.sound "" gives the widget's <audio> an empty src: nothing is fetched, nothing plays
    expect(await frame.locator('audio').getAttribute('src')).toBe('');
    expect(requests.filter((path) => /\.(mp3|ogg|wav)$/.test(path))).toEqual([]);
  });
});
