import type { LoadRequest, Scenario, SeedContext } from '../harness/scenario';

const TRIGGERS = 100;
const VISITORS = 2000;

/**
 * 100 enabled triggers of every kind, none of which matches the blog pages the load visits:
 * page-URL patterns (anchored, alternations, classes), time on site, edge conditions, mixes.
 * One more, run-once with a custom sender, fires on /landing/spring-sale.
 */
export async function seedTriggers({ api }: SeedContext): Promise<void> {
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
    const res = await api('POST', '/v1/triggers', { name: `bench trigger ${String(i).padStart(3, '0')}`, priority: i, conditions, actions: [message] });
    if (res.status !== 201) throw new Error(`seeding trigger ${i}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const sale = await api('POST', '/v1/triggers', {
    name: 'bench spring sale',
    runOnce: true,
    conditions: [{ name: 'page-url', value: '/landing/spring-sale$' }],
    actions: [message],
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
export function eventMix(): LoadRequest[] {
  return Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? firingEvent : noFireEvent(i * 17)));
}

async function fetchEtag({ api }: SeedContext): Promise<string> {
  const res = await api('GET', '/v1/widget/config');
  if (res.status !== 200) throw new Error(`widget config: ${res.status}`);
  return res.headers.get('etag') ?? '';
}
