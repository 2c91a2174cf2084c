import { ValidateBy, type ValidationArguments } from 'class-validator';
import { TRIGGER_LIMITS } from '../model/trigger-limits';

/** The service-URL rule is the external service's own, so saving a trigger and Send Test refuse the same URLs. */
export { IsServiceUrl } from '../../external-service/dto/service-url.validator';

const { senderNameMaxLength } = TRIGGER_LIMITS;

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
