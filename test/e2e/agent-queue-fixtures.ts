import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../support/test-app';
import type { Problem } from './triggers.fixtures';

export { expectProblem } from './triggers.fixtures';

/** The sorted paths of a validation problem's errors. Shared by the agent-queue and senders suites, with the short ways below to set up agents and departments. */
export function errorPaths(res: LightMyRequestResponse): string[] {
  return (res.json<Problem>().errors ?? []).map((e) => e.path).sort();
}

/** An agent as the API answers it (the fields these suites read). */
export interface AgentJson {
  username: string;
  name: string;
  status: string;
  available: boolean;
  departmentIds: string[];
  assignedCount: number;
}

export async function putAgent(t: TestApp, username: string, body: Record<string, unknown> = {}): Promise<AgentJson> {
  const res = await t.asManager({ method: 'PUT', url: `/v1/agents/${username}`, payload: { name: username, ...body } });
  if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`PUT agent ${username}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function patchAgent(t: TestApp, username: string, body: Record<string, unknown>): Promise<AgentJson> {
  const res = await t.asManager({ method: 'PATCH', url: `/v1/agents/${username}`, payload: body });
  if (res.statusCode !== 200) throw new Error(`PATCH agent ${username}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function createDepartment(t: TestApp, name: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await t.asManager({ method: 'POST', url: '/v1/departments', payload: { name, ...body } });
  if (res.statusCode !== 201) throw new Error(`POST department ${name}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export async function setRouting(t: TestApp, body: object): Promise<void> {
  const res = await t.asManager({ method: 'PUT', url: '/v1/settings/routing', payload: body });
  if (res.statusCode !== 200) throw new Error(`PUT routing settings: ${res.statusCode} ${res.body}`);
}

/** `POST /v1/routing/next-agent`; the username picked, or the problem code. */
export async function nextAgent(t: TestApp, departmentId?: string): Promise<string> {
  const res = await t.asManager({ method: 'POST', url: '/v1/routing/next-agent', payload: departmentId ? { departmentId } : {} });
  return res.statusCode === 200 ? res.json().agent.username : `${res.statusCode} ${res.json().code}`;
}

export async function pickMany(t: TestApp, count: number, departmentId?: string): Promise<string[]> {
  const picks: string[] = [];
  for (let i = 0; i < count; i++) picks.push(await nextAgent(t, departmentId));
  return picks;
}
