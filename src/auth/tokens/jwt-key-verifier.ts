import { Injectable } from '@nestjs/common';
import { Strategy as JwtStrategy } from 'passport-jwt';

import { SigningSecret } from '../secrets/signing-secret.service.js';
import type { TokenClaims } from './access-token.service.js';

/**
 * Checks the signature and shape of an API key with passport-jwt. Passport strategies report
 * through callbacks set on the instance; this adapter turns them into a promise.
 */
@Injectable()
export class JwtKeyVerifier {
  constructor(private readonly secret: SigningSecret) {}

  async verify(key: string): Promise<TokenClaims | undefined> {
    const secret = await this.secret.key();
    return new Promise((resolve, reject) => {
      const strategy = new JwtStrategy(
        {
          jwtFromRequest: () => key,
          // jsonwebtoken accepts a KeyObject at run time; the type definitions only list strings and buffers.
          secretOrKey: secret as unknown as Buffer,
          algorithms: ['HS256'],
          ignoreExpiration: false,
        },
        (claims: unknown, done: (error: unknown, user?: unknown) => void) => done(null, claims),
      );
      const attempt = strategy as unknown as {
        success: (claims: unknown) => void;
        fail: () => void;
        error: (error: unknown) => void;
      };
      attempt.success = (claims) => resolve(isTokenClaims(claims) ? claims : undefined);
      attempt.fail = () => resolve(undefined);
      attempt.error = reject;
      strategy.authenticate({} as never);
    });
  }
}

function isTokenClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const { sub, jti, iat } = value as Record<string, unknown>;
  return typeof sub === 'string' && /^\d+$/.test(sub) && typeof jti === 'string' && typeof iat === 'number';
}
