import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';

import { FieldValidationError, NotFoundError } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { CredentialsService } from '../accounts/credentials.service.js';
import { passwordProblems } from '../accounts/password-rules.js';
import { GroupEntity } from '../entities/group.entity.js';
import { UserEntity } from '../entities/user.entity.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { ROLES } from '../roles.js';
import {
  ACCOUNT_MESSAGES,
  EMAIL_MAX_LENGTH,
  isAccountEmail,
  USERNAME_MAX_LENGTH,
  USERNAME_PATTERN,
} from './account-fields.js';
import { emailTaken, isUsernameConflict, usernameTaken } from './account-uniqueness.js';
import { withAutomaticAdminGroup } from './admin-group.js';

export interface NewAccount {
  readonly username: string;
  readonly email?: string;
  readonly password: string;
  readonly groups: readonly string[];
  /** Superusers get staff rights and the admin group, as the reference's createsuperuser does. */
  readonly superuser: boolean;
}

export interface AccountSummary {
  readonly id: number;
  readonly username: string;
  readonly email: string;
  readonly groups: string[];
  readonly isSuperuser: boolean;
  readonly isActive: boolean;
}

/** Account chores for the operator (the `npm run cli` commands); the same rules as the API apply. */
@Injectable()
export class UserAdministration {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly passwords: PasswordHasher,
    private readonly credentials: CredentialsService,
  ) {}

  async create(account: NewAccount): Promise<AccountSummary> {
    checkUsername(account.username);
    if (account.email !== undefined) checkEmail(account.email);
    checkPassword(account.password);
    const passwordHash = await this.passwords.hash(account.password);

    return this.unitOfWork.run(async (manager) => {
      if (await usernameTaken(manager, account.username)) {
        throw FieldValidationError.of('username', ACCOUNT_MESSAGES.usernameTaken);
      }
      if (account.email && (await emailTaken(manager, account.email))) {
        throw FieldValidationError.of('email', ACCOUNT_MESSAGES.emailTaken);
      }
      const users = manager.getRepository(UserEntity);
      const user = users.create({
        username: account.username,
        email: account.email ?? '',
        passwordHash,
        isStaff: account.superuser,
        isSuperuser: account.superuser,
        groups: await findGroups(manager, account.groups),
      });
      await withAutomaticAdminGroup(manager, user);
      try {
        return summary(await users.save(user));
      } catch (error) {
        if (isUsernameConflict(error))
          throw FieldValidationError.of('username', ACCOUNT_MESSAGES.usernameTaken);
        throw error;
      }
    });
  }

  /** Replaces the user's groups with exactly these. */
  setGroups(username: string, groupNames: readonly string[]): Promise<AccountSummary> {
    return this.unitOfWork.run(async (manager) => {
      const user = await findUser(manager, username);
      user.groups = await findGroups(manager, groupNames);
      return summary(await manager.getRepository(UserEntity).save(user));
    });
  }

  /** Like a password change: every client's key is revoked and every session ends. */
  async setPassword(username: string, password: string): Promise<AccountSummary> {
    checkPassword(password);
    const passwordHash = await this.passwords.hash(password);
    return this.unitOfWork.run(async (manager) => {
      const user = await findUser(manager, username);
      await this.credentials.replacePassword(manager, user.id, passwordHash);
      return summary(user);
    });
  }

  deactivate(username: string): Promise<AccountSummary> {
    return this.unitOfWork.run(async (manager) => {
      const user = await findUser(manager, username);
      user.isActive = false;
      await manager.getRepository(UserEntity).update({ id: user.id }, { isActive: false });
      await this.credentials.revokeAccess(manager, user.id);
      return summary(user);
    });
  }
}

function checkUsername(username: string): void {
  if (username.length === 0 || username.length > USERNAME_MAX_LENGTH || !USERNAME_PATTERN.test(username)) {
    throw FieldValidationError.of('username', ACCOUNT_MESSAGES.username);
  }
}

function checkEmail(email: string): void {
  if (email.length > EMAIL_MAX_LENGTH || !isAccountEmail(email))
    throw FieldValidationError.of('email', CVAT_MESSAGES.email);
}

function checkPassword(password: string): void {
  const problems = passwordProblems(password);
  if (problems.length > 0) throw new FieldValidationError({ password: problems });
}

async function findUser(manager: EntityManager, username: string): Promise<UserEntity> {
  const user = await manager
    .getRepository(UserEntity)
    .createQueryBuilder('account')
    .leftJoinAndSelect('account.groups', 'role')
    .where('lower(account.username) = lower(:username)', { username })
    .getOne();
  if (!user) throw new NotFoundError(`There is no user "${username}".`);
  return user;
}

async function findGroups(manager: EntityManager, names: readonly string[]): Promise<GroupEntity[]> {
  const groups = await manager.getRepository(GroupEntity).findBy({ name: In([...names]) });
  const unknown = names.filter((name) => !groups.some((group) => group.name === name));
  if (unknown.length > 0) {
    throw FieldValidationError.of(
      'groups',
      `Unknown group ${unknown.join(', ')}; the groups are ${ROLES.join(', ')}.`,
    );
  }
  return groups;
}

function summary(user: UserEntity): AccountSummary {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    groups: [...user.groups].sort((a, b) => a.id - b.id).map((group) => group.name),
    isSuperuser: user.isSuperuser,
    isActive: user.isActive,
  };
}
