import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

import { versionTag } from '../versions/expected-version.js';
import type { AnnotationResponse } from './annotation-response.js';

/** Sends an AnnotationResponse as JSON with the version as its entity tag. */
@Injectable()
export class AnnotationResponseInterceptor implements NestInterceptor<AnnotationResponse | undefined> {
  intercept(
    context: ExecutionContext,
    next: CallHandler<AnnotationResponse | undefined>,
  ): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((response) => {
        if (!response) return response;
        reply.header('etag', versionTag(response.version));
        reply.header('content-type', 'application/json');
        return response.body;
      }),
    );
  }
}
