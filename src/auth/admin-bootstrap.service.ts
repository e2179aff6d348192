import { randomBytes } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GroupEntity } from './entities/group.entity.js';
import { UserEntity } from './entities/user.entity.js';
import { PasswordHasher } from './passwords/password-hasher.js';

const ADMIN_BOOTSTRAP_LOCK_KEY = 4_221_020;

export interface AdminBootstrapResult {
  readonly username: string;
  readonly created: boolean;
  /** Set only when the password was generated; it is shown once and never stored in clear. */
  readonly generatedPassword?: string;
}

/** Creates the administrator on first start and keeps it in step with the configured credentials. */
@Injectable()
export class AdminBootstrapService {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  ensureAdmin(): Promise<AdminBootstrapResult> {
    return this.dataSource.transaction(async (manager) => {
      const username = this.config.adminUser;
      const users = manager.getRepository(UserEntity);
      // Serialises concurrent boots of several api processes, which would otherwise race to insert.
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_BOOTSTRAP_LOCK_KEY]);
      const existing = await users
        .createQueryBuilder('account')
        .leftJoinAndSelect('account.groups', 'role')
        .where('lower(account.username) = lower(:username)', { username })
        .getOne();
      const adminGroup = await manager.getRepository(GroupEntity).findOneByOrFail({ name: 'admin' });

      if (existing) {
        await this.refresh(manager, existing, adminGroup);
        return { username: existing.username, created: false };
      }

      const generatedPassword = this.config.adminPassword ? undefined : randomBytes(12).toString('base64url');
      const admin = users.create({
        username,
        email: this.config.adminEmail,
        passwordHash: await this.passwords.hash(this.config.adminPassword ?? (generatedPassword as string)),
        isStaff: true,
        isSuperuser: true,
        isActive: true,
        groups: [adminGroup],
      });
      await users.save(admin);
      this.logger.log({ username }, 'Created the administrator');
      return { username, created: true, ...(generatedPassword ? { generatedPassword } : {}) };
    });
  }

  private async refresh(manager: EntityManager, admin: UserEntity, adminGroup: GroupEntity): Promise<void> {
    const password = this.config.adminPassword;
    if (password && !(await this.passwords.verify(admin.passwordHash, password))) {
      admin.passwordHash = await this.passwords.hash(password);
      this.logger.log({ username: admin.username }, 'Updated the administrator password from configuration');
    }
    admin.isActive = true;
    admin.isStaff = true;
    admin.isSuperuser = true;
    if (!admin.groups.some((group) => group.id === adminGroup.id)) admin.groups.push(adminGroup);
    await manager.getRepository(UserEntity).save(admin);
  }
}
