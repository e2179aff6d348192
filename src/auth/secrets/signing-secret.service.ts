import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { ServerSecretEntity } from '../entities/server-secret.entity.js';

const SECRET_NAME = 'token-signing-key';

/**
 * The key that signs access tokens and URLs. Production requires JWT_SECRET (checked at boot);
 * elsewhere a random key is generated once and kept in the database, so tokens survive restarts
 * and every process of a deployment agrees on it.
 */
@Injectable()
export class SigningSecret {
  private value: Promise<string> | undefined;
  private keyObject: KeyObject | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get(): Promise<string> {
    this.value ??= this.load().catch((error: unknown) => {
      this.value = undefined;
      throw error;
    });
    return this.value;
  }

  /**
   * The secret as a key object for HMAC signatures: handing the token library a plain string makes
   * it try to parse the string as a public key on every verification, which dominated the cost of
   * authenticating a request.
   */
  async key(): Promise<KeyObject> {
    this.keyObject ??= createSecretKey(Buffer.from(await this.get()));
    return this.keyObject;
  }

  private async load(): Promise<string> {
    if (this.config.jwtSecret) return this.config.jwtSecret;
    const secrets = this.dataSource.getRepository(ServerSecretEntity);
    await secrets
      .createQueryBuilder()
      .insert()
      .values({ name: SECRET_NAME, value: randomBytes(48).toString('base64url') })
      .orIgnore()
      .execute();
    return (await secrets.findOneByOrFail({ name: SECRET_NAME })).value;
  }
}
