import { ValidateBy, ValidationArguments } from 'class-validator';
import { TRIGGER_LIMITS } from '../model/trigger-limits';

const { senderNameMaxLength, serviceUrlMaxLength } = TRIGGER_LIMITS;

/** Why a sender name is refused, or `undefined` when it is fine. Only a custom sender needs one. */
function senderNameProblem(value: unknown, sender: unknown): string | undefined {
  if (sender !== 'custom') return value === undefined || typeof value === 'string' ? undefined : 'name must be a string';
  if (value === undefined) return 'name is required when sender is "custom"';
  if (typeof value !== 'string') return 'name must be a string';
  const length = value.trim().length;
  if (length < 1 || length > senderNameMaxLength) return `name must be 1 to ${senderNameMaxLength} characters (after trimming)`;
  return undefined;
}

/** `name` is required (1..100 chars) for a custom sender; for `queue` it is ignored (and dropped). */
export function IsSenderName(): PropertyDecorator {
  return ValidateBy({
    name: 'isSenderName',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => senderNameProblem(value, (args?.object as { sender?: unknown }).sender) === undefined,
      defaultMessage: ({ value, object }: ValidationArguments) => senderNameProblem(value, (object as { sender?: unknown }).sender) ?? '',
    },
  });
}

/** Why a service URL is refused, or `undefined`: absolute http(s), ≤ 2048 characters, no userinfo, no spaces. */
export function serviceUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'serviceUrl must be a string';
  if (value.length > serviceUrlMaxLength) return `serviceUrl must be at most ${serviceUrlMaxLength} characters`;
  // the URL parser would quietly strip surrounding spaces and inner tabs or newlines
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return 'serviceUrl must not contain spaces or control characters';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'serviceUrl must be an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'serviceUrl must use http or https';
  if (!/^https?:\/\//i.test(value) || url.hostname === '') return 'serviceUrl must be an absolute URL with a host';
  if (url.username !== '' || url.password !== '' || /^https?:\/\/[^/?#]*@/i.test(value)) {
    return 'serviceUrl must not contain a user name or password';
  }
  return undefined;
}

export function IsServiceUrl(): PropertyDecorator {
  return ValidateBy({
    name: 'isServiceUrl',
    validator: {
      validate: (value: unknown) => serviceUrlProblem(value) === undefined,
      defaultMessage: ({ value }: ValidationArguments) => serviceUrlProblem(value) ?? '',
    },
  });
}
