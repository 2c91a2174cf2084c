import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError } from '../../src/common/errors/domain-error';
import { ErrorCode, describeErrorCode } from '../../src/common/errors/error-code';
import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from '../../src/common/errors/infrastructure-errors';
import { normalizeError } from '../../src/common/errors/normalize-error';

describe('normalizeError', () => {
  it('keeps a domain error as thrown', () => {
    const error = DomainError.validation([{ path: 'conditions[0].value', message: 'is required' }]);
    expect(normalizeError(error)).toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ path: 'conditions[0].value' }] });
  });

  it('maps Fastify body errors by their code', () => {
    const wrap = (code: string, status: number) => new HttpException('x', status, { cause: Object.assign(new Error('x'), { code }) });
    expect(normalizeError(wrap('FST_ERR_CTP_BODY_TOO_LARGE', 413)).code).toBe(ErrorCode.PayloadTooLarge);
    expect(normalizeError(wrap('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415)).code).toBe(ErrorCode.UnsupportedMediaType);
    expect(normalizeError(wrap('FST_ERR_CTP_EMPTY_JSON_BODY', 400)).code).toBe(ErrorCode.ValidationFailed);
  });

  it('answers 503 with Retry-After when the database cannot be reached', () => {
    const refused = new QueryFailedError('SELECT 1', [], Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const normalized = normalizeError(refused);
    expect(normalized.code).toBe(ErrorCode.ServiceUnavailable);
    expect(normalized.headers).toEqual({ 'retry-after': '5' });
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it('hides unexpected errors behind internal-error', () => {
    const normalized = normalizeError(new TypeError('cannot read x of undefined at /src/secret/path.ts'));
    expect(normalized.code).toBe(ErrorCode.InternalError);
    expect(normalized.detail).not.toMatch(/secret|path/);
    expect(normalized.unexpected).toBeInstanceOf(TypeError);
  });

  it('maps framework HTTP exceptions by status', () => {
    expect(normalizeError(new NotFoundException('Cannot GET /x')).detail).toBe('No such route');
    expect(normalizeError(new BadRequestException('Body is not valid')).code).toBe(ErrorCode.ValidationFailed);
  });

  it('gives every code a status and a title', () => {
    for (const code of Object.values(ErrorCode)) {
      const { status, title } = describeErrorCode(code);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(title.length).toBeGreaterThan(3);
    }
  });
});
