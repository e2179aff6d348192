import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { NotAuthenticatedError, PermissionDeniedError } from '../../common/errors/domain-errors.js';
import type { Authentication } from '../authenticated-user.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { hashSessionKey } from '../sessions/session.service.js';
import { UrlSigner } from '../signing/url-signer.js';
import { JwtKeyVerifier } from '../tokens/jwt-key-verifier.js';
import { UserLookup, type UserRecord } from '../users/user-lookup.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth-cookies.js';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_CHARACTERS = /^[A-Za-z0-9._~+/=-]+$/;
const INACTIVE = 'User inactive or deleted.';

function active(record: UserRecord | undefined, whenMissing: string): UserRecord {
  if (!record) throw new NotAuthenticatedError(whenMissing);
  if (!record.isActive) throw new NotAuthenticatedError(INACTIVE);
  return record;
}

/**
 * Recognises the caller by CVAT's schemes, in CVAT's order: API key, signed URL, session cookie
 * (with the CSRF check on unsafe methods), HTTP Basic. The first scheme present decides; a
 * request with none of them is anonymous (undefined).
 */
@Injectable()
export class RequestAuthenticator {
  constructor(
    private readonly users: UserLookup,
    private readonly keys: JwtKeyVerifier,
    private readonly signer: UrlSigner,
    private readonly passwords: PasswordHasher,
  ) {}

  async authenticate(request: FastifyRequest): Promise<Authentication | undefined> {
    const header = request.headers.authorization?.trim().split(/\s+/) ?? [];
    const keyword = header[0]?.toLowerCase();

    if (keyword === 'token' || keyword === 'bearer') return this.byKey(header);
    const signature = (request.query as Record<string, unknown> | undefined)?.sign;
    if (typeof signature === 'string') return this.bySignature(request.url, signature);
    const session = await this.bySession(request);
    if (session) return session;
    if (keyword === 'basic') return this.byBasic(header);
    return undefined;
  }

  private async byKey(header: string[]): Promise<Authentication> {
    if (header.length === 1)
      throw new NotAuthenticatedError('Invalid token header. No credentials provided.');
    if (header.length > 2) {
      throw new NotAuthenticatedError('Invalid token header. Token string should not contain spaces.');
    }
    const key = header[1];
    if (!KEY_CHARACTERS.test(key)) {
      throw new NotAuthenticatedError(
        'Invalid token header. Token string should not contain invalid characters.',
      );
    }
    const claims = await this.keys.verify(key);
    if (!claims) throw new NotAuthenticatedError('Invalid token.');
    const record = active(await this.users.byToken(Number(claims.sub), claims.jti), 'Invalid token.');
    return { user: record.user, scheme: 'token', tokenId: claims.jti };
  }

  private async bySignature(url: string, signature: string): Promise<Authentication> {
    const claims = await this.signer.verify(url, signature).catch(() => undefined);
    if (claims === 'expired') throw new NotAuthenticatedError('This URL has expired.');
    if (!claims) throw new NotAuthenticatedError('Invalid signature.');
    const record = active(await this.users.byId(claims.userId), 'Invalid signature.');
    if (record.user.username !== claims.username) throw new NotAuthenticatedError('Invalid signature.');
    return { user: record.user, scheme: 'signed-url' };
  }

  /** An unknown or expired session is ignored, as if no cookie had been sent. */
  private async bySession(request: FastifyRequest): Promise<Authentication | undefined> {
    const sessionKey = request.cookies[SESSION_COOKIE];
    if (!sessionKey) return undefined;
    const record = await this.users.bySession(hashSessionKey(sessionKey));
    if (!record || !record.isActive) return undefined;
    if (UNSAFE_METHODS.has(request.method)) this.checkCsrf(request);
    return { user: record.user, scheme: 'session', sessionKey };
  }

  private checkCsrf(request: FastifyRequest): void {
    const cookie = request.cookies[CSRF_COOKIE];
    if (!cookie) throw new PermissionDeniedError('CSRF Failed: CSRF cookie not set.');
    if (request.protocol === 'https') {
      const referer = request.headers.referer;
      if (!referer) throw new PermissionDeniedError('CSRF Failed: Referer checking failed - no Referer.');
      if (new URL(referer, 'http://invalid').host !== request.headers.host) {
        throw new PermissionDeniedError(
          `CSRF Failed: Referer checking failed - ${referer} does not match any trusted origins.`,
        );
      }
    }
    if (request.headers['x-csrftoken'] !== cookie) {
      throw new PermissionDeniedError('CSRF Failed: CSRF token missing or incorrect.');
    }
  }

  private async byBasic(header: string[]): Promise<Authentication> {
    if (header.length === 1)
      throw new NotAuthenticatedError('Invalid basic header. No credentials provided.');
    if (header.length > 2) {
      throw new NotAuthenticatedError('Invalid basic header. Credentials string should not contain spaces.');
    }
    const encoded = header[1];
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded)
      ? Buffer.from(encoded, 'base64').toString('utf8')
      : '';
    const separator = decoded.indexOf(':');
    if (separator < 0) {
      throw new NotAuthenticatedError('Invalid basic header. Credentials not correctly base64 encoded.');
    }
    const username = decoded.slice(0, separator);
    const password = decoded.slice(separator + 1);
    const record = await this.users.byUsername(username);
    if (!record || !(await this.passwords.verify(record.passwordHash, password))) {
      throw new NotAuthenticatedError('Invalid username/password.');
    }
    return { user: active(record, 'Invalid username/password.').user, scheme: 'basic' };
  }
}
