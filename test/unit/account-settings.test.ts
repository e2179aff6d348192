import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ConfigError, loadConfig } from '../../src/config/app-config.js';

describe('account settings', () => {
  it('defaults to no agreements, three-day reset links and logged links', () => {
    const config = loadConfig({});
    assert.deepEqual(config.userAgreements, []);
    assert.equal(config.passwordResetTimeoutHours, 72);
    assert.equal(config.smtpUrl, undefined);
    assert.equal(config.emailFrom, 'noreply@localhost');
  });

  it('reads agreements in snake or camel case and fills in the optional parts', () => {
    const config = loadConfig({
      USER_AGREEMENTS:
        '[{"name": "a", "display_text": "A", "required": true}, {"name": "b", "displayText": "B"}]',
    });
    assert.deepEqual(config.userAgreements, [
      { name: 'a', displayText: 'A', url: '', required: true, value: false },
      { name: 'b', displayText: 'B', url: '', required: false, value: false },
    ]);
  });

  it('refuses malformed agreements and mail settings, naming the variable', () => {
    for (const env of [
      { USER_AGREEMENTS: 'not json' },
      { USER_AGREEMENTS: '{"name": "a"}' },
      { USER_AGREEMENTS: '[{"display_text": "no name"}]' },
      { USER_AGREEMENTS: '[{"name": "a", "required": "yes"}]' },
      { SMTP_URL: 'http://mail.example.com' },
      { PASSWORD_RESET_TIMEOUT_HOURS: '0' },
    ]) {
      const [name] = Object.keys(env);
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && error.message.includes(`${name}=`),
        name,
      );
    }
    assert.equal(
      loadConfig({ SMTP_URL: 'smtps://user:secret@mail.example.com:465' }).smtpUrl,
      'smtps://user:secret@mail.example.com:465',
    );
  });
});
