import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * A class-validator decorator from a pure rule that says what is wrong (or `undefined`),
 * so the message names the actual problem.
 */
export function ValidateByProblem(name: string, problem: (value: unknown) => string | undefined, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => problem(value) === undefined,
        defaultMessage: (args) => `${args?.property ?? 'value'} ${problem(args?.value) ?? 'is not valid'}`,
      },
    },
    options,
  );
}
