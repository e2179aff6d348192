import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';

import { CredentialsService } from './accounts/credentials.service.js';
import { PasswordChangeService } from './accounts/password-change.service.js';
import { PasswordController } from './accounts/password.controller.js';
import { PasswordResetService } from './accounts/password-reset.service.js';
import { PasswordResetTokens } from './accounts/password-reset-tokens.js';
import { RegistrationController } from './accounts/registration.controller.js';
import { RegistrationService } from './accounts/registration.service.js';
import { ResetLinkMailer } from './accounts/reset-link.mailer.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { IdentityCache } from './cache/identity-cache.js';
import { AccessGuard } from './authentication/access.guard.js';
import { RequestAuthenticator } from './authentication/request-authenticator.js';
import { LoginController } from './login/login.controller.js';
import { LoginService } from './login/login.service.js';
import { PasswordHasher } from './passwords/password-hasher.js';
import { PermissionCoverageCheck } from './permissions/permission-coverage.check.js';
import { RestrictionsController } from './restrictions/restrictions.controller.js';
import { RestrictionsService } from './restrictions/restrictions.service.js';
import { SigningSecret } from './secrets/signing-secret.service.js';
import { SessionService } from './sessions/session.service.js';
import { SigningController } from './signing/signing.controller.js';
import { UrlSigner } from './signing/url-signer.js';
import { UrlSigningService } from './signing/url-signing.service.js';
import { AccessTokenService } from './tokens/access-token.service.js';
import { JwtKeyVerifier } from './tokens/jwt-key-verifier.js';
import { ThrottleGuard } from './throttling/throttle.guard.js';
import { ThrottleService } from './throttling/throttle.service.js';
import { UserDeletionService } from './users/user-deletion.service.js';
import { UserDirectoryService } from './users/user-directory.service.js';
import { UserLookup } from './users/user-lookup.js';
import { UserUpdateService } from './users/user-update.service.js';
import { UsersController } from './users/users.controller.js';

@Module({
  imports: [DiscoveryModule],
  controllers: [
    LoginController,
    RegistrationController,
    PasswordController,
    SigningController,
    RestrictionsController,
    UsersController,
  ],
  providers: [
    PasswordHasher,
    AdminBootstrapService,
    SigningSecret,
    AccessTokenService,
    JwtKeyVerifier,
    IdentityCache,
    SessionService,
    UrlSigner,
    UserLookup,
    RequestAuthenticator,
    LoginService,
    PermissionCoverageCheck,
    ThrottleService,
    CredentialsService,
    RegistrationService,
    PasswordChangeService,
    PasswordResetTokens,
    ResetLinkMailer,
    PasswordResetService,
    RestrictionsService,
    UrlSigningService,
    UserDirectoryService,
    UserUpdateService,
    UserDeletionService,
    // Guards run in this order: who is calling, then how often.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: ThrottleGuard },
  ],
  exports: [PasswordHasher, AdminBootstrapService, UserLookup, UrlSigner, SessionService, AccessTokenService],
})
export class AuthModule {}
