import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { SESSION_COOKIE } from '../authentication/auth-cookies.js';
import '../authentication/request-authentication.js';

/**
 * The browser session a request came with, also when its API key was what authenticated it: the web
 * UI sends both, and a password change must not sign out the very browser that made it.
 */
export const SessionToKeep = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return request.authentication?.sessionKey ?? request.cookies[SESSION_COOKIE];
  },
);
