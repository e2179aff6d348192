/**
 * Paths removed from every log line. Credentials can reach a log through request headers,
 * response cookies, logged bodies and error payloads, so each of those places is listed.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrftoken"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.password1',
  '*.password2',
  '*.old_password',
  '*.new_password1',
  '*.new_password2',
  '*.token',
  '*.key',
  'password',
  'token',
  'key',
];

/** Query parameters that carry credentials in URLs (signed URLs carry `sign`). */
const SECRET_QUERY_PARAMS = ['sign', 'token', 'key', 'password'];

export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const name of SECRET_QUERY_PARAMS) {
    if (params.has(name)) params.set(name, '[Redacted]');
  }
  return `${url.slice(0, queryStart)}?${params.toString()}`;
}

/**
 * Text with the query string of every http(s) URL in it replaced: a URL a user gave us (a
 * presigned download link) carries its credentials in parameters whose names we cannot know.
 */
export function withoutUrlQueries(text: string): string {
  // A full stop right after a URL ends the sentence (`<url>. <reason>`), not the query.
  return text.replace(/(https?:\/\/[^\s?#]*)\?[^\s#]*?(?=\.?(?:\s|#|$))/gi, '$1?[Redacted]');
}
