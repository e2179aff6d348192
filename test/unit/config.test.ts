import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { SETTINGS } from '../../src/config/settings.js';

describe('configuration', () => {
  it('applies documented defaults when nothing is set', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.role, 'all');
    assert.equal(config.maxPageSize, 10000);
    assert.equal(config.databaseUrl, undefined);
  });

  it('parses typed values', () => {
    const config = loadConfig({ PORT: '9000', APP_ROLE: 'Worker', TRUST_PROXY: 'yes' });
    assert.equal(config.port, 9000);
    assert.equal(config.role, 'worker');
    assert.equal(config.trustProxy, true);
  });

  it('reports every invalid value at once, naming the variable and what it expects', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', APP_ROLE: 'both', DATABASE_URL: 'mysql://x' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 3);
        assert.match(error.message, /PORT="eighty" is invalid: expected a port number/);
        assert.match(error.message, /APP_ROLE="both" is invalid: expected api, worker or all/);
        assert.match(error.message, /DATABASE_URL="mysql:\/\/x" is invalid: expected a postgres:\/\/ URL/);
        return true;
      },
    );
  });

  it('reads the networks remote files may reach as addresses and CIDR blocks', () => {
    const config = loadConfig({ REMOTE_FILES_ALLOWED_NETWORKS: ' 10.0.0.0/8, 192.168.1.7 ,fd00::/8,' });
    assert.deepEqual(config.remoteFilesAllowedNetworks, ['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
    assert.equal(loadConfig({}).remoteFilesAllowedNetworks, undefined);
    assert.equal(loadConfig({}).remoteFilesAllowPrivate, false);
    for (const bad of [
      '10.0.0.0/33',
      'fd00::/129',
      'example.com',
      '10.0.0.0/8/1',
      '10.0.0.0/',
      '10.0.0.0/x',
    ]) {
      assert.throws(
        () => loadConfig({ REMOTE_FILES_ALLOWED_NETWORKS: bad }),
        /REMOTE_FILES_ALLOWED_NETWORKS=.* is invalid: expected comma-separated IP addresses or CIDR blocks/,
        bad,
      );
    }
  });

  it('refuses production mode without a JWT secret', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /JWT_SECRET is required/);
    assert.equal(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's3cret' }).nodeEnv, 'production');
  });

  it('lists every setting in .env.example with its default', async () => {
    const example = await readFile(new URL('../../../.env.example', import.meta.url), 'utf8');
    for (const setting of Object.values(SETTINGS)) {
      const line = example
        .split('\n')
        .find((candidate) => candidate.replace(/^# ?/, '').startsWith(`${setting.env}=`));
      assert.ok(line, `${setting.env} is missing from .env.example`);
      if (setting.default !== undefined) {
        assert.ok(line.endsWith(`=${setting.default}`), `${setting.env} default in .env.example differs`);
      }
    }
  });
});
