import type { LightMyRequestResponse } from 'fastify';
import { noSender, pageUrl, sendMessage } from '../support/builders';
import type { TestApp } from '../support/test-app';

/** The smallest valid trigger body (no sender: the queue by default); tests spread their changes over it. */
export function triggerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `Trigger ${Math.random().toString(36).slice(2, 10)}`,
    conditions: [pageUrl('.*/contact')],
    actions: [sendMessage('Hi! Need help?', noSender())],
    ...overrides,
  };
}

/** Creates a trigger as a manager and returns the answer's body. */
export async function createTrigger(t: TestApp, overrides: Record<string, unknown> = {}): Promise<TriggerJson> {
  const res = await t.asManager({ method: 'POST', url: '/v1/triggers', payload: triggerBody(overrides) });
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function readTrigger(t: TestApp, id: string): Promise<TriggerJson> {
  const res = await t.asViewer({ url: `/v1/triggers/${id}` });
  if (res.statusCode !== 200) throw new Error(`read failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export interface TriggerJson {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  runOnce: boolean;
  priority: number;
  match: string;
  conditions: { name: string; value: unknown }[];
  actions: { name: string; params: Record<string, unknown> }[];
  version: number;
  createdAt: string;
  updatedAt: string;
  warnings?: { code: string; message: string; path: string }[];
}

export interface Problem {
  type: string;
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** Asserts a problem+json answer with this status and code, and returns its body. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): Problem {
  expect({ status: res.statusCode, body: res.json() }).toMatchObject({ status, body: { code, status, type: `/problems/${code}` } });
  expect(res.headers['content-type']).toContain('application/problem+json');
  return res.json();
}

export function errorPaths(problem: Problem): string[] {
  return (problem.errors ?? []).map((error) => error.path);
}

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
