import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

import { MediaFailure, MediaFailures } from '../media-failure.js';
import { AddressPolicy, type AddressRules } from './address-policy.js';

export const REMOTE_FILE_LIMITS = Symbol('REMOTE_FILE_LIMITS');
export const HOST_RESOLVER = Symbol('HOST_RESOLVER');

/** Every address of a host name; the system's resolver unless a test needs a slow one. */
export type HostResolver = (hostname: string, options: LookupOptions) => Promise<LookupAddress[]>;

const systemResolver: HostResolver = (hostname, options) => dns.lookup(hostname, { ...options, all: true });

export interface RemoteFileLimits extends AddressRules {
  readonly maxBytes: number;
  readonly connectTimeoutMs: number;
  /** Longest silence while connecting, waiting for the answer or reading it. */
  readonly readTimeoutMs: number;
  readonly maxRedirects: number;
}

const MB = 2 ** 20;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** CVAT sends this; some servers refuse requests without a browser-like agent. */
const USER_AGENT = 'Mozilla/5.0';

/** A connection that was never attempted because the address is internal. */
class RefusedAddressError extends Error {
  constructor(readonly address: string) {
    super(`Refused to connect to the internal address ${address}`);
  }
}

class DownloadTimeoutError extends Error {
  constructor(readonly phase: 'connect' | 'read') {
    super(`The ${phase} timeout passed`);
  }
}

/**
 * The name a download is stored under (data.md §3): the last component of the URL's path, decoded,
 * without the query string.
 */
export function remoteFileName(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw MediaFailures.invalidUrl(url, 'It is not an absolute URL');
  }
  const segment = parsed.pathname.split('/').pop() ?? '';
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // A stray `%` is kept as it is, as Python's unquote does.
  }
  const name = basename(decoded.replaceAll('\\', '/'));
  if (name === '' || name === '.' || name === '..') {
    throw MediaFailures.invalidUrl(url, 'Its path does not end in a file name');
  }
  return name;
}

/**
 * Downloads `remote_files` with Node's HTTP client, within a size cap, connect and read timeouts
 * and a redirect limit. Internal addresses are refused unless allowed, and the check happens where
 * the connection is made: a DNS lookup hook on the agents judges every address a host name resolves
 * to, for the first request and every redirect, so a name cannot resolve to a public address when
 * checked and to an internal one when connected. Literal IP addresses skip DNS and are checked before
 * the request.
 */
@Injectable()
export class RemoteDownloader {
  private readonly logger = new Logger(RemoteDownloader.name);
  private readonly policy: AddressPolicy;
  private readonly agents: Record<'http:' | 'https:', http.Agent>;

  constructor(
    @Inject(REMOTE_FILE_LIMITS) private readonly limits: RemoteFileLimits,
    @Optional() @Inject(HOST_RESOLVER) private readonly resolveHost: HostResolver = systemResolver,
  ) {
    this.policy = new AddressPolicy(limits);
    this.agents = {
      'http:': new http.Agent({ lookup: this.guardedLookup }),
      'https:': new https.Agent({ lookup: this.guardedLookup }),
    };
  }

  /** Writes the body of `url` to `target`; on failure nothing is left there. */
  async download(url: string, target: string): Promise<void> {
    try {
      let location = this.checkedUrl(url, url);
      for (let redirects = 0; ; redirects += 1) {
        this.logger.log({ host: location.host, path: location.pathname }, 'Downloading a remote file');
        const response = await this.get(location);
        const next = REDIRECTS.has(response.statusCode ?? 0) ? response.headers.location : undefined;
        if (next === undefined) {
          await this.save(url, response, target);
          return;
        }
        // Only the location matters; a redirect's body may be large and is never read.
        response.destroy();
        if (redirects >= this.limits.maxRedirects) {
          throw MediaFailures.downloadFailed(url, `It redirects more than ${this.limits.maxRedirects} times`);
        }
        location = this.checkedUrl(url, next, location);
      }
    } catch (error) {
      await rm(target, { force: true });
      throw this.failure(url, error);
    }
  }

