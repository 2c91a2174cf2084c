import type { FastifyInstance } from 'fastify';
import { DomainError, FieldError } from '../common/errors/domain-error';
import { joinPath } from '../common/errors/validation-errors';

const MAX_REPORTED = 20;
/** Far deeper than any valid body; deeper input would exhaust the stack of recursive validators. */
export const MAX_INPUT_DEPTH = 32;
/**
 * Keys class-validator's whitelist cannot see: it looks names up in a plain object, where
 * `constructor`, `valueOf`, `toString`… are inherited, so they passed `forbidNonWhitelisted`
 * silently. Refused everywhere, free-form maps (metadata) included.
 */
const FORBIDDEN_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Paths of everything the handlers must never see: strings or keys holding a NUL character
 * (PostgreSQL cannot store one), prototype-related keys, and nesting deeper than
 * MAX_INPUT_DEPTH.
 */
export function findUnsafeInput(value: unknown, path = '', found: FieldError[] = [], depth = 0): FieldError[] {
  if (found.length >= MAX_REPORTED) return found;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ path: path || '(body)', message: 'must not contain NUL characters' });
    return found;
  }
  if (value === null || typeof value !== 'object') return found;
  if (depth >= MAX_INPUT_DEPTH) {
    found.push({ path: path || '(body)', message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` });
    return found;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => findUnsafeInput(item, joinPath(path, String(index)), found, depth + 1));
    return found;
  }
  for (const [key, item] of Object.entries(value)) {
    const itemPath = joinPath(path, key);
    if (key.includes('\u0000')) found.push({ path: itemPath, message: 'keys must not contain NUL characters' });
    else if (FORBIDDEN_KEYS.has(key)) found.push({ path: itemPath, message: `property ${key} should not exist` });
    findUnsafeInput(item, itemPath, found, depth + 1);
  }
  return found;
}

/**
 * Whether findUnsafeInput would find anything, without building a path per key (perf: the
 * paths were most of the check's cost on every request, which is almost always clean).
 */
export function hasUnsafeInput(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (depth >= MAX_INPUT_DEPTH) return true;
  if (Array.isArray(value)) return value.some((item) => hasUnsafeInput(item, depth + 1));
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key.includes('\u0000') || FORBIDDEN_KEYS.has(key)) return true;
    if (hasUnsafeInput((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** Refuses unsafe input (see findUnsafeInput) in the body, query or path before any handler runs. */
export function rejectUnsafeInput(fastify: FastifyInstance): void {
  // a callback hook, not an async one: no promise per request (perf: it runs on every request)
  fastify.addHook('preHandler', (request, _reply, done) => {
    const { params, query, body } = request;
    if (!hasUnsafeInput(params) && !hasUnsafeInput(query) && !hasUnsafeInput(body)) return done();
    const found = findUnsafeInput(params);
    findUnsafeInput(query, '', found);
    findUnsafeInput(body, '', found);
    done(found.length > 0 ? DomainError.validation(found) : undefined);
  });
}
