import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { FieldValidationError, type FieldErrors } from '../../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { UserEntity } from '../entities/user.entity.js';
import { SignedIn } from '../login/signed-in.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { firstUnaccepted, unacceptedMessage } from '../restrictions/user-agreements.js';
import { SessionService } from '../sessions/session.service.js';
import { ACCOUNT_MESSAGES } from '../users/account-fields.js';
import { emailTaken, isUsernameConflict, usernameTaken } from '../users/account-uniqueness.js';
import { passwordProblems } from './password-rules.js';
import type { RegisteredUserDto, RegistrationDto } from './registration.dto.js';

const PASSWORDS_DIFFER = "The two password fields didn't match.";

/**
 * Self-service sign-up. New accounts are active and hold no role; since e-mail addresses are not
 * verified, the new user is signed into a browser session straight away, as in the reference.
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(input: RegistrationDto): Promise<SignedIn<RegisteredUserDto>> {
    const email = input.email ?? '';
    await this.checkFields(input, email);
    if (input.password1 !== input.password2) throw FieldValidationError.nonField(PASSWORDS_DIFFER);
    const unaccepted = firstUnaccepted(this.config.userAgreements, input.confirmations);
    if (unaccepted) throw FieldValidationError.nonField(unacceptedMessage(unaccepted));

    // Hashing is slow on purpose; it happens before the transaction so no connection waits for it.
    const passwordHash = await this.passwords.hash(input.password1);
    return this.unitOfWork.run(async (manager) => {
      const user = await this.insert(manager, {
        username: input.username,
        email,
        passwordHash,
        firstName: input.first_name ?? '',
        lastName: input.last_name ?? '',
        lastLogin: new Date(),
        groups: [],
      });
      const sessionKey = await this.sessions.create(user.id, manager);
      return new SignedIn(toRegisteredUser(user), sessionKey);
    });
  }

  /** The per-field checks that need the database or the password rules, reported together. */
  private async checkFields(input: RegistrationDto, email: string): Promise<void> {
    const manager = this.dataSource.manager;
    const errors: FieldErrors = {};
    if (await usernameTaken(manager, input.username)) errors.username = [ACCOUNT_MESSAGES.usernameTaken];
    if (email && (await emailTaken(manager, email))) errors.email = [ACCOUNT_MESSAGES.emailTaken];
    const problems = passwordProblems(input.password1);
    if (problems.length > 0) errors.password1 = problems;
    if (Object.keys(errors).length > 0) throw new FieldValidationError(errors);
  }

  private async insert(manager: EntityManager, fields: Partial<UserEntity>): Promise<UserEntity> {
    const users = manager.getRepository(UserEntity);
    try {
      return await users.save(users.create(fields));
    } catch (error) {
      if (isUsernameConflict(error))
        throw FieldValidationError.of('username', ACCOUNT_MESSAGES.usernameTaken);
      throw error;
    }
  }
}

function toRegisteredUser(user: UserEntity): RegisteredUserDto {
  return {
    username: user.username,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    email_verification_required: false,
  };
}
