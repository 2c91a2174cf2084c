import type { Page } from 'playwright-core';
import { answerContents, sendJson } from '../support/fake-upstream';
import { createTrigger, sendEvent, upsertAgent, visitorToken } from '../support/factories';
import { MANAGER_KEY, VIEWER_KEY } from '../support/test-app';
import { describeBrowser, docScreenshot, eventually, useBrowserSuite } from './browser-harness';

const field = (path: string) => `[data-path="${path}"]`;
const errorFor = (path: string) => `[data-error-for="${path}"]`;

async function signIn(page: Page, key = MANAGER_KEY): Promise<void> {
  await page.goto('/admin');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // exact: the sign-in form's own heading ("Livechat Triggers admin") contains the word, and
  // matching it would return before the key is stored (a navigation right after then signs out)
  await page.getByRole('heading', { name: 'Triggers', exact: true }).waitFor();
}

describeBrowser('admin console (browser)', () => {
  const suite = useBrowserSuite();
  const step = suite.step;

  step('a manager signs in, creates a page-URL trigger through the form and sees it listed', async (page) => {
    await signIn(page);
    await page.getByRole('link', { name: 'New trigger' }).click();
    await page.fill(field('name'), 'Contact page hello');
    await page.fill(field('description'), 'Greets visitors on the contact page');
    await page.fill(field('conditions[0].value'), '.*/contact');
    await page.selectOption(field('actions[0].params.sender'), 'custom');
    await page.fill(field('actions[0].params.name'), 'Ada');
    await page.fill(field('actions[0].params.msg'), 'Hi! Need help?');
    await docScreenshot(page, 'admin-trigger-form');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await page.getByText('Trigger “Contact page hello” created.').waitFor();
    await page.getByRole('link', { name: '← Triggers' }).click();
    const row = page.locator('[data-trigger-name="Contact page hello"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('URL ~ .*/contact');
    await docScreenshot(page, 'admin-trigger-list');
    const { items } = (await suite.env.t.asManager({ url: '/v1/triggers' })).json();
    expect(items).toMatchObject([
      {
        name: 'Contact page hello',
        conditions: [{ name: 'page-url', value: '.*/contact' }],
        actions: [{ params: { sender: 'custom', name: 'Ada', msg: 'Hi! Need help?' } }],
      },
    ]);
  });

  step('edits a trigger, toggles it from the list and deletes it after confirming', async (page) => {
    const trigger = await createTrigger(suite.env.t, { name: 'Pricing nudge', conditions: [{ name: 'page-url', value: '.*/pricing' }] });
    await signIn(page);
    await page.getByRole('link', { name: 'Pricing nudge' }).click();
    await page.locator(field('conditions[0].value')).waitFor();
    expect(await page.inputValue(field('conditions[0].value'))).toBe('.*/pricing');
    await page.fill(field('priority'), '5');
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.selectOption(field('conditions[1].name'), 'time-on-site');
    await page.fill(field('conditions[1].value'), '30');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    let saved = (await suite.env.t.asManager({ url: `/v1/triggers/${trigger.id}` })).json();
    expect(saved).toMatchObject({ priority: 5, version: 2, conditions: [{ name: 'page-url' }, { name: 'time-on-site', value: 30 }] });

    await page.getByRole('link', { name: '← Triggers' }).click();
    const toggle = page.getByLabel('Enabled: Pricing nudge');
    // the row shows "Disabled" before the PATCH lands (optimistic): wait for the answer too
    const patched = page.waitForResponse((res) => res.request().method() === 'PATCH' && res.url().endsWith(`/v1/triggers/${trigger.id}`));
    await toggle.uncheck();
    await patched;
    await page.locator('[data-trigger-name="Pricing nudge"]').getByText('Disabled').waitFor();
    saved = (await suite.env.t.asManager({ url: `/v1/triggers/${trigger.id}` })).json();
    expect(saved.enabled).toBe(false);
    await page.selectOption('#trigger-enabled', 'true');
    await page.getByText('No triggers match these filters.').waitFor();
    await page.selectOption('#trigger-enabled', '');

    const row = page.locator('[data-trigger-name="Pricing nudge"]');
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Cancel' }).click();
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('No triggers yet.').waitFor();
    expect((await suite.env.t.asManager({ url: `/v1/triggers/${trigger.id}` })).statusCode).toBe(404);
  });

  step('shows the server validation errors and warnings next to their fields', async (page) => {
    await signIn(page);
    await page.getByRole('link', { name: 'New trigger' }).click();
    await page.fill(field('name'), 'Bad regex');
    await page.fill(field('conditions[0].value'), '(a');
    await page.fill(field('actions[0].params.msg'), 'Hello');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await expect(page.locator(errorFor('conditions[0].value')).textContent()).resolves.toContain('not a valid RE2 regular expression');
    await expect(page.locator(field('conditions[0].value')).getAttribute('aria-invalid')).resolves.toBe('true');
    await docScreenshot(page, 'admin-validation-error');

    // checked in the browser first, with the API's paths
    await page.fill(field('conditions[0].value'), '(a+)+$');
    await page.fill(field('actions[0].params.msg'), '');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await expect(page.locator(errorFor('actions[0].params.msg')).textContent()).resolves.toContain('1 to 5000');

    await page.fill(field('actions[0].params.msg'), 'Hello');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await page.getByText('Trigger “Bad regex” created.').waitFor();
    await expect(page.locator('[data-warning-for="conditions[0].value"]').textContent()).resolves.toContain('backtrack');

    // a taken name is shown on the name field
    await page.getByRole('link', { name: '← Triggers' }).click();
    await page.getByRole('link', { name: 'New trigger' }).click();
    await page.fill(field('name'), 'bad REGEX');
    await page.fill(field('conditions[0].value'), '.*');
    await page.fill(field('actions[0].params.msg'), 'Hello');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await page.locator(errorFor('name')).waitFor();
  });

  step('Send Test reports success with the messages, and failure with the error and reason; the secret is write-only', async (page) => {
    await signIn(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.locator('[data-secret-state]').getByText('not configured', { exact: true }).waitFor();
    await page.getByLabel(/New secret token/).fill('s3cret-for-browser-tests');
    await page.getByRole('button', { name: 'Save secret' }).click();
    await page.getByText('Secret token saved.').waitFor();
    await page.locator('[data-secret-state]').getByText('configured', { exact: true }).waitFor();
    expect(await page.inputValue(field('secretToken'))).toBe('');

    await page.getByRole('link', { name: 'Triggers' }).click();
    await page.getByRole('link', { name: 'New trigger' }).click();
    await page.selectOption(field('actions[0].name'), 'use-external-service');
    await page.fill(field('actions[0].params.serviceUrl'), suite.upstream.url('/greeting'));
    await page.fill(field('actions[0].params.serviceTimeout'), '2000');
    suite.upstream.handle(
      answerContents([
        { msg: 'Second', order: 2 },
        { msg: 'First from the CRM', order: 1 },
      ]),
    );
    await page.getByRole('button', { name: 'Send Test' }).click();
    const result = page.locator('.test-result');
    await result.getByText('Success: HTTP 200').waitFor();
    await expect(result.locator('li').allTextContents()).resolves.toEqual(['First from the CRM', 'Second']);
    await docScreenshot(page, 'admin-send-test');

    suite.upstream.handle((_, response) => sendJson(response, 500, { error: 'boom' }));
    await page.getByRole('button', { name: 'Send Test' }).click();
    await result.getByText('Failed:').waitFor();
    const failure = await result.textContent();
    expect(failure).toContain('error-invalid-external-service-response');
    expect(failure).toContain('http-status');
    expect(failure).not.toContain('boom');

    // Send Test's own validation lands on the action's fields
    await page.fill(field('actions[0].params.serviceTimeout'), '50');
    await page.getByRole('button', { name: 'Send Test' }).click();
    await page.locator(errorFor('actions[0].params.serviceTimeout')).waitFor();

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Clear secret' }).click();
    await page.getByText('Secret token cleared.').waitFor();
    expect((await suite.env.t.asManager({ url: '/v1/settings/external-service' })).json()).toEqual({ secretTokenConfigured: false });
  });

  step('a viewer key sees everything read-only', async (page) => {
    await createTrigger(suite.env.t, { name: 'Visible to viewers' });
    await upsertAgent(suite.env.t, 'viewer.check', { name: 'Viewer Check' });
    await signIn(page, VIEWER_KEY);
    await page.getByText('Read-only (viewer)').waitFor();
    await page.locator('[data-trigger-name="Visible to viewers"]').waitFor();
    expect(await page.getByRole('link', { name: 'New trigger' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await expect(page.getByLabel('Enabled: Visible to viewers').isDisabled()).resolves.toBe(true);

    await page.getByRole('link', { name: 'Visible to viewers' }).click();
    await page.locator(field('name')).waitFor();
    await expect(page.locator(field('name')).isDisabled()).resolves.toBe(true);
    expect(await page.getByRole('button', { name: /Save|Create|Send Test|Add/ }).count()).toBe(0);
    await page.locator('[data-stat="total"]').waitFor();

    await page.getByRole('link', { name: 'Agents' }).click();
    await page.locator('[data-agent="viewer.check"]').waitFor();
    await expect(page.getByLabel('Status').first().isDisabled()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.locator('[data-secret-state]').waitFor();
    expect(await page.getByRole('button', { name: /Save/ }).count()).toBe(0);
  });

  step('a manager edits the Rocket.Chat widget settings; the config reflects them, and bad values change nothing', async (page) => {
    const livechatConfig = async () => (await suite.env.t.inject({ url: '/api/v1/livechat/config' })).json().config;
    await signIn(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Rocket.Chat widget' });
    await expect(form.locator(field('title')).inputValue()).resolves.toBe('Rocket.Chat');
    await form.locator(field('title')).fill('Talk to Acme');
    await form.getByLabel('Colour picker').fill('#0a7b83');
    await expect(form.locator(field('color')).inputValue()).resolves.toBe('#0A7B83');
    await form.locator(field('language')).fill('pt-br');
    await form.locator(field('offlineForm')).uncheck();
    await form.getByRole('button', { name: 'Save widget settings' }).click();
    await form.getByText('Widget settings saved.').waitFor();
    // the form shows what the API stored: the canonical language tag
    await expect(form.locator(field('language')).inputValue()).resolves.toBe('pt-BR');
    await form.scrollIntoViewIfNeeded();
    await docScreenshot(page, 'settings-livechat');
    const saved = { enabled: true, title: 'Talk to Acme', color: '#0A7B83', registrationForm: true, offlineForm: false, language: 'pt-BR' };
    expect((await suite.env.t.asManager({ url: '/v1/settings/livechat' })).json()).toEqual(saved);
    expect(await livechatConfig()).toMatchObject({
      theme: { title: 'Talk to Acme', color: '#0A7B83' },
      settings: { language: 'pt-BR', displayOfflineForm: false },
    });

    await form.locator(field('title')).fill('   ');
    await form.locator(field('color')).fill('teal');
    await form.getByRole('button', { name: 'Save widget settings' }).click();
    await expect(form.locator(errorFor('title')).textContent()).resolves.toContain('must not be blank');
    await expect(form.locator(errorFor('color')).textContent()).resolves.toContain('#RRGGBB');
    await expect(form.locator(field('color')).getAttribute('aria-invalid')).resolves.toBe('true');
    await form.locator('.error-summary a[href="#f-color"]').waitFor();
    expect((await suite.env.t.asManager({ url: '/v1/settings/livechat' })).json()).toEqual(saved);
    expect((await livechatConfig()).theme).toMatchObject({ title: 'Talk to Acme', color: '#0A7B83' });

    // empty language: null, the visitor's browser decides
    await form.locator(field('title')).fill('Talk to Acme');
    await form.locator(field('color')).fill('#336699');
    await form.locator(field('language')).fill('');
    await form.getByRole('button', { name: 'Save widget settings' }).click();
    await form.getByText('Widget settings saved.').waitFor();
    expect((await suite.env.t.asManager({ url: '/v1/settings/livechat' })).json()).toMatchObject({ color: '#336699', language: null });
    await suite.env.t.asManager({ method: 'PUT', url: '/v1/settings/livechat', payload: {} });
  });

  step('a viewer sees the Rocket.Chat widget settings read-only', async (page) => {
    await suite.env.t.asManager({ method: 'PUT', url: '/v1/settings/livechat', payload: { title: 'Seen by viewers', language: 'en-gb' } });
    await signIn(page, VIEWER_KEY);
    await page.getByRole('link', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Rocket.Chat widget' });
    await expect(form.locator(field('title')).inputValue()).resolves.toBe('Seen by viewers');
    await expect(form.locator(field('language')).inputValue()).resolves.toBe('en-GB');
    for (const path of ['enabled', 'title', 'color', 'registrationForm', 'offlineForm', 'language']) {
      await expect(form.locator(field(path)).isDisabled()).resolves.toBe(true);
    }
    expect(await form.getByRole('button').count()).toBe(0);
    await suite.env.t.asManager({ method: 'PUT', url: '/v1/settings/livechat', payload: {} });
  });

  step('an expired key asks for the key again without losing the form; a lost connection keeps it too', async (page) => {
    await signIn(page);
    await page.getByRole('link', { name: 'New trigger' }).click();
    await page.fill(field('name'), 'Typed before the key expired');
    await page.fill(field('conditions[0].value'), '.*/contact');
    await page.fill(field('actions[0].params.msg'), 'Still here');
    // the key is revoked while the form is open
    await page.evaluate(() =>
      (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage.setItem(
        'livechat-triggers-admin:key',
        'revoked-key-0123456789',
      ),
    );
    await page.getByRole('button', { name: 'Create trigger' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('did not accept your API key').waitFor();
    await docScreenshot(page, 'admin-key-expired');
    await dialog.getByLabel('API key').fill(MANAGER_KEY);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.inputValue(field('name'))).toBe('Typed before the key expired');
    expect(await page.inputValue(field('actions[0].params.msg'))).toBe('Still here');

    await suite.tab.context.setOffline(true);
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await page.getByText('Cannot reach the service').waitFor();
    await page.getByText('The service cannot be reached.').waitFor();
    expect(await page.inputValue(field('name'))).toBe('Typed before the key expired');
    await suite.tab.context.setOffline(false);
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await page.getByText('Trigger “Typed before the key expired” created.').waitFor();
  });

  step('explain says why each trigger would or would not fire', async (page) => {
    await createTrigger(suite.env.t, { name: 'Contact greeter' });
    await createTrigger(suite.env.t, { name: 'Patient greeter', conditions: [{ name: 'time-on-site', value: 60 }] });
    await signIn(page);
    await page.getByRole('link', { name: 'Explain' }).click();
    await page.fill(field('url'), 'https://shop.example/contact');
    await page.fill(field('timeOnSiteSeconds'), '10');
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    const contact = page.locator('[data-explain-for="Contact greeter"]');
    await contact.getByText('would fire').waitFor();
    const patient = page.locator('[data-explain-for="Patient greeter"]');
    await patient.getByText('would not fire').waitFor();
    await expect(patient.textContent()).resolves.toContain('Would fire after 50 more seconds');
    await docScreenshot(page, 'admin-explain');

    await page.fill(field('url'), 'https://shop.example/pricing');
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    await contact.getByText('would not fire').waitFor();
    await page.fill(field('timeOnSiteSeconds'), '-5');
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    await expect(page.locator(errorFor('timeOnSiteSeconds')).textContent()).resolves.toContain('must not be less than 0');
  });

  step('a manager turns on hiding the chat bubble while nobody is available, in the routing settings', async (page) => {
    const routing = async () => (await suite.env.t.asManager({ url: '/v1/settings/routing' })).json();
    expect((await routing()).hideWhenOffline).toBe(false);
    await signIn(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    const hide = page.getByLabel('Hide the chat bubble while nobody is available');
    await expect(hide.isChecked()).resolves.toBe(false);
    await hide.check();
    await page.getByRole('button', { name: 'Save routing' }).click();
    await page.getByText('Routing settings saved.').waitFor();
    expect(await routing()).toMatchObject({ hideWhenOffline: true, method: 'round-robin' });
    // the widgets hear it at once
    expect((await suite.env.t.inject({ url: '/v1/widget/availability' })).json()).toMatchObject({ hideWhenOffline: true });

    await page.reload();
    await expect(hide.isChecked()).resolves.toBe(true);
    await hide.uncheck();
    await page.getByRole('button', { name: 'Save routing' }).click();
    await page.getByText('Routing settings saved.').waitFor();
    expect((await routing()).hideWhenOffline).toBe(false);
  });

  step('the agents page shows who can take a chat now, and follows a change made through the API without a reload', async (page) => {
    for (const { username } of (await suite.env.t.asManager({ url: '/v1/agents?limit=100' })).json().items) {
      await suite.env.t.asManager({ method: 'DELETE', url: `/v1/agents/${username}` });
    }
    const department = (await suite.env.t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: 'Live desk' } })).json();
    const setAgent = (status: string) =>
      suite.env.t.asManager({ method: 'PUT', url: '/v1/agents/live.agent', payload: { name: 'Live Agent', status, departmentIds: [department.id] } });
    await setAgent('offline');
    await signIn(page);
    await page.getByRole('link', { name: 'Agents' }).click();
    const now = page.locator('[data-available-now]');
    const desk = page.locator('[data-department-online="Live desk"]');
    const status = page.locator('[data-agent="live.agent"]').getByLabel('Status');
    await expect(now.getAttribute('data-available-now')).resolves.toBe('no');
    await expect(desk.textContent()).resolves.toContain('offline');
    await expect(status.inputValue()).resolves.toBe('offline');

    await setAgent('online');
    await eventually(() => now.getAttribute('data-available-now'), 'yes');
    await expect(desk.textContent()).resolves.toContain('online');
    // the list below follows too
    await eventually(() => status.inputValue(), 'online');

    await setAgent('offline');
    await eventually(() => now.getAttribute('data-available-now'), 'no');
    await eventually(async () => (await desk.textContent())?.includes('offline'), true);
    await suite.env.t.asManager({ method: 'DELETE', url: '/v1/agents/live.agent' });
    await suite.env.t.asManager({ method: 'DELETE', url: `/v1/departments/${department.id}` });
  });

  step('agents, departments and routing settings; usable at 360 px wide', async () => {
    const narrow = await suite.env.newPage({ width: 360, height: 740 });
    const page = narrow.page;
    await upsertAgent(suite.env.t, 'morgan.lee', { name: 'Morgan Lee' });
    await suite.env.t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: 'Sales' } });
    await createTrigger(suite.env.t, { name: 'A trigger with a rather long name to wrap on small screens' });
    await signIn(page);
    await page.locator('[data-trigger-name]').first().waitFor();
    const overflow = () =>
      page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(await overflow()).toBeLessThanOrEqual(360);
    await docScreenshot(page, 'admin-narrow');

    await page.getByRole('link', { name: 'Agents' }).click();
    const agent = page.locator('[data-agent="morgan.lee"]');
    await agent.getByLabel('Status').selectOption('away');
    await eventually(async () => (await suite.env.t.asManager({ url: '/v1/agents/morgan.lee' })).json().status, 'away');
    await agent.getByLabel('Accepts chats').uncheck();
    await eventually(async () => (await suite.env.t.asManager({ url: '/v1/agents/morgan.lee' })).json().available, false);
    expect(await overflow()).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: 'Departments' }).click();
    await page.locator('[data-department="Sales"]').getByLabel('Offered on registration').check();
    await eventually(async () => (await suite.env.t.asManager({ url: '/v1/departments' })).json().items[0].showOnRegistration, true);

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.selectOption(field('method'), 'least-assigned');
    await page.fill(field('fallbackSenderName'), '');
    await page.getByRole('button', { name: 'Save routing' }).click();
    await page.locator(errorFor('fallbackSenderName')).waitFor();
    await page.fill(field('fallbackSenderName'), 'Team');
    await page.getByRole('button', { name: 'Save routing' }).click();
    await page.getByText('Routing settings saved.').waitFor();
    expect((await suite.env.t.asManager({ url: '/v1/settings/routing' })).json()).toMatchObject({ method: 'least-assigned', fallbackSenderName: 'Team' });
    expect(await overflow()).toBeLessThanOrEqual(360);
    expect(narrow.pageErrors).toEqual([]);
  });

  step('a manager sets the proactive message limits; they are kept, empty is no limit, and a bad value is shown at its field', async (page) => {
    const proactive = async () => (await suite.env.t.asManager({ url: '/v1/settings/proactive' })).json();
    const noLimits = { maxPerVisit: null, maxPerDay: null, minGapSeconds: null, snoozeAfterDismissSeconds: null };
    expect(await proactive()).toEqual(noLimits);
    await signIn(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Proactive messages' });
    await expect(form.locator(field('maxPerVisit')).inputValue()).resolves.toBe('');
    await form.locator(field('maxPerVisit')).fill('3');
    await form.locator(field('maxPerDay')).fill('5');
    await form.locator(field('minGapSeconds')).fill('30');
    await form.locator(field('snoozeAfterDismissSeconds')).fill('600');
    await form.getByRole('button', { name: 'Save proactive limits' }).click();
    await form.getByText('Proactive message limits saved.').waitFor();
    const saved = { maxPerVisit: 3, maxPerDay: 5, minGapSeconds: 30, snoozeAfterDismissSeconds: 600 };
    expect(await proactive()).toEqual(saved);
    await form.scrollIntoViewIfNeeded();
    await docScreenshot(page, 'settings-proactive');

    await page.reload();
    await expect(form.locator(field('maxPerVisit')).inputValue()).resolves.toBe('3');
    await expect(form.locator(field('maxPerDay')).inputValue()).resolves.toBe('5');
    await expect(form.locator(field('minGapSeconds')).inputValue()).resolves.toBe('30');
    await expect(form.locator(field('snoozeAfterDismissSeconds')).inputValue()).resolves.toBe('600');

    // the API's bound lands on its field, and nothing changes
    await form.locator(field('maxPerVisit')).fill('1001');
    await form.getByRole('button', { name: 'Save proactive limits' }).click();
    await form.locator(errorFor('maxPerVisit')).waitFor();
    await expect(form.locator(field('maxPerVisit')).getAttribute('aria-invalid')).resolves.toBe('true');
    await form.locator('.error-summary a[href="#f-maxPerVisit"]').waitFor();
    expect(await proactive()).toEqual(saved);

    // emptied, a field is no limit again
    await form.locator(field('maxPerVisit')).fill('');
    await form.locator(field('minGapSeconds')).fill('');
    await form.getByRole('button', { name: 'Save proactive limits' }).click();
    await form.getByText('Proactive message limits saved.').waitFor();
    expect(await proactive()).toEqual({ ...saved, maxPerVisit: null, minGapSeconds: null });
    await expect(form.locator(errorFor('maxPerVisit')).count()).resolves.toBe(0);
    await suite.env.t.asManager({ method: 'PUT', url: '/v1/settings/proactive', payload: {} });
    expect(await proactive()).toEqual(noLimits);
  });

  step('“How often” sets a trigger to at most 2 times per UTC day with a 60 s cooldown, or once per visitor, never both', async (page) => {
    const trigger = await createTrigger(suite.env.t, { name: 'Twice a day' });
    const stored = async () => (await suite.env.t.asManager({ url: `/v1/triggers/${trigger.id}` })).json();
    await signIn(page);
    await page.getByRole('link', { name: 'Twice a day' }).click();
    const howOften = page.getByRole('group', { name: 'How often' });
    const always = howOften.getByLabel('Every time its conditions hold');
    const once = howOften.getByLabel('Once per visitor');
    const limited = howOften.getByLabel(/At most a number of times/);
    await always.waitFor();
    await expect(always.isChecked()).resolves.toBe(true);
    expect(await page.locator(field('frequency.max')).count()).toBe(0);

    await limited.check();
    await page.fill(field('frequency.max'), '2');
    await page.selectOption(field('frequency.per'), 'day');
    await page.fill(field('frequency.cooldownSeconds'), '60');
    await docScreenshot(page, 'admin-trigger-how-often');
    let put = page.waitForRequest((request) => request.method() === 'PUT');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await put).postDataJSON()).toMatchObject({ runOnce: false, frequency: { max: 2, per: 'day', cooldownSeconds: 60 } });
    expect(await stored()).toMatchObject({ version: 2, runOnce: false, frequency: { max: 2, per: 'day', cooldownSeconds: 60 } });

    await page.reload();
    await page.locator(field('frequency.max')).waitFor();
    await expect(limited.isChecked()).resolves.toBe(true);
    await expect(page.inputValue(field('frequency.max'))).resolves.toBe('2');
    await expect(page.inputValue(field('frequency.per'))).resolves.toBe('day');
    await expect(page.inputValue(field('frequency.cooldownSeconds'))).resolves.toBe('60');

    // checked in the browser first, at the API's path
    await page.fill(field('frequency.max'), '101');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.locator(errorFor('frequency.max')).textContent()).resolves.toContain('1 to 100');
    await expect(page.locator(field('frequency.max')).getAttribute('aria-invalid')).resolves.toBe('true');
    await page.fill(field('frequency.max'), '2');

    // one choice: once per visitor takes the frequency away (its inputs with it), so both cannot be sent
    await once.check();
    await expect(limited.isChecked()).resolves.toBe(false);
    expect(await page.locator(field('frequency.max')).count()).toBe(0);
    put = page.waitForRequest((request) => request.method() === 'PUT');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await put).postDataJSON()).toMatchObject({ runOnce: true, frequency: null });
    expect(await stored()).toMatchObject({ version: 3, runOnce: true, frequency: null });
    await page.reload();
    await once.waitFor();
    await expect(once.isChecked()).resolves.toBe(true);
    await expect(limited.isChecked()).resolves.toBe(false);

    // back to the frequency for the list, which says it in words
    await limited.check();
    await page.fill(field('frequency.max'), '2');
    await page.selectOption(field('frequency.per'), 'day');
    await page.fill(field('frequency.cooldownSeconds'), '60');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('link', { name: '← Triggers' }).click();
    await expect(page.locator('[data-trigger-name="Twice a day"] .meta').textContent()).resolves.toContain('at most 2 times per UTC day, 60 s apart');
    expect(await stored()).toMatchObject({ version: 4, runOnce: false, frequency: { max: 2, per: 'day', cooldownSeconds: 60 } });
  });

  step('a trigger’s stats show how many of its messages visitors closed', async (page) => {
    const trigger = await createTrigger(suite.env.t, { name: 'Closable greeting' });
    const token = visitorToken();
    const url = 'https://shop.example/contact';
    const { fired } = (await sendEvent(suite.env.t, token, { type: 'page-view', url })).json();
    expect(fired).toMatchObject([{ triggerId: trigger.id, firingId: expect.any(String) }]);
    const dismissed = await sendEvent(suite.env.t, token, { type: 'message-dismissed', url, firingId: fired[0].firingId });
    expect(dismissed.statusCode).toBe(200);
    await signIn(page);
    await page.getByRole('link', { name: 'Closable greeting' }).click();
    await expect(page.locator('[data-stat="dismissals"]').textContent()).resolves.toBe('1');
    await expect(page.locator('[data-stat="total"]').textContent()).resolves.toBe('1');
  });

  step('explain says a trigger is held back by its frequency, and until when (in local time)', async (page) => {
    await createTrigger(suite.env.t, { name: 'Hourly at most', frequency: { max: 5, per: 'visit', cooldownSeconds: 3600 } });
    const token = visitorToken();
    const { fired } = (await sendEvent(suite.env.t, token, { type: 'page-view', url: 'https://shop.example/contact' })).json();
    expect(fired).toHaveLength(1);
    await signIn(page);
    await page.getByRole('link', { name: 'Explain' }).click();
    await page.fill(field('visitorToken'), token);
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    const result = page.locator('[data-explain-for="Hourly at most"]');
    await result.getByText('would not fire').waitFor();
    const blocked = result.locator('[data-blocked-by="frequency"]');
    await expect(blocked.textContent()).resolves.toContain('retry at');
    const retryAt = await blocked.locator('[data-retry-at]').getAttribute('datetime');
    const shown = await page.evaluate((iso) => new Date(iso).toLocaleTimeString(), retryAt ?? '');
    // within the cooldown's hour from now; shown as the time of day when that is today, else with its date
    expect(Date.parse(retryAt ?? '') - Date.now()).toBeGreaterThan(3500_000);
    await expect(blocked.locator('[data-retry-at]').textContent()).resolves.toContain(shown);
  });
});

