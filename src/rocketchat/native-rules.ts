import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '../common/errors/domain-error';
import { flattenValidationErrors } from '../common/errors/validation-errors';
import { VALIDATION_OPTIONS } from '../common/validation/validation-pipe';

/**
 * Runs a native request DTO's rules on an input mapped from a Rocket.Chat body, so every
 * rule of the native model applies here without being written twice. Field paths are
 * renamed back to the Rocket.Chat names (`serviceUrl` → `webhookUrl`) where they differ.
 */
export async function assertNativeRules(dto: ClassConstructor<object>, input: object, renames: Readonly<Record<string, string>> = {}): Promise<void> {
  const errors = flattenValidationErrors(await validate(plainToInstance(dto, input), VALIDATION_OPTIONS));
  if (errors.length === 0) return;
  throw DomainError.validation(errors.map(({ path, message }) => ({ path: renamed(path, renames), message })));
}

function renamed(path: string, renames: Readonly<Record<string, string>>): string {
  const head = /^[^.[]+/.exec(path)?.[0] ?? path;
  return Object.hasOwn(renames, head) ? renames[head] + path.slice(head.length) : path;
}
