import type { RequestOrigin } from '../http/absolute-url.js';
import type { PageRequest } from './page-request.js';

/**
 * Everything a list endpoint needs from the HTTP request, passed from the controller to the
 * service so that services never see framework objects.
 */
export interface ListRequest {
  readonly origin: RequestOrigin;
  readonly url: string;
  readonly page: PageRequest;
  readonly query: Readonly<Record<string, string | undefined>>;
}
