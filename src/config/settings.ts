import { isIP } from 'node:net';

/**
 * Every environment variable the server reads, with its default and meaning. `.env.example` is
 * kept in step with this table by a unit test, so operators always see the full list.
 */
export interface SettingSpec<T> {
  readonly env: string;
  readonly description: string;
  /** `undefined` marks a setting that has no default and may stay unset. */
  readonly default: string | undefined;
  readonly parse: (raw: string) => T;
  /** Human text for the error message when `parse` rejects a value. */
  readonly expects: string;
}

export class SettingParseError extends Error {}

function integer(min: number, max = Number.MAX_SAFE_INTEGER): (raw: string) => number {
  return (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new SettingParseError();
    const value = Number(raw);
    if (value < min || value > max) throw new SettingParseError();
    return value;
  };
}

function oneOf<T extends string>(...choices: T[]): (raw: string) => T {
  return (raw) => {
    const value = raw.trim().toLowerCase() as T;
    if (!choices.includes(value)) throw new SettingParseError();
    return value;
  };
}

function boolean(raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new SettingParseError();
}

function url(...protocols: string[]): (raw: string) => string {
  return (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new SettingParseError();
    }
    if (!protocols.includes(parsed.protocol)) throw new SettingParseError();
    return raw;
  };
}

const text = (raw: string): string => raw;

/** Comma-separated IP addresses and CIDR blocks (`10.1.2.3`, `10.0.0.0/8`, `fd00::/8`). */
function networks(raw: string): string[] {
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const item of items) {
    const [address, prefix, extra] = item.split('/');
    const family = isIP(address);
    const maxPrefix = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined) throw new SettingParseError();
    if (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix)) {
      throw new SettingParseError();
    }
  }
  return items;
}

export interface UserAgreement {
  readonly name: string;
  readonly displayText: string;
  readonly url: string;
  readonly required: boolean;
  /** The answer the registration form starts with. */
  readonly value: boolean;
}

/** CVAT configures agreements in snake_case; camelCase `displayText` is accepted as well. */
function userAgreements(raw: string): UserAgreement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new SettingParseError();
  }
  if (!Array.isArray(parsed)) throw new SettingParseError();
  return parsed.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new SettingParseError();
    const entry = item as Record<string, unknown>;
    const field = <T>(value: unknown, type: 'string' | 'boolean', fallback: T): T => {
      if (value === undefined) return fallback;
      if (typeof value !== type) throw new SettingParseError();
      return value as T;
    };
    const name = field(entry.name, 'string', '');
    if (name === '') throw new SettingParseError();
    return {
      name,
      displayText: field(entry.display_text ?? entry.displayText, 'string', ''),
      url: field(entry.url, 'string', ''),
      required: field(entry.required, 'boolean', false),
      value: field(entry.value, 'boolean', false),
    };
  });
}

function spec<T, D extends string | undefined>(
  env: string,
  defaultValue: D,
  parse: (raw: string) => T,
  expects: string,
  description: string,
): SettingSpec<T> & { readonly default: D } {
  return { env, default: defaultValue, parse, expects, description };
}

