import { registerDecorator, type ValidationOptions } from 'class-validator';
import { metadataProblem } from '../../visitors/model/visitor-metadata';

/** A metadata object: string keys to string values, at most 20 keys, within the length limits. */
export function IsVisitorMetadata(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isVisitorMetadata',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => metadataProblem(value) === undefined,
        defaultMessage: (args) => metadataProblem(args?.value) ?? 'metadata is not valid',
      },
    });
}
