import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';

import { clearSessionCookie, setSessionCookies } from '../authentication/auth-cookies.js';
import { SignedIn, SignedOut } from './signed-in.js';

/** Turns `SignedIn` / `SignedOut` results into cookies, keeping handlers free of HTTP details. */
@Injectable()
export class SessionCookieInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (result instanceof SignedIn) {
          setSessionCookies(request, reply, result.sessionKey);
          return result.body as unknown;
        }
        if (result instanceof SignedOut) {
          clearSessionCookie(request, reply);
          return result.body as unknown;
        }
        return result;
      }),
    );
  }
}
