import { readFile } from 'node:fs/promises';

import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { UserAgreementDto } from './restrictions.dto.js';
import { DEFAULT_TERMS_OF_USE } from './terms-of-use.js';

/** What a visitor must know before registering: the agreements and the terms of use. */
@Injectable()
export class RestrictionsService {
  private termsPage: Promise<string> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  userAgreements(): UserAgreementDto[] {
    return this.config.userAgreements.map(({ name, displayText, url, required, value }) => ({
      name,
      displayText,
      url,
      required,
      value,
    }));
  }

  /** Read once, like the rest of the configuration; a failed read is retried by the next request. */
  termsOfUse(): Promise<string> {
    const file = this.config.termsOfUseFile;
    if (!file) return Promise.resolve(DEFAULT_TERMS_OF_USE);
    this.termsPage ??= readFile(file, 'utf8').catch((error: unknown) => {
      this.termsPage = undefined;
      throw error;
    });
    return this.termsPage;
  }
}
