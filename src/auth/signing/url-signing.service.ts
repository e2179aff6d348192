import { Injectable } from '@nestjs/common';

import { RequestRejectedError } from '../../common/errors/domain-errors.js';
import { absoluteUrl, type RequestOrigin } from '../../common/http/absolute-url.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { UrlSigner } from './url-signer.js';

/** Hands a script a link that authenticates as its user for a short while (spec/auth.md, section 4). */
@Injectable()
export class UrlSigningService {
  constructor(private readonly signer: UrlSigner) {}

  async sign(user: AuthenticatedUser, url: string | undefined, origin: RequestOrigin): Promise<string> {
    if (!url) throw new RequestRejectedError(['Please provide `url` parameter']);
    let absolute: URL;
    try {
      absolute = new URL(url, absoluteUrl(origin, '/'));
    } catch {
      throw new RequestRejectedError([`Cannot sign "${url}": not a URL`]);
    }
    return this.signer.sign(absolute.toString(), user);
  }
}
