import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { FieldValidationError } from '../../common/errors/domain-errors.js';
import { absoluteUrl, type RequestOrigin } from '../../common/http/absolute-url.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { UserEntity } from '../entities/user.entity.js';
import type { DetailDto } from '../login/login.dto.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { CredentialsService } from './credentials.service.js';
import { assertNewPassword } from './new-password.js';
import { decodeUid, encodeUid, PasswordResetTokens } from './password-reset-tokens.js';
import type { PasswordResetConfirmDto } from './password.dto.js';
import { ResetLinkMailer } from './reset-link.mailer.js';

/** The web UI's page that reads `uid` and `token` and posts them to the confirm endpoint. */
const CONFIRM_PAGE = '/auth/password/reset/confirm';
const INVALID = 'Invalid value';

/** Password reset for users who cannot sign in: a link by mail, then a new password with it. */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly tokens: PasswordResetTokens,
    private readonly mailer: ResetLinkMailer,
    private readonly passwords: PasswordHasher,
    private readonly credentials: CredentialsService,
  ) {}

  /** Answers the same whether or not the address is known, so nobody can probe for accounts. */
  async requestReset(email: string, origin: RequestOrigin): Promise<DetailDto> {
    const users = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('account')
      .where('lower(account.email) = lower(:email)', { email })
      .andWhere('account.isActive')
      .getMany();

    for (const user of users) {
      const token = await this.tokens.issue(user);
      const query = new URLSearchParams({ uid: encodeUid(user.id), token });
      const link = `${absoluteUrl(origin, CONFIRM_PAGE)}?${query.toString()}`;
      // Not awaited: a slow or failing mail server must neither delay nor change the answer, or the
      // answer would tell known addresses from unknown ones.
      this.mailer
        .send({ username: user.username, email: user.email, link })
        .catch((error: unknown) =>
          this.logger.error({ err: error, username: user.username }, 'Could not send a password-reset link'),
        );
    }
    return { detail: 'Password reset e-mail has been sent.' };
  }

  async confirm(input: PasswordResetConfirmDto): Promise<DetailDto> {
    const id = decodeUid(input.uid);
    const user = id === undefined ? null : await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw FieldValidationError.of('uid', INVALID);
    assertNewPassword(input.new_password1, input.new_password2);
    if (!user.isActive || !(await this.tokens.isValid(user, input.token))) {
      throw FieldValidationError.of('token', INVALID);
    }

    const passwordHash = await this.passwords.hash(input.new_password1);
    await this.unitOfWork.run(async (manager) => {
      // Checked again under a row lock: two requests racing with one link must not both succeed.
      const locked = await manager
        .getRepository(UserEntity)
        .findOne({ where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      if (!locked || !(await this.tokens.isValid(locked, input.token))) {
        throw FieldValidationError.of('token', INVALID);
      }
      await this.credentials.replacePassword(manager, user.id, passwordHash);
    });
    return { detail: 'Password has been reset with the new password.' };
  }
}
