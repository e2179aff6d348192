import { Module } from '@nestjs/common';

import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { PasswordHasher } from './passwords/password-hasher.js';

@Module({
  providers: [PasswordHasher, AdminBootstrapService],
  exports: [PasswordHasher, AdminBootstrapService],
})
export class AuthModule {}
