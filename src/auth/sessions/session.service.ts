import { createHash, createHmac, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { DataSource, Not, type EntityManager } from 'typeorm';

import { IdentityCache } from '../cache/identity-cache.js';
import { SessionEntity } from '../entities/session.entity.js';
import { SigningSecret } from '../secrets/signing-secret.service.js';

export const SESSION_LIFETIME_SECONDS = 14 * 24 * 3600;

/** How long this process trusts that a key's session row exists and is fresh. */
const KEY_SESSION_REFRESH_MS = 60 * 60 * 1000;
const KEY_SESSION_CACHE_LIMIT = 10_000;

export function hashSessionKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Browser sessions behind the `sessionid` cookie. */
@Injectable()
export class SessionService {
  /** Hash of a key's session → when this process last made sure its row exists. */
  private readonly keySessions = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly secret: SigningSecret,
    private readonly identities: IdentityCache,
  ) {}

  async create(userId: number, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const key = randomBytes(32).toString('base64url');
    await manager.getRepository(SessionEntity).insert({
      keyHash: hashSessionKey(key),
      userId,
      expiresAt: new Date(Date.now() + SESSION_LIFETIME_SECONDS * 1000),
    });
    return key;
  }

  /**
   * The session a key-authenticated request gets (the CVAT web UI downloads files with it). Its
   * key is derived from the token row, so a script that never keeps cookies reuses one session
   * row instead of adding one per request; deleting the token row deletes the session.
   */
  async openForToken(userId: number, tokenId: string): Promise<string> {
    const key = createHmac('sha256', await this.secret.get())
      .update(`session|${tokenId}`)
      .digest('base64url');
    const keyHash = hashSessionKey(key);
    const checkedAt = this.keySessions.get(keyHash);
    if (checkedAt !== undefined && Date.now() - checkedAt < KEY_SESSION_REFRESH_MS) return key;

    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(SessionEntity)
      .values({ keyHash, userId, tokenId, expiresAt: new Date(Date.now() + SESSION_LIFETIME_SECONDS * 1000) })
      .orUpdate(['expires_at'], ['key_hash'])
      .execute();
    if (this.keySessions.size >= KEY_SESSION_CACHE_LIMIT) this.keySessions.clear();
    this.keySessions.set(keyHash, Date.now());
    return key;
  }

  async end(key: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(SessionEntity).delete({ keyHash: hashSessionKey(key) });
  }

  /** After a password change every other browser of the user has to sign in again. */
  async endOthers(userId: number, keepKey: string | undefined, manager: EntityManager): Promise<void> {
    const sessions = manager.getRepository(SessionEntity);
    if (keepKey) await sessions.delete({ userId, keyHash: Not(hashSessionKey(keepKey)) });
    else await sessions.delete({ userId });
    this.identities.changed(manager, userId);
  }
}
