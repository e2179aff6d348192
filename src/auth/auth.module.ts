import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';

import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { AccessGuard } from './authentication/access.guard.js';
import { RequestAuthenticator } from './authentication/request-authenticator.js';
import { LoginController } from './login/login.controller.js';
import { LoginService } from './login/login.service.js';
import { PasswordHasher } from './passwords/password-hasher.js';
import { PermissionCoverageCheck } from './permissions/permission-coverage.check.js';
import { SigningSecret } from './secrets/signing-secret.service.js';
import { SessionService } from './sessions/session.service.js';
import { UrlSigner } from './signing/url-signer.js';
import { AccessTokenService } from './tokens/access-token.service.js';
import { JwtKeyVerifier } from './tokens/jwt-key-verifier.js';
import { ThrottleGuard } from './throttling/throttle.guard.js';
import { ThrottleService } from './throttling/throttle.service.js';
import { UserLookup } from './users/user-lookup.js';

@Module({
  imports: [DiscoveryModule],
  controllers: [LoginController],
  providers: [
    PasswordHasher,
    AdminBootstrapService,
    SigningSecret,
    AccessTokenService,
    JwtKeyVerifier,
    SessionService,
    UrlSigner,
    UserLookup,
    RequestAuthenticator,
    LoginService,
    PermissionCoverageCheck,
    ThrottleService,
    // Guards run in this order: who is calling, then how often.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: ThrottleGuard },
  ],
  exports: [PasswordHasher, AdminBootstrapService, UserLookup, UrlSigner, SessionService, AccessTokenService],
})
export class AuthModule {}
