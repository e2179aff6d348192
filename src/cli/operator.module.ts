import { Module, type DynamicModule } from '@nestjs/common';

import { CredentialsService } from '../auth/accounts/credentials.service.js';
import { PasswordHasher } from '../auth/passwords/password-hasher.js';
import { SigningSecret } from '../auth/secrets/signing-secret.service.js';
import { IdentityCache } from '../auth/cache/identity-cache.js';
import { SessionService } from '../auth/sessions/session.service.js';
import { AccessTokenService } from '../auth/tokens/access-token.service.js';
import { UserAdministration } from '../auth/users/user-administration.service.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';

/** Just the database and the account services: the operator CLI needs no HTTP, queues or workers. */
@Module({})
export class OperatorModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: OperatorModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(config)],
      providers: [
        PasswordHasher,
        SigningSecret,
        AccessTokenService,
        SessionService,
        IdentityCache,
        CredentialsService,
        UserAdministration,
      ],
    };
  }
}
