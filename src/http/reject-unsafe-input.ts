import type { FastifyInstance } from 'fastify';
import { DomainError, type FieldError } from '../common/errors/domain-error';
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
 * Everything the handlers must never see, with its path: strings or keys holding a NUL
 * character (PostgreSQL cannot store one), prototype-related keys, and nesting deeper than
 * MAX_INPUT_DEPTH. Appends to `found` (at most MAX_REPORTED). The path of the value being
 * looked at is kept as a stack of keys and joined only for what is reported, so clean input
 * (almost every request) builds no string.
 */
export function findUnsafeInput(value: unknown, found: FieldError[] = []): FieldError[] {
  walk(value, 0, [], found);
  return found;
}

function walk(item: unknown, depth: number, path: string[], found: FieldError[]): void {
  if (found.length >= MAX_REPORTED) return;
  if (typeof item === 'string') {
    if (item.includes('\u0000')) report(found, path, 'must not contain NUL characters');
    return;
  }
  if (item === null || typeof item !== 'object') return;
  if (depth >= MAX_INPUT_DEPTH) return report(found, path, `is nested more than ${MAX_INPUT_DEPTH} levels deep`);
  if (Array.isArray(item)) {
    for (let index = 0; index < item.length; index++) visit(String(index), item[index], depth, path, found);
    return;
  }
  for (const key in item) {
    if (!Object.hasOwn(item, key)) continue;
    if (key.includes('\u0000')) report(found, [...path, key], 'keys must not contain NUL characters');
    else if (FORBIDDEN_KEYS.has(key)) report(found, [...path, key], `property ${key} should not exist`);
    visit(key, (item as Record<string, unknown>)[key], depth, path, found);
  }
}

function visit(key: string, item: unknown, depth: number, path: string[], found: FieldError[]): void {
  path.push(key);
  walk(item, depth + 1, path, found);
  path.pop();
}

function report(found: FieldError[], path: readonly string[], message: string): void {
  if (found.length < MAX_REPORTED) found.push({ path: path.reduce(joinPath, '') || '(body)', message });
}

/** Refuses unsafe input (see findUnsafeInput) in the path, query or body before any handler runs. */
export function rejectUnsafeInput(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    const found = findUnsafeInput(request.params);
    findUnsafeInput(request.query, found);
    findUnsafeInput(request.body, found);
    done(found.length > 0 ? DomainError.validation(found) : undefined);
  });
}
