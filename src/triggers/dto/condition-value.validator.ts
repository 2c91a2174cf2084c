import { ValidateBy, type ValidationArguments } from 'class-validator';
import { conditionType, type ConditionName } from '../../conditions';

const QUOTED_MAX = 60;

function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > QUOTED_MAX ? `"${text.slice(0, QUOTED_MAX)}…"` : `"${text}"`;
}

/**
 * The condition's value is valid for its type, as the condition registry decides (RE2
 * compilation, pattern and program size, time bounds, edge conditions taking no value).
 * The message quotes the refused value, so a refused regex is named.
 */
export function IsConditionValue(name: ConditionName): PropertyDecorator {
  return ValidateBy({
    name: 'isConditionValue',
    constraints: [name],
    validator: {
      validate: (value: unknown) => conditionType(name).parseValue(value).ok,
      defaultMessage: ({ value }: ValidationArguments) => {
        const check = conditionType(name).parseValue(value);
        const shown = value === undefined ? '' : ` ${quoted(value)}`;
        return check.ok ? '' : `${name} value${shown} ${check.message}`;
      },
    },
  });
}
