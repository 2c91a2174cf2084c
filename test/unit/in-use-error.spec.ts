import { ErrorCode } from '../../src/common/errors/error-code';
import { problemJsonEnvelope } from '../../src/common/errors/error-envelope';
import { inUseError, type UsedBy } from '../../src/common/errors/in-use';
import { normalizeError } from '../../src/common/errors/normalize-error';

const trigger = (id: string, name: string): UsedBy => ({ type: 'trigger', id, name });
const department = (id: string, name: string): UsedBy => ({ type: 'department', id, name });

describe('in-use errors (DESIGN §16)', () => {
  it('sorts usedBy by type, then by name ignoring case, then by id', () => {
    const error = inUseError(ErrorCode.DepartmentInUse, 'in use', [
      trigger('t-3', 'zulu'),
      trigger('t-2', 'Bravo'),
      department('d-1', 'Sales'),
      trigger('t-9', 'alpha'),
      trigger('t-1', 'alpha'),
    ]);
    expect(error.extensions?.usedBy).toEqual([
      department('d-1', 'Sales'),
      trigger('t-1', 'alpha'),
      trigger('t-9', 'alpha'),
      trigger('t-2', 'Bravo'),
      trigger('t-3', 'zulu'),
    ]);
  });

  it('renders usedBy as a problem+json extension member beside the standard ones', () => {
    const rendered = problemJsonEnvelope.render(normalizeError(inUseError(ErrorCode.DepartmentInUse, 'A trigger still names it', [trigger('t-1', 'a')])), {
      requestId: 'r1',
    });
    expect(rendered.status).toBe(409);
    expect(rendered.body).toEqual({
      type: '/problems/department-in-use',
      title: 'The department is still in use',
      status: 409,
      detail: 'A trigger still names it',
      code: 'department-in-use',
      usedBy: [{ type: 'trigger', id: 't-1', name: 'a' }],
    });
  });
});
