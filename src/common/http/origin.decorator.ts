import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { originOf, type RequestOrigin } from './absolute-url.js';

/** Injects the scheme and host of the request, from which absolute `url` fields are built. */
export const Origin = createParamDecorator((_data: unknown, context: ExecutionContext): RequestOrigin => {
  return originOf(context.switchToHttp().getRequest<FastifyRequest>());
});
