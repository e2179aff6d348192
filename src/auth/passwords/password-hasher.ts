import { Inject, Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';

import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

/**
 * argon2id hashes (through a Rust build that ships ready binaries, so installs need no compiler);
 * the cost is configurable because sign-in throughput depends on it.
 */
@Injectable()
export class PasswordHasher {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return hash(password, {
      algorithm: Algorithm.Argon2id,
      memoryCost: this.config.passwordHashMemoryKib,
      timeCost: this.config.passwordHashIterations,
      parallelism: 1,
    });
  }

  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(storedHash, password);
    } catch {
      // A malformed stored hash can never match; treat it as a wrong password.
      return false;
    }
  }
}
