import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ACCESS_METADATA } from '../common/auth/access.decorator';
import { CREDENTIAL_READER_METADATA, type CredentialReader } from '../common/auth/auth.guard';
import { ApiRcFailures } from './dto/rc-failure.dto';

/** OpenAPI security schemes of the surface (declared in the document builder). */
export const RC_AUTH_TOKEN_SCHEME = 'rocketchat-auth-token';
export const RC_USER_ID_SCHEME = 'rocketchat-user-id';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Rocket.Chat's credentials: `X-User-Id` (any non-empty value: users are not this service's)
 * and `X-Auth-Token`, which must be one of the API keys. Either missing reads as no key.
 */
export const rocketChatCredentials: CredentialReader = (request) => (header(request, 'x-user-id') !== undefined ? header(request, 'x-auth-token') : undefined);

/**
 * A Rocket.Chat admin route. Rocket.Chat requires `view-livechat-manager` on every trigger
 * route, reads included, so a viewer key (a user without it) gets 403 everywhere.
 */
export const RocketChatAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_METADATA, 'manager'),
    SetMetadata(CREDENTIAL_READER_METADATA, rocketChatCredentials),
    ApiSecurity({ [RC_AUTH_TOKEN_SCHEME]: [], [RC_USER_ID_SCHEME]: [] }),
    ApiRcFailures(401, 403),
  );
