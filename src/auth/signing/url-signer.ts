import { createHmac, timingSafeEqual } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { SigningSecret } from '../secrets/signing-secret.service.js';

export const SIGNED_URL_LIFETIME_SECONDS = 30;

export interface SignedUrlClaims {
  readonly userId: number;
  readonly username: string;
  readonly signedAt: number;
}

/** The part of a URL a signature covers: path and query, without the `sign` parameter. */
export function signedPart(url: string): string {
  const parsed = new URL(url, 'http://placeholder');
  parsed.searchParams.delete('sign');
  return `${parsed.pathname}${parsed.search}`;
}

/**
 * Signed URLs let a script hand a link to something that cannot send headers. The signature
 * names the user and the signing time and is bound to the exact path and query.
 */
@Injectable()
export class UrlSigner {
  constructor(private readonly secret: SigningSecret) {}

  async sign(url: string, user: { id: number; username: string }, now = Date.now()): Promise<string> {
    const claims = Buffer.from(JSON.stringify([user.id, user.username, Math.floor(now / 1000)])).toString(
      'base64url',
    );
    const mac = await this.mac(claims, signedPart(url));
    const parsed = new URL(url, 'http://placeholder');
    parsed.searchParams.set('sign', `${claims}.${mac}`);
    return parsed.toString();
  }

  /** Returns the claims of a valid signature, `expired` for an old one, undefined for a bad one. */
  async verify(
    url: string,
    signature: string,
    now = Date.now(),
  ): Promise<SignedUrlClaims | 'expired' | undefined> {
    const [claims, mac] = signature.split('.');
    if (!claims || !mac) return undefined;
    const expected = Buffer.from(await this.mac(claims, signedPart(url)));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;

    const [userId, username, signedAt] = JSON.parse(Buffer.from(claims, 'base64url').toString()) as [
      number,
      string,
      number,
    ];
    if (now / 1000 - signedAt > SIGNED_URL_LIFETIME_SECONDS) return 'expired';
    return { userId, username, signedAt };
  }

  private async mac(claims: string, target: string): Promise<string> {
    return createHmac('sha256', await this.secret.get())
      .update(`${claims}|${target}`)
      .digest('base64url');
  }
}
