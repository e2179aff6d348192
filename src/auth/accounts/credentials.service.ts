import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { UserEntity } from '../entities/user.entity.js';
import { SessionService } from '../sessions/session.service.js';
import { AccessTokenService } from '../tokens/access-token.service.js';

/**
 * What happens to a user's ways in when his password changes or his account is closed. The API key
 * is shared by all of the user's clients, so revoking it signs every script and browser out.
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionService,
  ) {}

  /** Stores an already hashed password; only `keepSessionKey` (the caller's browser) stays signed in. */
  async replacePassword(
    manager: EntityManager,
    userId: number,
    passwordHash: string,
    keepSessionKey?: string,
  ): Promise<void> {
    await manager.getRepository(UserEntity).update({ id: userId }, { passwordHash });
    await this.tokens.revoke(manager, userId);
    await this.sessions.endOthers(userId, keepSessionKey, manager);
  }

  async revokeAccess(manager: EntityManager, userId: number): Promise<void> {
    await this.tokens.revoke(manager, userId);
    await this.sessions.endOthers(userId, undefined, manager);
  }
}
