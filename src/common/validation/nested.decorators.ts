import { applyDecorators } from '@nestjs/common';
import { ClassConstructor, plainToInstance, Transform } from 'class-transformer';
import { Allow, ValidateBy, ValidateNested, ValidationArguments } from 'class-validator';
import { NESTED_FIELD_ERRORS } from '../errors/validation-errors';

/**
 * Stands in for a value of the wrong shape (a string where an object or an array belongs,
 * `null`, …), so that `@ValidateNested()` has nothing to walk into and the one message
 * about the shape is all that is reported.
 */
export class WrongShape {
  @Allow()
  received: unknown;
}

const wrongShape = (received: unknown) => Object.assign(new WrongShape(), { received });
const isPlainObject = (value: unknown): value is object => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The property is an object checked against `type`'s rules; anything else is one error, "<label> must be an object". */
export function NestedObject(type: ClassConstructor<object>, label: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => {
      if (value === undefined) return value;
      return isPlainObject(value) ? plainToInstance(type, value) : wrongShape(value);
    }),
    ValidateBy({
      name: 'isNestedObject',
      validator: { validate: (value: unknown) => value instanceof type, defaultMessage: () => `${label} must be an object` },
    }),
    ValidateNested(),
  );
}

export interface NestedUnionArrayOptions {
  readonly label: string;
  readonly minItems: number;
  readonly maxItems: number;
  /** The property that names an item's variant, e.g. `name`. */
  readonly discriminator: string;
  readonly variants: Readonly<Record<string, ClassConstructor<object>>>;
  /** The class for an item whose discriminator is missing or unknown: its rules say what the known names are. */
  readonly fallback: ClassConstructor<object>;
}

/**
 * An array of a tagged union: each object item becomes the class its discriminator names
 * and is checked against that variant's rules, with bracketed paths (`conditions[2].value`).
 *
 * class-transformer's own `discriminator` option reads every item's property before checking
 * that the item is an object (a `null` item throws), and silently falls back to the base
 * type for an unknown name; here a non-object item is one error at its index, an unknown
 * name is one error at `[i].name`, and a value that is not an array is one error.
 */
export function NestedUnionArray(options: NestedUnionArrayOptions): PropertyDecorator {
  const { label, minItems, maxItems } = options;
  const variants = new Map(Object.entries(options.variants));
  const toVariant = (item: unknown) => {
    // ValidateNested would walk into an array item (finding nothing wrong); as null it is reported at its index
    if (!isPlainObject(item)) return null;
    const key = (item as Record<string, unknown>)[options.discriminator];
    return plainToInstance((typeof key === 'string' && variants.get(key)) || options.fallback, item);
  };
  const sizeProblem = (value: unknown): string | undefined => {
    if (!Array.isArray(value)) return `${label} must be an array`;
    if (value.length < minItems) return `${label} must have at least ${minItems} item${minItems === 1 ? '' : 's'}`;
    if (value.length > maxItems) return `${label} must have at most ${maxItems} items`;
    return undefined;
  };
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => {
      if (value === undefined) return value;
      return Array.isArray(value) ? value.map(toVariant) : wrongShape(value);
    }),
    ValidateBy({
      name: 'isArrayOfSize',
      validator: {
        validate: (value: unknown) => sizeProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => sizeProblem(args?.value) ?? '',
      },
    }),
    // a non-object item is reported at its own index
    ValidateNested({ each: true, message: 'must be an object' }),
  );
}

/**
 * The property is checked as a whole by `check`, a pure function that reports each problem
 * at a path below the property (`[1].conditions[0].op`, or `""` for the property itself):
 * for a recursive value (condition groups) whose problems class-validator's nesting cannot
 * place. The validation pipe turns them into one field error each (flattenValidationErrors).
 */
export function ValidateByFieldErrors(check: (value: unknown) => readonly { readonly path: string; readonly message: string }[]): PropertyDecorator {
  return ValidateBy({
    name: NESTED_FIELD_ERRORS,
    validator: {
      validate: (value: unknown) => check(value).length === 0,
      defaultMessage: (args?: ValidationArguments) => JSON.stringify(check(args?.value)),
    },
  });
}
