import { ValidationError } from 'class-validator';
import { flattenValidationErrors } from '../../src/common/errors/validation-errors';

function node(property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('flattenValidationErrors', () => {
  it('uses brackets for array indexes and dots for properties, and lists every error', () => {
    const tree = [
      node('name', { isString: 'name must be a string' }),
      node('conditions', undefined, [node('0', undefined, [node('value', { isDefined: 'value must be defined' })])]),
      node('actions', undefined, [node('1', undefined, [node('params', undefined, [node('msg', { maxLength: 'too long', isString: 'not a string' })])])]),
    ];
    expect(flattenValidationErrors(tree)).toEqual([
      { path: 'name', message: 'name must be a string' },
      { path: 'conditions[0].value', message: 'value must be defined' },
      { path: 'actions[1].params.msg', message: 'too long' },
      { path: 'actions[1].params.msg', message: 'not a string' },
    ]);
  });
});
