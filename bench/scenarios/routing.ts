import type { Scenario } from '../harness/scenario';

const AGENTS = 12;

/** `npm run bench:routing`: the next-agent pick, exactly fair across two instances. */
export const routingScenario: Scenario = {
  name: 'routing',
  description: `POST /v1/routing/next-agent, ${AGENTS} online agents in one department, 16 connections over 2 instances`,
  instances: 2,
  connections: 16,
  durationSeconds: 15,
  target: { minRequestsPerSecond: 500, maxP99Ms: 50 },
  async seed({ api, state }) {
    const department = await api('POST', '/v1/departments', { name: 'Bench queue' });
    if (department.status !== 201) throw new Error(`seeding the department: ${department.status}`);
    const departmentId = (department.body as { id: string }).id;
    state.departmentId = departmentId;
    for (let i = 0; i < AGENTS; i++) {
      const username = `bench.agent.${String(i).padStart(2, '0')}`;
      const res = await api('PUT', `/v1/agents/${username}`, { name: `Agent ${i}`, status: 'online', departmentIds: [departmentId] });
      if (res.status !== 201) throw new Error(`seeding ${username}: ${res.status}`);
    }
  },
  requests: (state) => [{ method: 'POST', path: '/v1/routing/next-agent', body: { departmentId: state.departmentId } }],
};
