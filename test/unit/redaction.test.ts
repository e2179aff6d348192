import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';

import { pino } from 'pino';

import { REDACTED_PATHS, redactUrl, withoutUrlQueries } from '../../src/logging/redaction.js';

describe('log redaction', () => {
  it('hides credentials carried in query strings', () => {
    assert.equal(
      redactUrl('/api/v1/tasks/1/data?type=chunk&sign=abc:def'),
      '/api/v1/tasks/1/data?type=chunk&sign=%5BRedacted%5D',
    );
    assert.equal(redactUrl('/api/v1/tasks'), '/api/v1/tasks');
  });

  it('hides the query strings of URLs inside a text, whatever their parameters are called', () => {
    assert.equal(
      withoutUrlQueries(
        'Exception: Failed to download https://bucket.example/a.jpg?X-Amz-Signature=abc&X-Amz-Expires=60. 403 - Forbidden',
      ),
      'Exception: Failed to download https://bucket.example/a.jpg?[Redacted]. 403 - Forbidden',
    );
    assert.equal(
      withoutUrlQueries('Invalid URL: http://host/x.jpg#frag. y'),
      'Invalid URL: http://host/x.jpg#frag. y',
    );
  });

  it('removes passwords, tokens and auth headers from log lines', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[Redacted]' } }, sink);
    logger.info({ req: { headers: { authorization: 'Token abc123', cookie: 'sessionid=s' } } }, 'r');
    logger.info({ body: { username: 'u', password: 'hunter22' }, token: 'tok' }, 'b');
    const output = lines.join('');
    for (const secret of ['abc123', 'sessionid=s', 'hunter22', 'tok"'])
      assert.ok(!output.includes(secret), secret);
    assert.ok(output.includes('"username":"u"'));
  });
});
