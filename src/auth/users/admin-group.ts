import type { EntityManager } from 'typeorm';

import { GroupEntity } from '../entities/group.entity.js';
import type { UserEntity } from '../entities/user.entity.js';

/**
 * The reference puts a superuser with staff rights into the admin group whenever the account is
 * saved without an explicit list of groups; the groups shown for such accounts then agree with
 * the rights they have.
 */
export async function withAutomaticAdminGroup(manager: EntityManager, user: UserEntity): Promise<void> {
  if (!user.isSuperuser || !user.isStaff) return;
  if (user.groups.some((group) => group.name === 'admin')) return;
  user.groups.push(await manager.getRepository(GroupEntity).findOneByOrFail({ name: 'admin' }));
}
