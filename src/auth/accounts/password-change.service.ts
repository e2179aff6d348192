import { Injectable } from '@nestjs/common';

import { FieldValidationError } from '../../common/errors/domain-errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import type { DetailDto } from '../login/login.dto.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { UserLookup } from '../users/user-lookup.js';
import { CredentialsService } from './credentials.service.js';
import { assertNewPassword } from './new-password.js';
import type { PasswordChangeDto } from './password.dto.js';

/**
 * A signed-in user replaces his password. Whoever might have learnt the old one is shut out: the
 * API key is revoked for every client and every other browser session ends.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly users: UserLookup,
    private readonly passwords: PasswordHasher,
    private readonly credentials: CredentialsService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async change(
    user: AuthenticatedUser,
    input: PasswordChangeDto,
    keepSessionKey?: string,
  ): Promise<DetailDto> {
    const record = await this.users.byId(user.id);
    if (!record || !(await this.passwords.verify(record.passwordHash, input.old_password))) {
      throw FieldValidationError.of('old_password', 'Invalid password');
    }
    assertNewPassword(input.new_password1, input.new_password2);

    const passwordHash = await this.passwords.hash(input.new_password1);
    await this.unitOfWork.run((manager) =>
      this.credentials.replacePassword(manager, user.id, passwordHash, keepSessionKey),
    );
    return { detail: 'New password has been saved.' };
  }
}
