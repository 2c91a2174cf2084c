import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { Access, ACCESS_METADATA } from './access.decorator';
import { ApiKeyStore, Principal } from './api-key-store';

const RANK: Record<Principal['role'], number> = { viewer: 1, manager: 2 };

/** Reads the presented API key; surfaces may present it differently (Bearer, Rocket.Chat's X-Auth-Token). */
export type CredentialReader = (request: FastifyRequest) => string | undefined;

export const bearerToken: CredentialReader = (request) => {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
};

export const CREDENTIAL_READER_METADATA = 'livechat:credential-reader';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * Global guard. Every route declares its access with `@Public()` or `@RequireRole()`;
 * a route that declares nothing is refused, so forgetting is never an open door.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyStore,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_METADATA, targets);
    if (access === 'public') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const read = this.reflector.getAllAndOverride<CredentialReader | undefined>(CREDENTIAL_READER_METADATA, targets) ?? bearerToken;
    const presented = read(request);
    const principal = presented ? this.keys.authenticate(presented) : undefined;
    if (!principal) {
      throw new DomainError(ErrorCode.Unauthorized, 'Send a valid API key as "Authorization: Bearer <key>"', undefined, {
        'www-authenticate': 'Bearer',
      });
    }
    request.principal = principal;
    const needed = access ?? 'manager';
    if (RANK[principal.role] < RANK[needed]) {
      throw new DomainError(ErrorCode.Forbidden, `This route needs a ${needed} key; "${principal.name}" is a ${principal.role}`);
    }
    return true;
  }
}
