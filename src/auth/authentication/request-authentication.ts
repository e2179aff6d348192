import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { NotAuthenticatedError } from '../../common/errors/domain-errors.js';
import type { Authentication, AuthenticatedUser } from '../authenticated-user.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access guard; absent for anonymous requests to public endpoints. */
    authentication?: Authentication;
  }
}

/** The authenticated requester; routes using it are never public, so it is always present. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const authentication = context.switchToHttp().getRequest<FastifyRequest>().authentication;
    if (!authentication) throw new NotAuthenticatedError();
    return authentication.user;
  },
);

/** How the requester authenticated, or undefined on public endpoints called anonymously. */
export const CurrentAuthentication = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Authentication | undefined =>
    context.switchToHttp().getRequest<FastifyRequest>().authentication,
);
