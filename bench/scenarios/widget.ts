import type { LoadRequest, Scenario, SeedContext } from '../harness/scenario';

const TRIGGERS = 100;
const VISITORS = 2000;

/**
 * 100 enabled triggers of every kind, none of which matches the blog pages the load visits:
 * page-URL patterns (anchored, alternations, classes), time on site, edge conditions, mixes.
 * One more, run-once with a custom sender, fires on /landing/spring-sale.
 */
export async function seedTriggers(context: SeedContext): Promise<void> {
  await seedEventTriggers(context, AS_SEEDED);
}

/** Conditions as a seed posts them (the API validates them). */
type Conditions = readonly Record<string, unknown>[];

/** What a seed does to each trigger's conditions: `bench` for the 100 that fire nothing, `sale` for the run-once one. */
interface Shaping {
  bench(conditions: Conditions, index: number): Conditions;
  sale(conditions: Conditions): Conditions;
  /** More fields of every trigger (the active span). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

const AS_SEEDED: Shaping = { bench: (conditions) => conditions, sale: (conditions) => conditions };

async function seedEventTriggers({ api }: SeedContext, shaping: Shaping): Promise<void> {
  const patterns = [
    (i: number) => `.*/product/${i}/reviews$`,
    (i: number) => `^https://shop\\.example/(en|de|fr)/checkout/step-${i}`,
    (i: number) => `/pricing/plan-[a-z]+-${i}(\\?.*)?$`,
    (i: number) => `(?i)/support/ticket/${i}\\b`,
  ];
  const message = { name: 'send-message', params: { sender: 'custom', name: 'Bench Bot', msg: 'Hello from the benchmark' } };
  for (let i = 0; i < TRIGGERS; i++) {
    const kind = i % 5;
    const conditions =
      kind < 4
        ? [{ name: 'page-url', value: patterns[kind](i) }, ...(i % 3 === 0 ? [{ name: 'time-on-site', value: 30 + i }] : [])]
        : [i % 2 === 0 ? { name: 'chat-opened-by-visitor' } : { name: 'after-guest-registration' }];
    const res = await api('POST', '/v1/triggers', {
      name: `bench trigger ${String(i).padStart(3, '0')}`,
      priority: i,
      conditions: shaping.bench(conditions, i),
      actions: [message],
      ...shaping.fields,
    });
    if (res.status !== 201) throw new Error(`seeding trigger ${i}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const sale = await api('POST', '/v1/triggers', {
    name: 'bench spring sale',
    runOnce: true,
    conditions: shaping.sale([{ name: 'page-url', value: '/landing/spring-sale$' }]),
    actions: [message],
    ...shaping.fields,
  });
  if (sale.status !== 201) throw new Error(`seeding the run-once trigger: ${sale.status}`);
}

const noFireEvent = (visitor: number): LoadRequest => ({
  method: 'POST',
  path: `/v1/widget/visitors/bench-visitor-${visitor}/events`,
  body: { type: 'page-view', url: `https://shop.example/blog/post-${visitor}?utm_source=bench`, timeOnSiteSeconds: 12 },
  authenticated: false,
});

const firingEvent: LoadRequest = {
  method: 'POST',
  path: '/v1/widget/visitors/bench-fresh-{{seq}}/events',
  body: { type: 'page-view', url: 'https://shop.example/landing/spring-sale', timeOnSiteSeconds: 3 },
  authenticated: false,
};

const common = { instances: 1, connections: 50, durationSeconds: 15, compareToCeiling: true } as const;

export const widgetConfigScenario: Scenario = {
  ...common,
  name: 'widget-config',
  description: `GET /v1/widget/config with ${TRIGGERS + 1} enabled triggers`,
  target: { minRatioToCeiling: 0.7, maxP99Ms: 15 },
  seed: seedTriggers,
  requests: () => [{ method: 'GET', path: '/v1/widget/config', authenticated: false }],
};

export const widgetConfigNotModifiedScenario: Scenario = {
  ...common,
  name: 'widget-config-304',
  description: 'GET /v1/widget/config with If-None-Match (304)',
  target: { minRatioToCeiling: 0.7, maxP99Ms: 15 },
  async seed(context) {
    await seedTriggers(context);
    const etag = await fetchEtag(context);
    context.state.etag = etag;
  },
  requests: (state) => [{ method: 'GET', path: '/v1/widget/config', headers: { 'if-none-match': String(state.etag) }, authenticated: false }],
};

