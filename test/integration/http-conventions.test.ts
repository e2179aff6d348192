import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

type InjectOptions = Exclude<Parameters<TestApp['app']['inject']>[0], string | undefined>;

describe('HTTP conventions', () => {
  let harness: TestApp;
  let auth: { authorization: string };

  before(async () => {
    harness = await startTestApp();
    auth = await signIn(harness);
  });
  after(() => harness.close());

  const request = (options: InjectOptions) =>
    harness.app.inject({ ...options, headers: { ...auth, ...options.headers } });

  it('answers an unknown route with 404 Not found.', async () => {
    const response = await request({ method: 'GET', url: '/api/v1/nothing-here' });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), { detail: 'Not found.' });
  });

  it('does not accept trailing slashes', async () => {
    const response = await request({ method: 'GET', url: '/api/v1/server/about/' });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), { detail: 'Not found.' });
  });

  it('answers a wrong method with 405 and the allowed methods', async () => {
    const response = await request({ method: 'DELETE', url: '/api/v1/server/plugins' });
    assert.equal(response.statusCode, 405);
    assert.deepEqual(response.json(), { detail: 'Method "DELETE" not allowed.' });
    assert.equal(response.headers.allow, 'GET, HEAD');
  });

  it('accepts HEAD wherever GET is accepted', async () => {
    const response = await request({ method: 'HEAD', url: '/api/v1/server/about' });
    assert.equal(response.statusCode, 200);
  });

  it('carries a request id in a response header and honours a well-formed incoming one', async () => {
    const generated = await request({ method: 'GET', url: '/health' });
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const kept = await request({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(kept.headers['x-request-id'], 'abc-123');
    const replaced = await request({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'bad id\u0001' },
    });
    assert.notEqual(replaced.headers['x-request-id'], 'bad id\u0001');
  });

  it('reports liveness and readiness', async () => {
    assert.deepEqual((await request({ method: 'GET', url: '/health' })).json(), { status: 'ok' });
    const ready = await request({ method: 'GET', url: '/health/ready' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), {
      status: 'ok',
      checks: { database: { status: 'up' }, redis: { status: 'up' }, disk: { status: 'up' } },
    });
  });

  it('exposes Prometheus metrics for requests, queues and memory', async () => {
    await request({ method: 'GET', url: '/health' });
    const response = await request({ method: 'GET', url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    assert.match(
      response.body,
      /http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/,
    );
    assert.match(response.body, /queue_jobs\{queue="maintenance",state="waiting"\} \d+/);
    assert.match(response.body, /process_resident_memory_bytes \d+/);
  });

  it('serves the API document as JSON and YAML, and the UI', async () => {
    const json = await request({ method: 'GET', url: '/api/swagger.json' });
    assert.equal(json.statusCode, 200);
    assert.ok(json.json<{ paths: Record<string, unknown> }>().paths['/api/v1/server/about']);
    const yaml = await request({ method: 'GET', url: '/api/swagger.yaml' });
    assert.match(yaml.body, /^openapi: 3/m);
    for (const url of ['/api/swagger', '/api/docs']) {
      const ui = await request({ method: 'GET', url });
      assert.equal(ui.statusCode, 200, url);
      assert.match(ui.body, /swagger-ui/i);
    }
  });

  it('describes the server as CVAT clients expect', async () => {
    const about = (await request({ method: 'GET', url: '/api/v1/server/about' })).json<
      Record<string, string>
    >();
    assert.equal(about.name, 'Computer Vision Annotation Tool');
    assert.match(about.version, /^\d+\.\d+/);
    const plugins: unknown = (await request({ method: 'GET', url: '/api/v1/server/plugins' })).json();
    assert.deepEqual(plugins, { GIT_INTEGRATION: false, ANALYTICS: false, MODELS: false });
  });
});

describe('request bodies', () => {
  let harness: TestApp;
  let auth: { authorization: string };

  before(async () => {
    harness = await startTestApp();
    auth = await signIn(harness);
  });
  after(() => harness.close());

  const request = (options: InjectOptions) =>
    harness.app.inject({ ...options, headers: { ...auth, ...options.headers } });

  const event = { client_id: 1, name: 'Load job', time: '2026-01-02T03:04:05.123Z', is_active: true };

  it('answers malformed JSON with a JSON parse error', async () => {
    const response = await request({
      method: 'POST',
      url: '/api/v1/server/logs',
      headers: { 'content-type': 'application/json' },
      payload: '[{"a":',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.json<{ detail: string }>().detail, /^JSON parse error - /);
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await request({
      method: 'POST',
      url: '/api/v1/server/logs',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    assert.equal(response.statusCode, 415);
    assert.deepEqual(response.json(), { detail: 'Unsupported media type "text/plain" in request.' });
  });

  it('validates each item of a list body and reports errors per item', async () => {
    const response = await request({
      method: 'POST',
      url: '/api/v1/server/logs',
      payload: [event, { ...event, client_id: 'x', name: undefined }],
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), [
      {},
      { client_id: ['A valid integer is required.'], name: ['This field is required.'] },
    ]);
  });

  it('refuses an object where a list is expected', async () => {
    const response = await request({ method: 'POST', url: '/api/v1/server/logs', payload: event });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      non_field_errors: ['Expected a list of items but got type "dict".'],
    });
  });

  it('accepts client events and exception reports', async () => {
    const logs = await request({ method: 'POST', url: '/api/v1/server/logs', payload: [event] });
    assert.equal(logs.statusCode, 201);
    assert.deepEqual(logs.json(), [event]);

    const report = {
      system: 'Linux',
      client: 'Chrome',
      time: '2026-01-02T03:04:05Z',
      client_id: 3,
      message: 'boom',
      filename: 'http://localhost:8080/main.js',
      line: 1,
      column: 2,
      stack: '',
    };
    const exception = await request({
      method: 'POST',
      url: '/api/v1/server/exception',
      payload: report,
    });
    assert.equal(exception.statusCode, 201);
    assert.deepEqual(exception.json(), report);
  });

  it('accepts form-encoded bodies with CVAT boolean words', async () => {
    const response = await request({
      method: 'POST',
      url: '/api/v1/server/exception',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload:
        'system=Linux&client=Firefox&time=2026-01-02T03:04:05Z&client_id=4&message=m&filename=http%3A%2F%2Fh%2Fa.js&line=1&column=1&stack=',
    });
    assert.equal(response.statusCode, 201);
    assert.equal(response.json<{ client_id: number }>().client_id, 4);
  });

  it('reports missing and malformed fields with CVAT messages', async () => {
    const response = await request({
      method: 'POST',
      url: '/api/v1/server/exception',
      payload: { system: '', client: 'x'.repeat(300), time: 'yesterday', client_id: 1, line: 1.5 },
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      system: ['This field may not be blank.'],
      client: ['Ensure this field has no more than 255 characters.'],
      time: [
        'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
      ],
      message: ['This field is required.'],
      filename: ['This field is required.'],
      line: ['A valid integer is required.'],
      column: ['This field is required.'],
      stack: ['This field is required.'],
    });
  });
});
