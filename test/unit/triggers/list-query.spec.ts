import { likeContaining } from '../../../src/common/pagination/like-pattern';
import { parseSort, SORT_VALUES, toListQuery } from '../../../src/triggers/model/list-query';

describe('list query', () => {
  it('defaults to 50 items from offset 0, sorted by name ascending, unfiltered', () => {
    expect(toListQuery({})).toEqual({ limit: 50, offset: 0, sort: { field: 'name', descending: false }, enabled: undefined, nameContains: undefined });
  });

  it.each([
    ['name', 'name', false],
    ['-name', 'name', true],
    ['priority', 'priority', false],
    ['-priority', 'priority', true],
    ['createdAt', 'createdAt', false],
    ['-createdAt', 'createdAt', true],
    ['updatedAt', 'updatedAt', false],
    ['-updatedAt', 'updatedAt', true],
  ])('reads sort %s as %s (descending: %s)', (value, field, descending) => {
    expect(parseSort(value)).toEqual({ field, descending });
  });

  it('offers exactly the four fields in both directions', () => {
    expect([...SORT_VALUES].sort()).toEqual(['-createdAt', '-name', '-priority', '-updatedAt', 'createdAt', 'name', 'priority', 'updatedAt']);
  });

  it('treats an empty q as no filter', () => {
    expect(toListQuery({ q: '' }).nameContains).toBeUndefined();
    expect(toListQuery({ q: 'x' }).nameContains).toBe('x');
  });

  it('filters by a department id in lower case, as rules are compared', () => {
    expect(toListQuery({ departmentId: '0F8FAD5B-D9CB-469F-A165-70867728950E' }).departmentId).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(toListQuery({}).departmentId).toBeUndefined();
  });

  it.each([
    ['hello', '%hello%'],
    ['50%', '%50\\%%'],
    ['a_b', '%a\\_b%'],
    ['back\\slash', '%back\\\\slash%'],
    ['%_\\', '%\\%\\_\\\\%'],
  ])('escapes LIKE wildcards in %p', (text, pattern) => {
    expect(likeContaining(text)).toBe(pattern);
  });
});
