import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';

type Model = abstract new (...args: never[]) => unknown;

/**
 * Documents an array whose items are one of several models told apart by `property`:
 * OpenAPI `oneOf` with a `discriminator` and its mapping, so generated clients get a
 * tagged union.
 */
export function ApiDiscriminatedArray(options: {
  property: string;
  variants: Readonly<Record<string, Model>>;
  required: boolean;
  minItems: number;
  maxItems: number;
  description?: string;
}): PropertyDecorator {
  const models = Object.values(options.variants);
  const mapping = Object.fromEntries(Object.entries(options.variants).map(([key, model]) => [key, getSchemaPath(model)]));
  // extra models count only on the class (a property decorator gets the prototype)
  const registerModels: PropertyDecorator = (prototype) => {
    ApiExtraModels(...(models as never[]))(prototype.constructor);
  };
  return applyDecorators(
    registerModels,
    ApiProperty({
      type: 'array',
      required: options.required,
      minItems: options.minItems,
      maxItems: options.maxItems,
      description: options.description,
      items: { oneOf: models.map((model) => ({ $ref: getSchemaPath(model) })), discriminator: { propertyName: options.property, mapping } },
    }),
  );
}
