import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Role } from '../../config/api-keys-variable';
import { ApiProblemResponses } from '../openapi/api-problem-responses.decorator';

export const ACCESS_METADATA = 'livechat:access';
export type Access = Role | 'public';

/** The least role a route needs: `viewer` reads, `manager` writes. Managers may do anything a viewer may. */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_METADATA, role), ApiBearerAuth(), ApiProblemResponses(401, 403));

/** A route anyone may call (widget, health). Routes must opt out of auth explicitly. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_METADATA, 'public');
