import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';

import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/** argon2id hashes; the cost is configurable because login throughput depends on it. */
@Injectable()
export class PasswordHasher {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.config.passwordHashMemoryKib,
      timeCost: this.config.passwordHashIterations,
      parallelism: 1,
    });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      // A malformed stored hash can never match; treat it as a wrong password.
      return false;
    }
  }
}