describeBrowser('admin console: rules and groups (browser)', () => {
  const suite = useBrowserSuite();
  const step = suite.step;
  const first = 'conditions[0].conditions[0]';
  const second = 'conditions[0].conditions[1]';
  const group = {
    name: 'group',
    match: 'any',
    conditions: [
      { name: 'page-title', op: 'contains', value: 'pricing' },
      { name: 'device', op: 'eq', value: 'mobile' },
    ],
  };

  step('a manager builds a group of rules, reloads and saves it unchanged, and sees a bad regex at its nested field', async (page) => {
    await signIn(page);
    await page.getByRole('link', { name: 'New trigger' }).click();
    await page.fill(field('name'), 'Pricing on mobile');
    await page.selectOption(field('conditions[0].name'), 'group');
    await page.selectOption(field('conditions[0].match'), 'any');
    await page.selectOption(field(`${first}.name`), 'page-title');
    await page.selectOption(field(`${first}.op`), 'contains');
    await page.fill(field(`${first}.value`), 'pricing');
    await page.getByRole('button', { name: 'Add condition to group 1', exact: true }).click();
    await page.selectOption(field(`${second}.name`), 'device');
    await page.selectOption(field(`${second}.op`), 'eq');
    await page.getByRole('group', { name: 'Condition 1.2' }).getByLabel('Value', { exact: true }).selectOption('mobile');
    await page.fill(field('actions[0].params.msg'), 'Our plans, on your phone');
    await docScreenshot(page, 'admin-trigger-rules');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await page.getByText('Trigger “Pricing on mobile” created.').waitFor();
    const [created] = (await suite.env.t.asManager({ url: '/v1/triggers' })).json().items;
    expect(created.conditions).toEqual([group]);

    // reloaded, the form shows the rules as stored, and saving unchanged sends them back as they were
    await page.reload();
    await page.locator(field(`${second}.value`)).waitFor();
    expect(await page.inputValue(field('conditions[0].name'))).toBe('group');
    expect(await page.inputValue(field('conditions[0].match'))).toBe('any');
    expect(await page.inputValue(field(`${first}.name`))).toBe('page-title');
    expect(await page.inputValue(field(`${first}.op`))).toBe('contains');
    expect(await page.inputValue(field(`${first}.value`))).toBe('pricing');
    expect(await page.inputValue(field(`${second}.name`))).toBe('device');
    expect(await page.inputValue(field(`${second}.value`))).toBe('mobile');
    await expect(page.locator(field(`${first}.caseSensitive`)).isChecked()).resolves.toBe(false);
    const put = page.waitForRequest((request) => request.method() === 'PUT');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await put).postDataJSON().conditions).toEqual([group]);

    // the server's RE2 check lands on the nested value input
    await page.selectOption(field(`${first}.op`), 'regex');
    await page.fill(field(`${first}.value`), '(pricing');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.locator(errorFor(`${first}.value`)).textContent()).resolves.toContain('not a valid RE2 regular expression');
    await expect(page.locator(field(`${first}.value`)).getAttribute('aria-invalid')).resolves.toBe('true');
    await page.locator(`.error-summary a[href="#f-conditions-0-conditions-0-value"]`).waitFor();
    const stored = (await suite.env.t.asManager({ url: `/v1/triggers/${created.id}` })).json();
    expect(stored).toMatchObject({ version: 2, conditions: [group] });
  });

  step('a manager builds agents-available rules with and without a department, reloads and saves them unchanged', async (page) => {
    const department = (await suite.env.t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: 'Support' } })).json();
    const expected = {
      name: 'group',
      match: 'all',
      conditions: [
        { name: 'agents-available', op: 'gte', value: 2, key: department.id },
        { name: 'agents-available', op: 'gt', value: 0 },
      ],
    };
    await signIn(page);
    await page.getByRole('link', { name: 'New trigger' }).click();
    await page.fill(field('name'), 'Only when staffed');
    await page.selectOption(field('conditions[0].name'), 'group');
    await page.selectOption(field(`${first}.name`), 'agents-available');
    await page
      .locator(field(`${first}.key`))
      .getByRole('option', { name: 'Support' })
      .waitFor({ state: 'attached' });
    await page.selectOption(field(`${first}.key`), { label: 'Support' });
    await expect(page.inputValue(field(`${first}.op`))).resolves.toBe('gte');
    await page.fill(field(`${first}.value`), '2');
    await page.getByRole('button', { name: 'Add condition to group 1', exact: true }).click();
    await page.selectOption(field(`${second}.name`), 'agents-available');
    await expect(
      page
        .locator(field(`${second}.key`))
        .locator('option:checked')
        .textContent(),
    ).resolves.toBe('Any department / all agents');
    await page.selectOption(field(`${second}.op`), 'gt');
    await page.fill(field(`${second}.value`), '0');
    await page.fill(field('actions[0].params.msg'), 'Someone is here to help');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await page.getByText('Trigger “Only when staffed” created.').waitFor();
    const [created] = (await suite.env.t.asManager({ url: '/v1/triggers' })).json().items;
    expect(created.conditions).toEqual([expected]);

    await page.reload();
    await page.locator(field(`${second}.value`)).waitFor();
    await page
      .locator(field(`${first}.key`))
      .getByRole('option', { name: 'Support' })
      .waitFor({ state: 'attached' });
    expect(await page.inputValue(field(`${first}.name`))).toBe('agents-available');
    expect(await page.inputValue(field(`${first}.key`))).toBe(department.id);
    expect(await page.inputValue(field(`${first}.op`))).toBe('gte');
    expect(await page.inputValue(field(`${first}.value`))).toBe('2');
    expect(await page.inputValue(field(`${second}.key`))).toBe('');
    expect(await page.inputValue(field(`${second}.op`))).toBe('gt');
    expect(await page.inputValue(field(`${second}.value`))).toBe('0');
    const put = page.waitForRequest((request) => request.method() === 'PUT');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await put).postDataJSON().conditions).toEqual([expected]);

    // the API's bound lands on the nested value
    await page.fill(field(`${first}.value`), '100001');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.locator(errorFor(`${first}.value`)).textContent()).resolves.toContain('0 to 100000');
    await expect(page.locator(field(`${first}.value`)).getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await suite.env.t.asManager({ url: `/v1/triggers/${created.id}` })).json()).toMatchObject({ version: 2, conditions: [expected] });
  });

  step('explain takes the new facts and shows each leaf’s path and the value it saw', async (page) => {
    await suite.env.t.asManager({
      method: 'POST',
      url: '/v1/triggers',
      payload: { name: 'Pricing on mobile', conditions: [group], actions: [{ name: 'send-message', params: { sender: 'custom', name: 'Ada', msg: 'Hi' } }] },
    });
    await signIn(page);
    await page.getByRole('link', { name: 'Explain' }).click();
    await page.getByLabel('Page title').fill('Pricing plans');
    await page.getByLabel('Language').fill('pt-BR');
    await page.getByLabel('Metadata (key=value, one per line)').fill('plan=pro');
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    const result = page.locator('[data-explain-for="Pricing on mobile"]');
    await result.getByText('would fire').waitFor();
    const title = result.locator(`[data-reason-path="${first}"]`);
    await expect(title.textContent()).resolves.toContain(first);
    await expect(title.locator('[data-actual]').textContent()).resolves.toBe('"Pricing plans"');
    await expect(title.getByLabel('met', { exact: true }).count()).resolves.toBe(1);
    const device = result.locator(`[data-reason-path="${second}"]`);
    await expect(device.locator('[data-actual]').textContent()).resolves.toBe('"desktop"');
    await expect(device.getByLabel('not met').count()).resolves.toBe(1);
    await docScreenshot(page, 'admin-explain-rules');

    // no title: the fact is absent; a phone's user agent makes the device rule hold
    await page.getByLabel('Page title').fill('');
    await page.getByLabel('User agent').fill('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148');
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    await title.locator('[data-actual]').getByText('absent').waitFor();
    await expect(device.locator('[data-actual]').textContent()).resolves.toBe('"mobile"');
    await result.getByText('would fire').waitFor();

    // a fact the API refuses is shown at its field
    await page.getByLabel('Country').fill('de');
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    await page.locator(errorFor('country')).waitFor();
  });

  step('a manager creates and edits a schedule, gives it to a department and a trigger rule, and cannot delete it while used', async (page) => {
    const name = 'Berlin support hours';
    const desk = (await suite.env.t.asManager({ method: 'POST', url: '/v1/departments', payload: { name: 'Berlin desk' } })).json();
    await signIn(page);
    await page.getByRole('link', { name: 'Schedules', exact: true }).click();
    await page.getByText('No schedules yet.').waitFor();
    await page.getByRole('link', { name: 'New schedule' }).click();
    await page.fill(field('name'), name);
    await page.selectOption(field('timeZone'), 'Europe/Berlin');
    await page.getByRole('button', { name: 'Add a window to Monday' }).click();
    await page.fill(field('weekly[0].from'), '09:00');
    await page.fill(field('weekly[0].to'), '12:00');
    await page.getByRole('button', { name: 'Add a window to Monday' }).click();
    await page.fill(field('weekly[1].from'), '13:00');
    await page.getByRole('group', { name: 'Monday, window 2' }).getByLabel('Until midnight (24:00)').check();
    await expect(page.inputValue(field('weekly[1].to'))).resolves.toBe('24:00');
    await expect(page.getByRole('group', { name: 'Tuesday' }).getByText('Closed').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Add exception' }).click();
    await page.fill(field('exceptions[0].date'), '2026-12-24');
    await expect(page.getByRole('group', { name: 'Exception 1' }).getByLabel('Closed all day').isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.getByText(`Schedule “${name}” created.`).waitFor();
    const [schedule] = (await suite.env.t.asManager({ url: '/v1/schedules' })).json().items;
    expect(schedule).toMatchObject({
      name,
      timeZone: 'Europe/Berlin',
      weekly: [
        { day: 'mon', from: '09:00', to: '12:00' },
        { day: 'mon', from: '13:00', to: '24:00' },
      ],
      exceptions: [{ date: '2026-12-24', windows: [] }],
      version: 1,
    });

    // listed with its zone, and open now / next change as the status route says
    await page.getByRole('link', { name: '← Schedules' }).click();
    const row = page.locator(`[data-schedule="${name}"]`);
    await row.locator('[data-open-now]').waitFor();
    const status = (await suite.env.t.asManager({ url: `/v1/schedules/${schedule.id}/status` })).json();
    await expect(row.locator('[data-zone]').textContent()).resolves.toBe('Europe/Berlin');
    await expect(row.locator('[data-open-now]').getAttribute('data-open-now')).resolves.toBe(status.open ? 'yes' : 'no');
    await expect(row.locator('[data-next-change]').getAttribute('data-next-change')).resolves.toBe(status.nextChangeAt);
    await expect(row.locator('[data-next-change]').textContent()).resolves.toContain('in Europe/Berlin');
    await docScreenshot(page, 'admin-schedules');

    // edited: an overlap is refused at the window the server names, then fixed and saved with If-Match
    await row.getByRole('link', { name }).click();
    await page.locator(field('weekly[1].from')).waitFor();
    await expect(page.inputValue(field('weekly[1].to'))).resolves.toBe('24:00');
    await page.fill(field('weekly[1].from'), '11:00');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.locator(errorFor('weekly[1]')).textContent()).resolves.toContain('overlaps weekly[0]');
    await page.fill(field('weekly[1].from'), '13:00');
    await page.getByRole('button', { name: 'Add a window to Tuesday' }).click();
    await page.fill(field('weekly[2].from'), '10:00');
    await page.fill(field('weekly[2].to'), '16:00');
    const put = page.waitForRequest((request) => request.method() === 'PUT');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await put).headers()['if-match']).toBe('"1"');
    expect((await suite.env.t.asManager({ url: `/v1/schedules/${schedule.id}` })).json()).toMatchObject({
      version: 2,
      weekly: [
        { day: 'mon', from: '09:00', to: '12:00' },
        { day: 'mon', from: '13:00', to: '24:00' },
        { day: 'tue', from: '10:00', to: '16:00' },
      ],
      exceptions: [{ date: '2026-12-24', windows: [] }],
    });

    // the department follows it
    await page.getByRole('link', { name: 'Departments' }).click();
    const deskSchedule = page.locator('[data-department="Berlin desk"]').getByLabel('Schedule', { exact: true });
    await deskSchedule.getByRole('option', { name }).waitFor({ state: 'attached' });
    await deskSchedule.selectOption({ label: name });
    await eventually(async () => (await suite.env.t.asManager({ url: `/v1/departments/${desk.id}` })).json().scheduleId, schedule.id);

    // a trigger tests it, and is active until a moment typed in the browser's time zone
    await page.getByRole('link', { name: 'Triggers' }).click();
    await page.getByRole('link', { name: 'New trigger' }).click();
    await page.fill(field('name'), 'Berlin hours greeting');
    await page.selectOption(field('conditions[0].name'), 'schedule');
    await page.locator(field('conditions[0].key')).getByRole('option', { name }).waitFor({ state: 'attached' });
    await page.selectOption(field('conditions[0].key'), { label: name });
    await page.selectOption(field('conditions[0].value'), 'open');
    await page.fill(field('activeUntil'), '2030-01-31T18:00');
    await page.fill(field('actions[0].params.msg'), 'We are here until 24:00 today');
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await page.getByText('Trigger “Berlin hours greeting” created.').waitFor();
    const until = await page.evaluate(() => new Date('2030-01-31T18:00').toISOString());
    const [trigger] = (await suite.env.t.asManager({ url: '/v1/triggers' })).json().items;
    expect(trigger).toMatchObject({
      conditions: [{ name: 'schedule', key: schedule.id, op: 'eq', value: 'open' }],
      activeFrom: null,
      activeUntil: until,
    });
    await page.reload();
    await page.locator(field('conditions[0].key')).getByRole('option', { name }).waitFor({ state: 'attached' });
    await expect(page.inputValue(field('conditions[0].key'))).resolves.toBe(schedule.id);
    await expect(page.inputValue(field('activeUntil'))).resolves.toBe('2030-01-31T18:00');
    await expect(page.inputValue(field('activeFrom'))).resolves.toBe('');
    // the list names the schedule its rule reads, and shows the span
    await page.getByRole('link', { name: 'Triggers', exact: true }).click();
    const listed = page.locator('[data-trigger-name="Berlin hours greeting"]');
    await listed.getByText(`[${name}]`, { exact: false }).waitFor();
    await expect(listed.textContent()).resolves.toContain('active until');

    // deleting it is refused, naming what uses it
    await page.getByRole('link', { name: 'Schedules', exact: true }).click();
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await row.locator('[data-used-by]').waitFor();
    await expect(row.locator('[data-used-by] li').allTextContents()).resolves.toEqual(['Department Berlin desk', 'Trigger Berlin hours greeting']);
    expect((await suite.env.t.asManager({ url: `/v1/schedules/${schedule.id}` })).statusCode).toBe(200);

    // the schedule pages fit a phone
    const narrow = await suite.env.newPage({ width: 360, height: 740 });
    const overflow = () =>
      narrow.page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    await signIn(narrow.page);
    await narrow.page.goto('/admin/schedules');
    await narrow.page.locator(`[data-schedule="${name}"] [data-open-now]`).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(360);
    await narrow.page.goto(`/admin/schedules/${schedule.id}`);
    await narrow.page.locator(field('weekly[2].to')).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(360);
    await narrow.page.goto(`/admin/triggers/${trigger.id}`);
    await narrow.page.locator(field('activeUntil')).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(360);
    expect(narrow.pageErrors).toEqual([]);
    await narrow.context.close();

    await suite.env.t.asManager({ method: 'DELETE', url: `/v1/triggers/${trigger.id}` });
    await suite.env.t.asManager({ method: 'DELETE', url: `/v1/departments/${desk.id}` });
    await suite.env.t.asManager({ method: 'DELETE', url: `/v1/schedules/${schedule.id}` });
  });

  step('explain evaluates at another moment: a campaign outside its dates says so, inside them it would fire', async (page) => {
    const campaign = await suite.env.t.asManager({
      method: 'POST',
      url: '/v1/triggers',
      payload: {
        name: 'New year campaign',
        conditions: [{ name: 'page-url', value: '.*' }],
        actions: [{ name: 'send-message', params: { sender: 'custom', name: 'Ada', msg: 'Happy new year' } }],
        activeFrom: '2030-01-01T00:00:00Z',
        activeUntil: '2030-01-08T00:00:00Z',
      },
    });
    await signIn(page);
    await page.getByRole('link', { name: 'Explain' }).click();
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    const result = page.locator('[data-explain-for="New year campaign"]');
    await result.getByText('outside its active span').waitFor();
    // the datetime-local input is in the browser's zone: noon on 3 January is inside the span anywhere
    await page.getByLabel('At', { exact: true }).fill('2030-01-03T12:00');
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    await result.getByText('would fire').waitFor();
    await suite.env.t.asManager({ method: 'DELETE', url: `/v1/triggers/${campaign.json().id}` });
  });
});
