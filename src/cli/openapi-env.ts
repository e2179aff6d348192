/**
 * The document does not depend on where the services are, but the config module requires their
 * URLs; these placeholders are never connected to, because the document is built in preview mode.
 */
export const OPENAPI_PLACEHOLDER_ENV = {
  DATABASE_URL: 'postgres://placeholder@127.0.0.1:1/placeholder',
  REDIS_URL: 'redis://127.0.0.1:1',
  APP_ROLE: 'api',
  LOG_LEVEL: 'warn',
};
