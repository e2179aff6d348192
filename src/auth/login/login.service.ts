import { Injectable } from '@nestjs/common';

import { FieldValidationError } from '../../common/errors/domain-errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import type { Authentication } from '../authenticated-user.js';
import { IdentityCache } from '../cache/identity-cache.js';
import { UserEntity } from '../entities/user.entity.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { SessionService } from '../sessions/session.service.js';
import { AccessTokenService } from '../tokens/access-token.service.js';
import { UserLookup } from '../users/user-lookup.js';
import type { LoginDto } from './login.dto.js';
import { SignedIn, SignedOut } from './signed-in.js';

const BAD_CREDENTIALS = 'Unable to log in with provided credentials.';

@Injectable()
export class LoginService {
  constructor(
    private readonly users: UserLookup,
    private readonly passwords: PasswordHasher,
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionService,
    private readonly unitOfWork: UnitOfWork,
    private readonly identities: IdentityCache,
  ) {}

  /** Checks the credentials and answers the user's one API key, opening a session alongside. */
  async login(input: LoginDto): Promise<SignedIn<{ key: string }>> {
    if (!input.username) throw FieldValidationError.nonField('Must include "username" and "password".');
    const record = await this.users.byUsername(input.username);
    // Unknown users skip the costly hash check; usernames are public in CVAT (GET /users) anyway.
    if (!record || !record.isActive || !(await this.passwords.verify(record.passwordHash, input.password))) {
      throw FieldValidationError.nonField(BAD_CREDENTIALS);
    }

    return this.unitOfWork.run(async (manager) => {
      await manager.getRepository(UserEntity).update({ id: record.user.id }, { lastLogin: new Date() });
      this.identities.changed(manager, record.user.id);
      const key = await this.tokens.keyFor(manager, record.user.id);
      const sessionKey = await this.sessions.create(record.user.id, manager);
      return new SignedIn({ key }, sessionKey);
    });
  }

  /** Revokes the user's key for every client and ends this session; harmless when anonymous. */
  async logout(authentication: Authentication | undefined): Promise<SignedOut<{ detail: string }>> {
    if (authentication) {
      await this.unitOfWork.run(async (manager) => {
        await this.tokens.revoke(manager, authentication.user.id);
        if (authentication.sessionKey) await this.sessions.end(authentication.sessionKey, manager);
      });
    }
    return new SignedOut({ detail: 'Successfully logged out.' });
  }
}