export const eventsNoFireScenario: Scenario = {
  ...common,
  name: 'events-no-fire',
  description: `POST events from ${VISITORS} visitors, ${TRIGGERS + 1} triggers, none fires`,
  target: { minRatioToCeiling: 0.5, maxP99Ms: 25 },
  seed: seedTriggers,
  requests: () => Array.from({ length: VISITORS }, (_, i) => noFireEvent(i)),
};

export const eventsMixScenario: Scenario = {
  ...common,
  name: 'events-mix',
  description: '90% of events fire nothing, 10% fire a run-once trigger (custom sender) for a new visitor',
  target: { minRatioToCeiling: 0.35, maxP99Ms: 40 },
  seed: seedTriggers,
  requests: () => eventMix(),
};

/** 90 events that fire nothing and 10 that fire a run-once trigger for a new visitor. */
export function eventMix(noFire = noFireEvent, firing = firingEvent): LoadRequest[] {
  return Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? firing : noFire(i * 17)));
}

/*
 * Targeting (DESIGN §11): the same triggers, visitors, URLs and load as events-no-fire and
 * events-mix, but every trigger also carries rules and the events carry what the widget sends
 * (title, language, time on page, a browser's User-Agent), so the two pairs compare in one run.
 *
 * A rule ANDed beside a top-level page-URL or edge condition is never looked at on a page that
 * URL does not match (CandidateIndex files such a trigger under its pattern or event), so half
 * of the triggers (odd index, `gated`) carry the rules that way, as a URL-gated targeting
 * trigger would, and the other half (even index, `siteWide`) put their Part-one conditions in
 * an `any` group beside the audience rules: those are looked at on every event, and every
 * rule kind is evaluated on each blog page view. Cheapest leaves are tested first and an
 * `all` stops at the first false, so the rules that hold (title, utm_source) are top-level and
 * the audience group, whose members all fail, is tested to its end.
 */

/** Hold for every blog page view of the load (its title and its `?utm_source=bench`), not for the sale page. */
const BLOG_PAGE: Conditions = [
  { name: 'page-title', op: 'contains', value: 'blog' },
  { name: 'query-param', key: 'utm_source', op: 'eq', value: 'bench' },
];

/** None holds for the load's visitors: first visit, no metadata, no referrer sent, English, desktop browsers. */
const AUDIENCE: Conditions = [
  { name: 'visit-count', op: 'gte', value: 2 },
  { name: 'visitor-attribute', key: 'plan', op: 'eq', value: 'pro' },
  { name: 'referrer', op: 'contains', value: 'google' },
  { name: 'language', op: 'in', value: ['de', 'fr'] },
  { name: 'device', op: 'eq', value: 'mobile' },
];

const group = (match: 'all' | 'any', conditions: Conditions) => ({ name: 'group', match, conditions });

/** Every rule here holds for the sale page's event, for a new visitor on a desktop browser in English. */
const SALE_VISITOR: Conditions = [
  { name: 'page-title', op: 'contains', value: 'spring sale' },
  { name: 'query-param', key: 'utm_source', op: 'not-exists' },
  { name: 'visit-count', op: 'eq', value: 1 },
  { name: 'visitor-attribute', key: 'plan', op: 'neq', value: 'pro' },
  { name: 'referrer', op: 'not-contains', value: 'google' },
  // device is tested and fails, language holds
  group('any', [
    { name: 'device', op: 'eq', value: 'mobile' },
    { name: 'language', op: 'in', value: ['en', 'de'] },
  ]),
];

/** Odd triggers: the rules ANDed beside Part one's conditions, as on a URL-gated targeting trigger. */
const gated = (conditions: Conditions): Conditions => [...conditions, ...BLOG_PAGE, group('any', AUDIENCE)];

/** Even triggers: Part one's conditions are one branch of the audience group, so the trigger is looked at on every event. */
const siteWide = (conditions: Conditions): Conditions => [...BLOG_PAGE, group('any', [group('all', conditions), ...AUDIENCE])];

const TARGETED: Shaping = {
  bench: (conditions, index) => (index % 2 === 1 ? gated(conditions) : siteWide(conditions)),
  sale: (conditions) => [...conditions, ...SALE_VISITOR],
};

/** Desktop browsers (so `device` is desktop); the parsed device is memoized per string. */
const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
];

