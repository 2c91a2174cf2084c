import { Client } from 'pg';
import type { Scenario, SeedContext } from '../harness/scenario';

const STORED = 10_000;
/** Searches matching 10, 100, 1,000 and 100 names (of `bench list 00000`…`09999`), and none. */
const SEARCHES = ['list 0042', 'list 012', 'LIST 09', 'sale', 'no-such-trigger', 'list 05'];

/**
 * One trigger through the API (so its stored shape is the service's own), then 9,999
 * copies by one SQL insert: seconds instead of 10,000 API calls.
 */
async function seedTriggers({ api, databaseUrl }: SeedContext): Promise<void> {
  const res = await api('POST', '/v1/triggers', {
    name: 'bench list 00000',
    conditions: [{ name: 'page-url', value: '.*/contact$' }],
    actions: [{ name: 'send-message', params: { sender: 'custom', name: 'Bot', msg: 'Hello' } }],
  });
  if (res.status !== 201) throw new Error(`seeding the model trigger: ${res.status} ${JSON.stringify(res.body)}`);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO triggers (name, description, enabled, run_once, priority, conditions, actions)
       SELECT CASE WHEN g % 100 = 0 THEN 'Bench spring sale ' ELSE 'bench list ' END || lpad(g::text, 5, '0'),
              t.description, g % 10 <> 0, t.run_once, g % 1000, t.conditions, t.actions
       FROM triggers t, generate_series(1, $1::int) g WHERE t.id = $2`,
      [STORED - 1, (res.body as { id: string }).id],
    );
    await client.query('ANALYZE triggers');
  } finally {
    await client.end();
  }
}

const listScenario = {
  instances: 1,
  durationSeconds: 15,
  seed: seedTriggers,
  requests: () => SEARCHES.map((q) => ({ method: 'GET' as const, path: `/v1/triggers?limit=50&sort=name&q=${encodeURIComponent(q)}` })),
};

/**
 * The list's latency as admin consoles use it: two clients, each sending its next request as
 * soon as the last is answered. More connections saturate the machine's two cores (shared
 * with PostgreSQL and the load generator), and a p99 there measures the queue, not the
 * route: the saturated scenario below reports that capacity.
 */
export const triggersListScenario: Scenario = {
  ...listScenario,
  name: 'triggers-list',
  description: `GET /v1/triggers?limit=50&sort=name&q=… with ${STORED} triggers stored, 2 connections`,
  connections: 2,
  target: { maxP99Ms: 30 },
};

/** The same requests as fast as they are answered: the list's capacity (no target). */
export const triggersListSaturatedScenario: Scenario = {
  ...listScenario,
  name: 'triggers-list-saturated',
  description: `GET /v1/triggers?limit=50&sort=name&q=… with ${STORED} triggers stored, 10 connections, closed loop`,
  connections: 10,
};
