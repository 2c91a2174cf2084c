import { ValidateBy, type ValidationOptions } from 'class-validator';
import { metadataProblem } from '../../visitors/model/visitor-metadata';

/**
 * Sample visitor metadata for Send Test, judged by the visitor's own metadata rule (DESIGN §6:
 * ≤ 20 keys, keys 1..64 characters, values ≤ 1024 characters), so Send Test accepts exactly the
 * metadata that events and registration accept. The rule's problems name the field themselves.
 */
export const IsMetadataObject = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isMetadataObject',
      validator: {
        validate: (value: unknown) => metadataProblem(value) === undefined,
        defaultMessage: (args) => metadataProblem(args?.value) ?? 'metadata is not valid',
      },
    },
    options,
  );
