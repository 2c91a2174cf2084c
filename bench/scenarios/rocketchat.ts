import type { Scenario, SeedContext } from '../harness/scenario';
import { seedTriggers } from './widget';

/** Departments and agents for the config's `online` and `departments`, and registered visitors for `guest`. */
async function seedRocketChatWidget(context: SeedContext): Promise<void> {
  await seedTriggers(context);
  const { api, state } = context;
  const departments: string[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await api('POST', '/v1/departments', { name: `bench department ${i}` });
    if (res.status !== 201) throw new Error(`seeding department ${i}: ${res.status}`);
    departments.push((res.body as { id: string }).id);
  }
  for (let i = 0; i < 20; i++) {
    const res = await api('PUT', `/v1/agents/bench.agent.${i}`, {
      name: `Agent ${i}`,
      status: i % 3 === 0 ? 'offline' : 'online',
      available: true,
      departmentIds: [departments[i % 5]],
    });
    if (res.status >= 300) throw new Error(`seeding agent ${i}: ${res.status}`);
  }
  for (let i = 0; i < 50; i++) {
    const res = await api('PUT', `/v1/widget/visitors/bench-guest-${i}`, { name: `Guest ${i}`, email: `guest${i}@example.com` });
    if (res.status !== 200) throw new Error(`seeding visitor ${i}: ${res.status}`);
  }
  state.departments = departments;
}

/**
 * Rocket.Chat's widget loading: `GET /api/v1/livechat/config` as Rocket.Chat's widget asks it,
 * half with a registered visitor's token, one in ten with a department (DESIGN §7.2). Recorded,
 * no target: the route reads the availability count (and a visitor not held) per request.
 */
export const rocketChatConfigScenario: Scenario = {
  name: 'rocketchat-config',
  description: 'GET /api/v1/livechat/config (101 triggers, 5 departments, 20 agents; half with a guest token)',
  instances: 1,
  connections: 50,
  durationSeconds: 15,
  seed: seedRocketChatWidget,
  requests: (state) =>
    Array.from({ length: 10 }, (_, i) => ({
      method: 'GET' as const,
      path: `/api/v1/livechat/config${i % 2 === 0 ? `?token=bench-guest-${i * 5}` : i === 1 ? `?department=${(state.departments as string[])[0]}` : ''}`,
      authenticated: false,
    })),
};
