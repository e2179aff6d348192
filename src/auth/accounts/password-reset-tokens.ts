import { createHmac, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { SigningSecret } from '../secrets/signing-secret.service.js';

/** The account state a reset token is bound to. */
export interface ResetSubject {
  readonly id: number;
  readonly email: string;
  readonly passwordHash: string;
  readonly lastLogin: Date | null;
}

const TOKEN_FORMAT = /^([0-9a-z]{1,10})-([A-Za-z0-9_-]{43})$/;
/** Processes of one deployment may disagree slightly about the time. */
const CLOCK_SKEW_SECONDS = 60;

/**
 * Stateless one-time tokens for password-reset links. The MAC covers the password hash and the last
 * sign-in, so a token stops working once it has been used (the hash changes) or the user has signed
 * in since; the embedded issue time makes it expire. No table of issued tokens is needed.
 */
@Injectable()
export class PasswordResetTokens {
  constructor(
    private readonly secret: SigningSecret,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(subject: ResetSubject, now = Date.now()): Promise<string> {
    const issuedAt = Math.floor(now / 1000);
    return `${issuedAt.toString(36)}-${await this.mac(subject, issuedAt)}`;
  }

  async isValid(subject: ResetSubject, token: string, now = Date.now()): Promise<boolean> {
    const match = TOKEN_FORMAT.exec(token);
    if (!match) return false;
    const issuedAt = parseInt(match[1], 36);
    const age = now / 1000 - issuedAt;
    if (age < -CLOCK_SKEW_SECONDS || age > this.config.passwordResetTimeoutHours * 3600) return false;

    const expected = Buffer.from(await this.mac(subject, issuedAt));
    return timingSafeEqual(expected, Buffer.from(match[2]));
  }

  private async mac(subject: ResetSubject, issuedAt: number): Promise<string> {
    const state = [
      'password-reset',
      subject.id,
      subject.email,
      subject.passwordHash,
      subject.lastLogin?.getTime() ?? '',
      issuedAt,
    ];
    return createHmac('sha256', await this.secret.get())
      .update(state.join('\u0000'))
      .digest('base64url');
  }
}

/** The `uid` of a reset link: the user id in URL-safe base64, as the reference encodes it. */
export function encodeUid(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

export function decodeUid(uid: string): number | undefined {
  const text = Buffer.from(uid, 'base64url').toString('utf8');
  if (!/^[1-9]\d{0,9}$/.test(text) || encodeUid(Number(text)) !== uid) return undefined;
  const id = Number(text);
  return id <= 2_147_483_647 ? id : undefined;
}
