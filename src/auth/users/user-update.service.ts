import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';

import { FieldValidationError, NotFoundError, type FieldErrors } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { CredentialsService } from '../accounts/credentials.service.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { IdentityCache } from '../cache/identity-cache.js';
import { GroupEntity } from '../entities/group.entity.js';
import { UserEntity } from '../entities/user.entity.js';
import { ACCOUNT_MESSAGES } from './account-fields.js';
import { isUsernameConflict, usernameTaken } from './account-uniqueness.js';
import { withAutomaticAdminGroup } from './admin-group.js';
import type { UserDto } from './user.dto.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { toUserDto, type UserRepresentation } from './user.mapper.js';
import { assertOnlyBasicFields, readUserPatch, type UserPatch } from './user-patch.js';

/**
 * `PATCH /users/{id}`. The guard has already let only the user himself or an admin through; what
 * may be changed depends on whether the requester is staff (spec/auth.md, section 9).
 */
@Injectable()
export class UserUpdateService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly credentials: CredentialsService,
    private readonly identities: IdentityCache,
  ) {}

  async update(
    requester: AuthenticatedUser,
    rawId: string,
    body: unknown,
    origin: RequestOrigin,
  ): Promise<UserDto> {
    const id = parseObjectId(rawId);
    const representation: UserRepresentation = requester.isStaff ? 'full' : 'basic';

    return this.unitOfWork.run(async (manager) => {
      const users = manager.getRepository(UserEntity);
      const user = await users.findOne({ where: { id }, relations: { groups: true } });
      if (!user) throw new NotFoundError();

      const { patch, errors } = await readUserPatch(body, representation);
      const groups = await this.checkAgainstDatabase(manager, user, patch, errors);
      if (Object.keys(errors).length > 0) throw new FieldValidationError(errors);
      if (representation === 'basic') assertOnlyBasicFields(body);

      const wasActive = user.isActive;
      apply(user, patch, groups);
      if (patch.groupNames === undefined) await withAutomaticAdminGroup(manager, user);
      try {
        await users.save(user);
        // Username, roles and flags are part of who the requester is in every later request.
        this.identities.changed(manager, user.id);
      } catch (error) {
        if (isUsernameConflict(error))
          throw FieldValidationError.of('username', ACCOUNT_MESSAGES.usernameTaken);
        throw error;
      }
      // A deactivated account must not come back with its old key and sessions when reactivated.
      if (wasActive && !user.isActive) await this.credentials.revokeAccess(manager, user.id);
      return toUserDto(user, origin, representation);
    });
  }

  /** Adds the field problems only the database can tell; returns the groups the names resolve to. */
  private async checkAgainstDatabase(
    manager: EntityManager,
    user: UserEntity,
    patch: UserPatch,
    errors: FieldErrors,
  ): Promise<GroupEntity[] | undefined> {
    if (patch.username !== undefined && !errors.username) {
      if (await usernameTaken(manager, patch.username, user.id))
        errors.username = [ACCOUNT_MESSAGES.usernameTaken];
    }
    if (patch.groupNames === undefined) return undefined;

    const groups = await manager.getRepository(GroupEntity).findBy({ name: In(patch.groupNames) });
    const missing = patch.groupNames.find((name) => !groups.some((group) => group.name === name));
    if (missing !== undefined) errors.groups = [`Object with name=${missing} does not exist.`];
    return groups;
  }
}

function apply(user: UserEntity, patch: UserPatch, groups: GroupEntity[] | undefined): void {
  if (patch.username !== undefined) user.username = patch.username;
  if (patch.firstName !== undefined) user.firstName = patch.firstName;
  if (patch.lastName !== undefined) user.lastName = patch.lastName;
  if (patch.email !== undefined) user.email = patch.email;
  if (patch.isStaff !== undefined) user.isStaff = patch.isStaff;
  if (patch.isSuperuser !== undefined) user.isSuperuser = patch.isSuperuser;
  if (patch.isActive !== undefined) user.isActive = patch.isActive;
  if (groups !== undefined) user.groups = groups;
}
