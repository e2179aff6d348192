import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { NotFoundError } from '../../common/errors/domain-errors.js';
import { IdentityCache } from '../cache/identity-cache.js';
import { UserEntity } from '../entities/user.entity.js';
import { parseObjectId } from '../../common/http/object-id.js';

/**
 * `DELETE /users/{id}`, for the user himself or an admin (checked by the guard). Keys and sessions
 * go with the account; tables that refer to users as owner or assignee do so with ON DELETE SET
 * NULL, so the objects stay and lose the reference, as in the reference.
 */
@Injectable()
export class UserDeletionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identities: IdentityCache,
  ) {}

  async delete(rawId: string): Promise<void> {
    const id = parseObjectId(rawId);
    const result = await this.dataSource.getRepository(UserEntity).delete({ id });
    if (!result.affected) throw new NotFoundError();
    this.identities.changed(this.dataSource.manager, id);
  }
}
