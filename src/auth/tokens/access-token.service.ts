import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import type { EntityManager } from 'typeorm';

import { IdentityCache } from '../cache/identity-cache.js';
import { AccessTokenEntity } from '../entities/access-token.entity.js';
import { SigningSecret } from '../secrets/signing-secret.service.js';

export interface TokenClaims {
  readonly sub: string;
  readonly jti: string;
  readonly iat: number;
}

/**
 * Issues the per-user API key. The JWT is derived from the token row alone (subject, row id and
 * the row's creation time), so signing it again yields the same key: a user who logs in twice
 * gets the key they already have, as CVAT clients expect.
 */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly secret: SigningSecret,
    private readonly identities: IdentityCache,
  ) {}

  async keyFor(manager: EntityManager, userId: number): Promise<string> {
    const tokens = manager.getRepository(AccessTokenEntity);
    await tokens.createQueryBuilder().insert().values({ id: randomUUID(), userId }).orIgnore().execute();
    const token = await tokens.findOneByOrFail({ userId });
    const claims: TokenClaims = {
      sub: String(userId),
      jti: token.id,
      iat: Math.floor(token.createdAt.getTime() / 1000),
    };
    return jwt.sign(claims, await this.secret.key(), { algorithm: 'HS256' });
  }

  async revoke(manager: EntityManager, userId: number): Promise<void> {
    await manager.getRepository(AccessTokenEntity).delete({ userId });
    this.identities.changed(manager, userId);
  }
}
