import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { parseIfMatch, type VersionPrecondition } from './if-match';

/** The parsed `If-Match` header of the request; a malformed one is a 400. */
export const IfMatch = createParamDecorator((_data: unknown, context: ExecutionContext): VersionPrecondition => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  const precondition = parseIfMatch(Array.isArray(header) ? header.join(',') : header);
  if (!precondition) {
    throw DomainError.validation([{ path: 'If-Match', message: 'must be "<version>", <version> or *' }]);
  }
  return precondition;
});

/** Documents the optional `If-Match` header of a versioned write. */
export const ApiIfMatchHeader = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'Apply only if the current version is this one: `"<version>"`, a bare `<version>`, or `*`. A stale version answers 412.',
    }),
  );
