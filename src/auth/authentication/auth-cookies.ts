import { randomBytes } from 'node:crypto';

import type { FastifyReply, FastifyRequest } from 'fastify';

import { SESSION_LIFETIME_SECONDS } from '../sessions/session.service.js';

export const SESSION_COOKIE = 'sessionid';
export const CSRF_COOKIE = 'csrftoken';
const CSRF_LIFETIME_SECONDS = 365 * 24 * 3600;

function secure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/**
 * Sets both cookies a CVAT client expects after sign-in. The session cookie is HttpOnly; the CSRF
 * cookie is readable by scripts because the web UI copies it into the X-CSRFToken header.
 */
export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, sessionKey: string): void {
  const common = { path: '/', sameSite: 'lax' as const, secure: secure(request) };
  reply.setCookie(SESSION_COOKIE, sessionKey, {
    ...common,
    httpOnly: true,
    maxAge: SESSION_LIFETIME_SECONDS,
  });
  const csrf = request.cookies[CSRF_COOKIE] ?? randomBytes(24).toString('hex');
  reply.setCookie(CSRF_COOKIE, csrf, { ...common, httpOnly: false, maxAge: CSRF_LIFETIME_SECONDS });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', sameSite: 'lax', secure: secure(request), httpOnly: true });
}
