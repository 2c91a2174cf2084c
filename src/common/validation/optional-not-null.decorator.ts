import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but `null` is a wrong type like any other. (`@IsOptional()`
 * lets `null` through, which would then reach a NOT NULL column or a default.)
 */
export const OptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
