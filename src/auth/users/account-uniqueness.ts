import { QueryFailedError, type EntityManager } from 'typeorm';

import { UserEntity } from '../entities/user.entity.js';

const USERNAME_INDEX = 'users_username_lower_unique';

/** Usernames are unique regardless of letter case; `exceptId` lets a user keep (or recase) his own. */
export function usernameTaken(manager: EntityManager, username: string, exceptId?: number): Promise<boolean> {
  const query = manager
    .getRepository(UserEntity)
    .createQueryBuilder('account')
    .where('lower(account.username) = lower(:username)', { username });
  if (exceptId !== undefined) query.andWhere('account.id <> :exceptId', { exceptId });
  return query.getExists();
}

/** E-mail addresses compare case-insensitively, as the registration check of the reference does. */
export function emailTaken(manager: EntityManager, email: string): Promise<boolean> {
  return manager
    .getRepository(UserEntity)
    .createQueryBuilder('account')
    .where('lower(account.email) = lower(:email)', { email })
    .getExists();
}

/** A concurrent request took the username between our check and our write. */
export function isUsernameConflict(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const cause = error.driverError as { code?: string; constraint?: string };
  return cause.code === '23505' && cause.constraint === USERNAME_INDEX;
}
