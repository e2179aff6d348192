import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, MoreThan, Not, type EntityManager } from 'typeorm';

import { SessionEntity } from '../entities/session.entity.js';

export const SESSION_LIFETIME_SECONDS = 14 * 24 * 3600;

export function hashSessionKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Browser sessions behind the `sessionid` cookie. */
@Injectable()
export class SessionService {
  constructor(private readonly dataSource: DataSource) {}

  async create(userId: number, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const key = randomBytes(32).toString('base64url');
    await manager.getRepository(SessionEntity).insert({
      keyHash: hashSessionKey(key),
      userId,
      expiresAt: new Date(Date.now() + SESSION_LIFETIME_SECONDS * 1000),
    });
    return key;
  }

  async isLive(key: string): Promise<boolean> {
    const session = await this.dataSource
      .getRepository(SessionEntity)
      .findOneBy({ keyHash: hashSessionKey(key), expiresAt: MoreThan(new Date()) });
    return session !== null;
  }

  async end(key: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(SessionEntity).delete({ keyHash: hashSessionKey(key) });
  }

  /** After a password change every other browser of the user has to sign in again. */
  async endOthers(userId: number, keepKey: string | undefined, manager: EntityManager): Promise<void> {
    const sessions = manager.getRepository(SessionEntity);
    if (keepKey) await sessions.delete({ userId, keyHash: Not(hashSessionKey(keepKey)) });
    else await sessions.delete({ userId });
  }

  async removeExpired(): Promise<number> {
    const result = await this.dataSource
      .getRepository(SessionEntity)
      .delete({ expiresAt: LessThan(new Date()) });
    return result.affected ?? 0;
  }
}
