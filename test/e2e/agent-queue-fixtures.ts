import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../support/test-app';

/** Shared by the agent-queue and senders suites: short ways to set up agents and departments. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): any {
  expect({ status: res.statusCode, body: res.json() }).toMatchObject({ status, body: { code, status, type: `/problems/${code}` } });
  expect(res.headers['content-type']).toContain('application/problem+json');
  return res.json();
}

export function errorPaths(res: LightMyRequestResponse): string[] {
  return (res.json().errors ?? []).map((e: { path: string }) => e.path).sort();
}

export async function putAgent(t: TestApp, username: string, body: Record<string, unknown> = {}): Promise<any> {
  const res = await t.asManager({ method: 'PUT', url: `/v1/agents/${username}`, payload: { name: username, ...body } });
  if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`PUT agent ${username}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function patchAgent(t: TestApp, username: string, body: Record<string, unknown>): Promise<any> {
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