/** The event as the widget sends it since targeting: with the page's title, the browser's language and time on page, and its User-Agent. */
function fromBrowser(event: LoadRequest, title: string, browser: number): LoadRequest {
  const body = { ...(event.body as Record<string, unknown>), title, language: 'en-US', timeOnPageSeconds: 5 };
  return { ...event, body, headers: { ...event.headers, 'user-agent': BROWSERS[browser % BROWSERS.length] } };
}

const targetedNoFireEvent = (visitor: number): LoadRequest => fromBrowser(noFireEvent(visitor), `Blog post ${visitor} | Shop Example`, visitor);
const targetedFiringEvent = fromBrowser(firingEvent, 'Spring Sale | Shop Example', 0);

/** The targeted triggers, then one event of each kind to check that the rules fire what Part one's conditions fire. */
async function seedTargetedTriggers(context: SeedContext): Promise<void> {
  await seedEventTriggers(context, TARGETED);
  await expectFired(context, targetedNoFireEvent(0), []);
  await expectFired(context, { ...targetedFiringEvent, path: targetedFiringEvent.path.replace('{{seq}}', 'seed-check') }, ['bench spring sale']);
}

/** Sent by the seed's client, so without the load's User-Agent: its device is desktop all the same. */
async function expectFired({ api }: SeedContext, event: LoadRequest, triggerNames: readonly string[]): Promise<void> {
  const res = await api(event.method, event.path, event.body);
  const answer = res.body as { fired?: { triggerName: string }[]; scheduled?: unknown[] } | undefined;
  const fired = answer?.fired?.map((f) => f.triggerName) ?? [];
  if (res.status !== 200 || fired.join('\n') !== triggerNames.join('\n') || answer?.scheduled?.length) {
    throw new Error(
      `targeting check, ${event.path}: expected fired [${triggerNames.join(', ')}], nothing scheduled; got ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
}

export const eventsNoFireTargetingScenario: Scenario = {
  ...eventsNoFireScenario,
  name: 'events-no-fire-targeting',
  description: `${eventsNoFireScenario.description}; every trigger with targeting rules, half evaluating every rule kind per event`,
  seed: seedTargetedTriggers,
  requests: () => Array.from({ length: VISITORS }, (_, i) => targetedNoFireEvent(i)),
  // recorded beside events-no-fire: its cost is stated as CPU per request in the same run (docs/performance.md)
  target: undefined,
};

export const eventsMixTargetingScenario: Scenario = {
  ...eventsMixScenario,
  name: 'events-mix-targeting',
  description: `${eventsMixScenario.description}; every trigger with targeting rules (the run-once one's hold for its events)`,
  seed: seedTargetedTriggers,
  requests: () => eventMix(targetedNoFireEvent, targetedFiringEvent),
  target: undefined,
};

/*
 * Availability (DESIGN §12): the events-mix load, but every trigger is looked at on every
 * event and first asks the in-memory count: its Part-one conditions sit in a group beside an
 * `agents-available` rule that holds (one agent is online), so each event tests the count on
 * all 101 triggers. An upper bound: a trigger whose page-URL condition is top-level is never
 * looked at on a page that URL does not match.
 */
const AGENT_ONLINE = { name: 'agents-available', op: 'gte', value: 1 };

const GATED_BY_AVAILABILITY: Shaping = {
  bench: (conditions) => [AGENT_ONLINE, group('all', conditions)],
  sale: (conditions) => [AGENT_ONLINE, ...conditions],
};

async function seedAvailabilityTriggers(context: SeedContext): Promise<void> {
  const agent = await context.api('PUT', '/v1/agents/bench-ada', { name: 'Ada', status: 'online' });
  if (agent.status >= 300) throw new Error(`seeding the agent: ${agent.status}`);
  await seedEventTriggers(context, GATED_BY_AVAILABILITY);
  await expectFired(context, noFireEvent(0), []);
  await expectFired(context, { ...firingEvent, path: firingEvent.path.replace('{{seq}}', 'seed-check') }, ['bench spring sale']);
}

export const eventsMixAvailabilityScenario: Scenario = {
  ...eventsMixScenario,
  name: 'events-mix-availability',
  description: `${eventsMixScenario.description}; every trigger also tests agents-available (held in memory) on every event`,
  seed: seedAvailabilityTriggers,
  // recorded beside events-mix: its cost is stated as CPU per request in the same run (docs/performance.md)
  target: undefined,
};

/*
 * Part two's scenario as DESIGN §16 builds it up, at the schedules step: the 100 triggers of
 * the event benchmark, half of them (the odd ones) with targeting rules and groups beside
 * their page-URL or edge condition and a `schedule` rule (business hours in Europe/Berlin,
 * open around the clock so that the sale fires whenever the benchmark runs: the compiled
 * schedule is read, and its "open until" cache answers), every trigger with an active span of
 * two years around now. The run-once sale trigger has the visitor rules and the schedule rule.
 * Events that fire nothing must stay within 15% of `events-no-fire`'s CPU per request.
 */
const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].flatMap((day) => [
  { day, from: '00:00', to: '12:00' },
  { day, from: '12:00', to: '24:00' },
]);
const YEAR_MS = 365 * 24 * 3600 * 1000;

async function seedScheduledTriggers(context: SeedContext, more: Readonly<Record<string, unknown>> = {}): Promise<void> {
  const hours = { name: 'bench hours', timeZone: 'Europe/Berlin', weekly: EVERY_DAY, exceptions: [{ date: '2020-12-25', windows: [] }] };
  const schedule = await context.api('POST', '/v1/schedules', hours);
  if (schedule.status !== 201) throw new Error(`seeding the schedule: ${schedule.status} ${JSON.stringify(schedule.body)}`);
  const open = { name: 'schedule', key: (schedule.body as { id: string }).id, op: 'eq', value: 'open' };
  const now = Date.now();
  const scheduled: Shaping = {
    bench: (conditions, index) => (index % 2 === 1 ? [...gated(conditions), open] : conditions),
    sale: (conditions) => [...TARGETED.sale(conditions), open],
    fields: { activeFrom: new Date(now - YEAR_MS).toISOString(), activeUntil: new Date(now + YEAR_MS).toISOString(), ...more },
  };
  await seedEventTriggers(context, scheduled);
  await expectFired(context, targetedNoFireEvent(0), []);
  await expectFired(context, { ...targetedFiringEvent, path: targetedFiringEvent.path.replace('{{seq}}', 'seed-check') }, ['bench spring sale']);
}

export const eventsNoFireSchedulesScenario: Scenario = {
  ...eventsNoFireTargetingScenario,
  name: 'events-no-fire-schedules',
  description: `${eventsNoFireScenario.description}; half the triggers with targeting rules and a schedule rule, all with an active span`,
  seed: seedScheduledTriggers,
};

export const eventsMixSchedulesScenario: Scenario = {
  ...eventsMixTargetingScenario,
  name: 'events-mix-schedules',
  description: `${eventsMixScenario.description}; half the triggers with targeting rules and a schedule rule, all with an active span (the run-once one's hold for its events)`,
  seed: seedScheduledTriggers,
};

/*
 * Part two's scenario at the frequency step (DESIGN §16): the schedules step, every trigger
 * with a `frequency` (the sale's `{max: 1, per: "visitor"}` instead of run-once) and every
 * limit of the proactive budget set. Events that fire nothing read and claim nothing more;
 * each firing event (a new visitor) stores its visitor, then claims the trigger's counter and
 * the budget's slot in one short transaction.
 */
const EVERY_LIMIT = { maxPerVisit: 2, maxPerDay: 5, minGapSeconds: 10, snoozeAfterDismissSeconds: 600 };

async function seedLimitedTriggers(context: SeedContext): Promise<void> {
  const budget = await context.api('PUT', '/v1/settings/proactive', EVERY_LIMIT);
  if (budget.status !== 200) throw new Error(`seeding the proactive budget: ${budget.status} ${JSON.stringify(budget.body)}`);
  await seedScheduledTriggers(context, { runOnce: false, frequency: { max: 1, per: 'visitor', cooldownSeconds: 60 } });
}

export const eventsNoFireFrequencyScenario: Scenario = {
  ...eventsNoFireSchedulesScenario,
  name: 'events-no-fire-frequency',
  description: `${eventsNoFireSchedulesScenario.description}; every trigger with a frequency, every proactive budget limit set`,
  seed: seedLimitedTriggers,
};

export const eventsMixFrequencyScenario: Scenario = {
  ...eventsMixSchedulesScenario,
  name: 'events-mix-frequency',
  description: `${eventsMixSchedulesScenario.description}; every trigger with a frequency (the sale's max 1 per visitor instead of run-once), every proactive budget limit set`,
  seed: seedLimitedTriggers,
};

async function fetchEtag({ api }: SeedContext): Promise<string> {
  const res = await api('GET', '/v1/widget/config');
  if (res.status !== 200) throw new Error(`widget config: ${res.status}`);
  return res.headers.get('etag') ?? '';
}
