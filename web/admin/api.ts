/** The admin console's only way to the API: Bearer key, problem+json errors, and connection state. */
import type { FieldError, Problem } from './api-types';

export type ApiErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'http';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    /** The problem+json answer; partial, since a proxy in between may answer something else. */
    readonly problem: Partial<Problem> | null,
    message: string,
  ) {
    super(message);
  }

  /** Field errors by path (`conditions[0].value`), as the API names them. */
  get fieldErrors(): FieldError[] {
    return this.problem?.errors ?? [];
  }
}

export interface ApiEvents {
  /** The key was refused (expired, revoked, mistyped): ask for it again, keep the screen. */
  unauthorized(): void;
  /** A write was refused for this key's role. */
  forbidden(): void;
  /** Whether the last request reached the service. */
  connection(reachable: boolean): void;
}

const KEY = 'livechat-triggers-admin:key';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, key);
}

let events: ApiEvents = { unauthorized() {}, forbidden() {}, connection() {} };

export function setApiEvents(next: ApiEvents): void {
  events = next;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  etag: string | null;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Use this key instead of the stored one (signing in). */
  key?: string;
  /** Do not raise the app-wide 401 prompt (the sign-in form handles it). */
  quiet?: boolean;
}

function describe(problem: Partial<Problem> | null, status: number): string {
  if (problem?.detail) return problem.detail;
  if (problem?.title) return problem.title;
  return `The service answered ${status}.`;
}

export async function api<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const key = options.key ?? storedKey() ?? '';
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${key}`, ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch {
    events.connection(false);
    throw new ApiError('network', 0, null, 'Cannot reach the service: the connection was lost. Nothing you typed is lost; try again when it is back.');
  }
  events.connection(true);
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (response.ok) return { status: response.status, body: body as T, etag: response.headers.get('etag') };
  const problem = body && typeof body === 'object' ? (body as Partial<Problem>) : null;
  if (response.status === 401) {
    if (!options.quiet) events.unauthorized();
    throw new ApiError('unauthorized', 401, problem, 'Your API key was not accepted (expired or revoked). Enter it again; nothing you typed is lost.');
  }
  if (response.status === 403) {
    if (!options.quiet) events.forbidden();
    throw new ApiError('forbidden', 403, problem, 'This key is read-only (viewer): it cannot change anything.');
  }
  throw new ApiError('http', response.status, problem, describe(problem, response.status));
}

/** A message for any error a call raised. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export type Role = 'manager' | 'viewer';

/**
 * Checks a key and finds its role without changing anything: a list read proves the key,
 * then an empty trigger create is refused with 403 for a viewer and with 400 (validation)
 * for a manager. The guard runs before validation, so nothing is ever created.
 */
export async function probeKey(key: string): Promise<Role> {
  await api('GET', '/v1/triggers?limit=1', { key, quiet: true });
  try {
    await api('POST', '/v1/triggers', { key, quiet: true, body: {} });
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'forbidden') return 'viewer';
    if (error instanceof ApiError && error.status === 400) return 'manager';
    throw error;
  }
  throw new Error('Unexpected: an empty trigger was accepted');
}