  private checkedUrl(url: string, location: string, base?: URL): URL {
    let parsed: URL;
    try {
      parsed = new URL(location, base);
    } catch {
      throw MediaFailures.invalidUrl(url, `${location} is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw MediaFailures.invalidUrl(
        url,
        `Only http and https URLs can be downloaded, not ${parsed.protocol}`,
      );
    }
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0 && !this.policy.allows(host)) throw new RefusedAddressError(host);
    return parsed;
  }

  private get(location: URL): Promise<IncomingMessage> {
    const { connectTimeoutMs, readTimeoutMs } = this.limits;
    const client = location.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let response: IncomingMessage | undefined;
      const request = client.get(location, {
        agent: this.agents[location.protocol as 'http:' | 'https:'],
        headers: { 'user-agent': USER_AGENT },
      });
      const fail = (error: Error) => {
        clearTimeout(connectTimer);
        request.destroy(error);
        response?.destroy(error);
        reject(error);
      };
      const connectTimer = setTimeout(() => fail(new DownloadTimeoutError('connect')), connectTimeoutMs);
      request.once('socket', (socket) => {
        if (!socket.connecting) clearTimeout(connectTimer);
        else socket.once('connect', () => clearTimeout(connectTimer));
      });
      // The socket's idle timer: it covers waiting for the answer and every pause while reading it.
      request.setTimeout(readTimeoutMs, () => fail(new DownloadTimeoutError('read')));
      request.once('response', (answer) => {
        clearTimeout(connectTimer);
        response = answer;
        resolve(answer);
      });
      // `on`, not `once`: a request can report more than one error while it is torn down.
      request.on('error', fail);
    });
  }

  private async save(url: string, response: IncomingMessage, target: string): Promise<void> {
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      response.resume();
      throw MediaFailures.downloadFailed(url, `${status} - ${response.statusMessage ?? ''}`);
    }
    const tooLarge = () =>
      MediaFailures.downloadFailed(url, `It is larger than ${this.limits.maxBytes / MB} MB`);
    if (Number(response.headers['content-length'] ?? 0) > this.limits.maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    let received = 0;
    const cap = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        received += chunk.length;
        if (received > this.limits.maxBytes) callback(tooLarge());
        else callback(null, chunk);
      },
    });
    await pipeline(response, cap, createWriteStream(target));
  }

  /** The task's status text for anything that went wrong. */
  private failure(url: string, error: unknown): MediaFailure {
    if (error instanceof MediaFailure) return error;
    if (error instanceof RefusedAddressError) {
      // The user learns that the address is refused, not what a name resolves to inside the network.
      this.logger.warn({ address: error.address }, 'Refused a download from an internal address');
      return MediaFailures.invalidUrl(
        url,
        'It leads to an internal (private, loopback, link-local or reserved) address',
      );
    }
    if (error instanceof DownloadTimeoutError) {
      return error.phase === 'connect'
        ? MediaFailures.invalidUrl(url, `No connection within ${this.limits.connectTimeoutMs / 1000} s`)
        : MediaFailures.downloadFailed(url, `No data for ${this.limits.readTimeoutMs / 1000} s`);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return MediaFailures.invalidUrl(url, 'Name or service not known');
    }
    if (code === 'ECONNREFUSED') return MediaFailures.invalidUrl(url, 'Connection refused');
    const message = error instanceof Error ? error.message : String(error);
    return MediaFailures.downloadFailed(url, message);
  }

  /** Resolves like the default lookup, but fails when any address of the name is refused. */
  private readonly guardedLookup: LookupFunction = (hostname, options, callback) => {
    this.resolveHost(hostname, options).then(
      (addresses) => {
        const refused = addresses.find((entry) => !this.policy.allows(entry.address));
        if (addresses.length === 0)
          callback(Object.assign(new Error(hostname), { code: 'ENOTFOUND' }), '', 0);
        else if (refused) callback(new RefusedAddressError(refused.address), '', 0);
        else if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
