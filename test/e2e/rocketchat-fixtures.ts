import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { MANAGER_KEY, type TestApp, VIEWER_KEY } from '../support/test-app';

/** Rocket.Chat's credentials: any user id, an API key as the auth token. */
export const rcHeaders = (key: string = MANAGER_KEY) => ({ 'x-user-id': 'rc-admin-user', 'x-auth-token': key });

/** A request to the Rocket.Chat surface with manager credentials (the `view-livechat-manager` user). */
export const asRcAdmin = (t: TestApp, options: InjectOptions) => t.inject({ ...options, headers: { ...rcHeaders(), ...(options.headers ?? {}) } });

/** A request with a viewer key: a user without `view-livechat-manager`. */
export const asRcViewer = (t: TestApp, options: InjectOptions) => t.inject({ ...options, headers: { ...rcHeaders(VIEWER_KEY), ...(options.headers ?? {}) } });

/** Never problem+json on this surface: JSON with `success`. */
export function expectRcJson(res: LightMyRequestResponse) {
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expect(typeof body.success).toBe('boolean');
  return body;
}

export function expectRcFailure(res: LightMyRequestResponse, status: number, error?: string | RegExp) {
  expect(res.statusCode).toBe(status);
  const body = expectRcJson(res);
  expect(body.success).toBe(false);
  expect(typeof body.error).toBe('string');
  if (error !== undefined) expect(body.error).toMatch(error);
  return body;
}

export function expectInvalidParams(res: LightMyRequestResponse) {
  const body = expectRcFailure(res, 400, / \[invalid-params\]$/);
  expect(body.errorType).toBe('invalid-params');
  return body;
}

export async function createDepartment(t: TestApp, name: string): Promise<string> {
  const res = await t.asManager({ method: 'POST', url: '/v1/departments', payload: { name } });
  if (res.statusCode !== 201) throw new Error(`POST department: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** A trigger created through the Rocket.Chat surface; its `_id` read back from the list by name (Rocket.Chat answers none). */
export async function createRcTrigger(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const res = await asRcAdmin(t, { method: 'POST', url: '/api/v1/livechat/triggers', payload: body });
  if (res.statusCode !== 200) throw new Error(`RC POST trigger: ${res.statusCode} ${res.body}`);
  const list = await t.asViewer({ url: `/v1/triggers?q=${encodeURIComponent(String(body.name))}` });
  return list.json().items.find((item: { name: string }) => item.name === body.name).id;
}
