import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { originOf } from '../../common/http/absolute-url.js';
import type { ListRequest } from '../../common/pagination/list-request.js';

/** A list request as the HTTP layer sees it; the service reads the page parameters with its limits. */
export type ListParameters = Omit<ListRequest, 'page'>;

/** Repeated query parameters are ambiguous for lists; the first value counts. */
function firstValues(query: unknown): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') values[name] = first;
  }
  return values;
}

export const ListQuery = createParamDecorator((_data: unknown, context: ExecutionContext): ListParameters => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return { origin: originOf(request), url: request.url, query: firstValues(request.query) };
});
