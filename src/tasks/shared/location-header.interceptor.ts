import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { tap, type Observable } from 'rxjs';

/** Sets `Location` to the `url` of the object a POST created, as CVAT does for projects and tasks. */
@Injectable()
export class LocationHeaderInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<{ url?: unknown }>): Observable<{ url?: unknown }> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((created) => {
        if (typeof created?.url === 'string') void reply.header('location', created.url);
      }),
    );
  }
}
