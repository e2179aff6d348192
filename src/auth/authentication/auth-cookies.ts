import { createHmac, randomBytes } from 'node:crypto';

import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { SESSION_LIFETIME_SECONDS } from '../sessions/session.service.js';

export const SESSION_COOKIE = 'sessionid';
export const CSRF_COOKIE = 'csrftoken';
const CSRF_LIFETIME_SECONDS = 365 * 24 * 3600;
const KEY_COOKIE_CACHE_LIMIT = 10_000;

function secure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

function cookieLines(sessionKey: string, csrf: string, isSecure: boolean): string[] {
  const common = { path: '/', sameSite: 'lax' as const, secure: isSecure };
  return [
    fastifyCookie.serialize(SESSION_COOKIE, sessionKey, {
      ...common,
      httpOnly: true,
      maxAge: SESSION_LIFETIME_SECONDS,
    }),
    fastifyCookie.serialize(CSRF_COOKIE, csrf, { ...common, httpOnly: false, maxAge: CSRF_LIFETIME_SECONDS }),
  ];
}

/**
 * Sets both cookies a CVAT client expects after sign-in. The session cookie is HttpOnly; the CSRF
 * cookie is readable by scripts because the web UI copies it into the X-CSRFToken header.
 */
export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, sessionKey: string): void {
  const csrf = request.cookies[CSRF_COOKIE] ?? randomBytes(24).toString('hex');
  reply.header('set-cookie', cookieLines(sessionKey, csrf, secure(request)));
}

const keyCookies = new Map<string, string[]>();

/**
 * The cookies of a key's session. Scripts that keep no cookies receive them on every request, so
 * the CSRF value is derived from the session key and the serialised lines are reused.
 */
export function setKeySessionCookies(request: FastifyRequest, reply: FastifyReply, sessionKey: string): void {
  const isSecure = secure(request);
  const cacheKey = `${isSecure ? 's' : 'p'}${sessionKey}`;
  let lines = keyCookies.get(cacheKey);
  if (!lines) {
    const csrf = createHmac('sha256', sessionKey).update('csrf').digest('hex').slice(0, 48);
    lines = cookieLines(sessionKey, csrf, isSecure);
    if (keyCookies.size >= KEY_COOKIE_CACHE_LIMIT) keyCookies.clear();
    keyCookies.set(cacheKey, lines);
  }
  reply.header('set-cookie', request.cookies[CSRF_COOKIE] ? lines.slice(0, 1) : lines);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', sameSite: 'lax', secure: secure(request), httpOnly: true });
}