export const SETTINGS = {
  nodeEnv: spec(
    'NODE_ENV',
    'development',
    oneOf('development', 'production', 'test'),
    'development, production or test',
    'Runtime mode; production requires JWT_SECRET.',
  ),
  role: spec(
    'APP_ROLE',
    'all',
    oneOf('api', 'worker', 'all'),
    'api, worker or all',
    'api serves HTTP, worker runs queue processors, all does both.',
  ),
  host: spec('HOST', '0.0.0.0', text, 'an address to listen on', 'Address the HTTP server binds to.'),
  port: spec('PORT', '8080', integer(0, 65535), 'a port number from 0 to 65535', 'HTTP port.'),
  databaseUrl: spec(
    'DATABASE_URL',
    undefined,
    url('postgres:', 'postgresql:'),
    'a postgres:// URL',
    'PostgreSQL connection; npm start runs a local server when unset.',
  ),
  redisUrl: spec(
    'REDIS_URL',
    undefined,
    url('redis:', 'rediss:'),
    'a redis:// URL',
    'Redis connection for the queues; npm start runs a local server when unset.',
  ),
  queuePrefix: spec(
    'QUEUE_PREFIX',
    'cvat',
    text,
    'a key prefix',
    'Prefix of the Redis keys of the queues; processes sharing queues must agree.',
  ),
  dataRoot: spec(
    'DATA_ROOT',
    './var/data',
    text,
    'a directory path',
    'Root of media, chunks, previews, export artefacts and the share.',
  ),
  shareRoot: spec(
    'SHARE_ROOT',
    undefined,
    text,
    'a directory path',
    'The server share that server_files and GET /server/share read from; DATA_ROOT/share when unset. The server only reads it.',
  ),
  logLevel: spec(
    'LOG_LEVEL',
    'info',
    oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
    'fatal, error, warn, info, debug, trace or silent',
    'Minimum level of the JSON log lines.',
  ),
  trustProxy: spec(
    'TRUST_PROXY',
    'false',
    boolean,
    'true or false',
    'Honour X-Forwarded-* headers (scheme, host, client address) from a reverse proxy.',
  ),
  bodyLimitMb: spec(
    'BODY_LIMIT_MB',
    '100',
    integer(1, 10240),
    'an integer number of megabytes from 1 to 10240',
    'Largest accepted non-file request body.',
  ),
  maxPageSize: spec(
    'PAGINATION_MAX_PAGE_SIZE',
    '10000',
    integer(1),
    'a positive integer',
    'Hard cap on page_size, including page_size=all.',
  ),
  startupTimeoutSeconds: spec(
    'STARTUP_TIMEOUT_SECONDS',
    '60',
    integer(0, 3600),
    'an integer number of seconds from 0 to 3600',
    'How long boot keeps retrying PostgreSQL and Redis before giving up.',
  ),
  minFreeDiskMb: spec(
    'HEALTH_MIN_FREE_DISK_MB',
    '512',
    integer(0),
    'a non-negative integer',
    '/health/ready fails when less space is free under DATA_ROOT.',
  ),
  mediaMaxImagePixels: spec(
    'MEDIA_MAX_IMAGE_PIXELS',
    '200000000',
    integer(1),
    'a positive integer',
    'Images (and PDF pages at 200 DPI) with more pixels are refused before decoding, against decompression bombs.',
  ),
  mediaMaxExtractedMb: spec(
    'MEDIA_MAX_EXTRACTED_MB',
    '20480',
    integer(1),
    'a positive integer number of megabytes',
    'An uploaded archive that expands to more than this fails the task, against zip bombs.',
  ),
  mediaImagesInFlight: spec(
    'MEDIA_IMAGES_IN_FLIGHT',
    '0',
    integer(0, 256),
    'an integer from 0 to 256',
    'Images a worker compresses at once, each on one libvips thread; 0 picks 3 per CPU core.',
  ),
  chunkCacheEnabled: spec(
    'CHUNK_CACHE_ENABLED',
    'true',
    boolean,
    'true or false',
    'Honour use_cache: build chunks on first request instead of at task creation; when false it is ignored.',
  ),
  chunkCacheMaxMb: spec(
    'CHUNK_CACHE_MAX_MB',
    '2048',
    integer(1),
    'a positive integer number of megabytes',
    'Size of the on-the-fly chunk cache under DATA_ROOT/cache; least recently used chunks are evicted.',
  ),
  uploadMaxFiles: spec(
    'UPLOAD_MAX_FILES',
    '10000',
    integer(1),
    'a positive integer',
    'Most files one POST /tasks/{id}/data may upload; more answer 413.',
  ),
  uploadMaxFileMb: spec(
    'UPLOAD_MAX_FILE_MB',
    '10240',
    integer(1),
    'a positive integer number of megabytes',
    'Largest single uploaded file; a larger one answers 413 and nothing is stored.',
  ),
  uploadMaxTotalMb: spec(
    'UPLOAD_MAX_TOTAL_MB',
    '51200',
    integer(1),
    'a positive integer number of megabytes',
    'Largest total of the files of one upload; a larger one answers 413 and nothing is stored.',
  ),
  remoteFilesMaxMb: spec(
    'REMOTE_FILES_MAX_MB',
    '10240',
    integer(1),
    'a positive integer number of megabytes',
    'Largest file a task may download from remote_files; a larger one fails the task.',
  ),
  remoteFilesConnectTimeoutSeconds: spec(
    'REMOTE_FILES_CONNECT_TIMEOUT_SECONDS',
    '10',
    integer(1, 600),
    'an integer number of seconds from 1 to 600',
    'How long a remote_files download may take to resolve its host name and connect.',
  ),
  remoteFilesReadTimeoutSeconds: spec(
    'REMOTE_FILES_READ_TIMEOUT_SECONDS',
    '60',
    integer(1, 3600),
    'an integer number of seconds from 1 to 3600',
    'How long a remote_files download may wait for the next bytes before it fails.',
  ),
  remoteFilesMaxRedirects: spec(
    'REMOTE_FILES_MAX_REDIRECTS',
    '5',
    integer(0, 20),
    'an integer from 0 to 20',
    'Redirects a remote_files download follows; each one is checked like the first address.',
  ),
  remoteFilesAllowPrivate: spec(
    'REMOTE_FILES_ALLOW_PRIVATE',
    'false',
    boolean,
    'true or false',
    'Let remote_files reach private, loopback, link-local and other internal addresses; off so that users cannot make the server fetch from its own network.',
  ),
  remoteFilesAllowedNetworks: spec(
    'REMOTE_FILES_ALLOWED_NETWORKS',
    undefined,
    networks,
    'comma-separated IP addresses or CIDR blocks',
    'Internal addresses remote_files may reach although REMOTE_FILES_ALLOW_PRIVATE is false, such as an in-house object store.',
  ),
  ffmpegPath: spec(
    'FFMPEG_PATH',
    undefined,
    text,
    'a path to an ffmpeg binary',
    'ffmpeg used for video; the binary bundled by @ffmpeg-installer/ffmpeg when unset.',
  ),
  runMigrations: spec(
    'MIGRATIONS_RUN',
    'true',
    boolean,
    'true or false',
    'Apply pending migrations at boot (api and all roles).',
  ),
  adminUser: spec(
    'CVAT_ADMIN_USER',
    'admin',
    text,
    'a username',
    'Administrator created or updated at boot.',
  ),
  adminPassword: spec(
    'CVAT_ADMIN_PASSWORD',
    undefined,
    text,
    'a password',
    'Administrator password; generated and printed once when unset.',
  ),
  adminEmail: spec(
    'CVAT_ADMIN_EMAIL',
    'admin@localhost',
    text,
    'an e-mail address',
    'Administrator e-mail address.',
  ),
  throttlePublicPerMinute: spec(
    'THROTTLE_PUBLIC_PER_MINUTE',
    '100',
    integer(1),
    'a positive integer',
    'Anonymous requests to public endpoints (login, registration, password reset) per client address and minute.',
  ),
  throttleCredentialsPerMinute: spec(
    'THROTTLE_CREDENTIALS_PER_MINUTE',
    '10',
    integer(1),
    'a positive integer',
    'Sign-in, registration and password-reset attempts per username or e-mail and minute.',
  ),
  authCacheSeconds: spec(
    'AUTH_CACHE_SECONDS',
    '10',
    integer(0, 3600),
    'an integer number of seconds from 0 to 3600',
    'How long a process may reuse who a key or session belongs to; changes are announced to every process at once, this bounds staleness when Redis is unreachable. 0 disables.',
  ),
  jwtSecret: spec(
    'JWT_SECRET',
    undefined,
    text,
    'a secret string',
    'Key that signs access tokens and URLs; required in production, elsewhere generated once and kept in the database.',
  ),
  passwordHashMemoryKib: spec(
    'PASSWORD_HASH_MEMORY_KIB',
    '19456',
    integer(1024, 1048576),
    'an integer from 1024 to 1048576',
    'argon2id memory cost per password hash.',
  ),
  passwordHashIterations: spec(
    'PASSWORD_HASH_ITERATIONS',
    '2',
    integer(1, 20),
    'an integer from 1 to 20',
    'argon2id time cost per password hash.',
  ),
  passwordResetTimeoutHours: spec(
    'PASSWORD_RESET_TIMEOUT_HOURS',
    '72',
    integer(1, 8760),
    'an integer number of hours from 1 to 8760',
    'How long a password-reset link stays valid; any sign-in or password change voids it sooner.',
  ),
  smtpUrl: spec(
    'SMTP_URL',
    undefined,
    url('smtp:', 'smtps:'),
    'an smtp://user:password@host:port or smtps:// URL',
    'Mail server for password-reset messages; when unset the reset link is written to the log instead.',
  ),
  emailFrom: spec(
    'EMAIL_FROM',
    'noreply@localhost',
    text,
    'an e-mail address, optionally as "Name <address>"',
    'Sender of the messages the server mails.',
  ),
  userAgreements: spec(
    'USER_AGREEMENTS',
    '[]',
    userAgreements,
    'a JSON list of {"name", "display_text", "url", "required"} objects',
    'Agreements shown at registration; those with required true must be accepted to register.',
  ),
  termsOfUseFile: spec(
    'TERMS_OF_USE_FILE',
    undefined,
    text,
    'a path to an HTML file',
    'Page served at /api/v1/restrictions/terms-of-use; a short built-in page when unset.',
  ),
  taskLimit: spec(
    'RESTRICTIONS_TASK_LIMIT',
    undefined,
    integer(0),
    'a non-negative integer',
    'Most tasks a non-admin may own, counted for the requester and for the owner he names; no limit when unset.',
  ),
  annotationVersionCheck: spec(
    'ANNOTATION_VERSION_CHECK',
    'off',
    oneOf('off', 'strict'),
    'off or strict',
    'strict refuses an annotation write (409) whose body `version` is not the current one; with off, only writes sending If-Match are checked, and the last write wins as in CVAT 1.x.',
  ),
  reduceTaskVisibility: spec(
    'RESTRICTIONS_REDUCE_TASK_VISIBILITY',
    'false',
    boolean,
    'true or false',
    'When true, tasks without an assignee are no longer visible to, and annotatable by, every user.',
  ),
} as const;

export type SettingKey = keyof typeof SETTINGS;
