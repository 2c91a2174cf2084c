import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { metadataErrors, MAX_METADATA_KEYS } from '../../visitors/model/visitor-metadata';

/** A metadata object: string keys to string values, at most 20 keys, within the length limits. */
export function IsVisitorMetadata(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isVisitorMetadata',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => metadataErrors(value).length === 0 && Object.keys(value as object).length <= MAX_METADATA_KEYS,
        defaultMessage: (args?: ValidationArguments) => {
          const value = args?.value;
          const errors = metadataErrors(value);
          if (errors.length > 0) return errors.map((e) => `${e.path.replace(/^metadata\.?/, '') || 'metadata'} ${e.message}`).join('; ');
          return `metadata has more than ${MAX_METADATA_KEYS} keys`;
        },
      },
    });
}
