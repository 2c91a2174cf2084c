import { randomBytes } from 'node:crypto';
import { pageUrl, sendMessage } from './builders';
import type { TestApp } from './test-app';

// test/browser imports sendMessage from here; the builders live in ./builders
export { sendMessage };

let counter = 0;

/** A fresh visitor token (8..128 of [A-Za-z0-9_-]). */
export function visitorToken(prefix = 'visitor'): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(6).toString('hex')}`;
}

export function uniqueName(prefix = 'trigger'): string {
  counter += 1;
  return `${prefix} ${counter} ${randomBytes(3).toString('hex')}`;
}

type Json = Record<string, unknown>;

/** A valid trigger body: a page-url condition and one static message from a custom sender. */
export function triggerBody(overrides: Json = {}): Json {
  return {
    name: uniqueName(),
    conditions: [pageUrl('.*/contact')],
    actions: [sendMessage('Hi! Need help?')],
    ...overrides,
  };
}

export async function createTrigger(t: TestApp, overrides: Json = {}): Promise<Json & { id: string; version: number }> {
  const res = await t.asManager({ method: 'POST', url: '/v1/triggers', payload: triggerBody(overrides) });
  if (res.statusCode !== 201) throw new Error(`trigger not created: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function upsertAgent(t: TestApp, username: string, body: Json = {}): Promise<Json> {
  const res = await t.asManager({
    method: 'PUT',
    url: `/v1/agents/${username}`,
    payload: { name: username.replace(/\./g, ' '), status: 'online', available: true, ...body },
  });
  if (res.statusCode >= 300) throw new Error(`agent not saved: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function putRoutingSettings(t: TestApp, settings: Json): Promise<void> {
  const res = await t.asManager({ method: 'PUT', url: '/v1/settings/routing', payload: settings });
  if (res.statusCode !== 200) throw new Error(`routing settings not saved: ${res.statusCode} ${res.body}`);
}

export async function sendEvent(t: TestApp, token: string, event: Json) {
  return t.inject({ method: 'POST', url: `/v1/widget/visitors/${token}/events`, payload: event });
}

/** Deletes every trigger through the API (so caches are invalidated as in production). */
export async function deleteAllTriggers(t: TestApp): Promise<void> {
  for (;;) {
    const list = await t.asManager({ url: '/v1/triggers?limit=100' });
    const items: { id: string }[] = list.json().items;
    if (items.length === 0) return;
    for (const { id } of items) await t.asManager({ method: 'DELETE', url: `/v1/triggers/${id}` });
  }
}
