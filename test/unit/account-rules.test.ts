import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeUid, encodeUid } from '../../src/auth/accounts/password-reset-tokens.js';
import { PASSWORD_MESSAGES, passwordProblems } from '../../src/auth/accounts/password-rules.js';
import { isAccountEmail } from '../../src/auth/users/account-fields.js';
import { pythonSetRepr, pythonTypeName } from '../../src/common/validation/python-notation.js';
import { parseObjectId } from '../../src/common/http/object-id.js';
import { NotFoundError } from '../../src/common/errors/domain-errors.js';

describe('password rules', () => {
  it('accepts a long, uncommon password with letters', () => {
    assert.deepEqual(passwordProblems('violet-harbour-42'), []);
  });

  it('reports every rule broken, in order', () => {
    assert.deepEqual(passwordProblems('123'), [
      PASSWORD_MESSAGES.tooShort,
      PASSWORD_MESSAGES.tooCommon,
      PASSWORD_MESSAGES.numeric,
    ]);
    assert.deepEqual(passwordProblems('90817263545'), [PASSWORD_MESSAGES.numeric]);
    assert.deepEqual(passwordProblems('x7'), [PASSWORD_MESSAGES.tooShort]);
  });

  it('compares with the common list regardless of case and surrounding spaces', () => {
    for (const password of ['Password', ' PASSWORD1 ', 'iloveyou', 'Qwertyuiop']) {
      assert.ok(passwordProblems(password).includes(PASSWORD_MESSAGES.tooCommon), password);
    }
  });

  it('counts characters, not UTF-16 units', () => {
    assert.deepEqual(passwordProblems('🙂🙂🙂🙂🙂🙂🙂'), [PASSWORD_MESSAGES.tooShort]);
    assert.deepEqual(passwordProblems('🙂🙂🙂🙂🙂🙂🙂🙂'), []);
  });
});

describe('reset link uid', () => {
  it('is the URL-safe base64 of the decimal id and decodes back', () => {
    assert.equal(encodeUid(1), 'MQ');
    assert.equal(encodeUid(12345), 'MTIzNDU');
    assert.equal(decodeUid('MTIzNDU'), 12345);
  });

  it('decodes nothing that is not a canonical positive 32-bit id', () => {
    for (const uid of [
      '',
      'Zm9v',
      'MA',
      encodeUid(2 ** 31),
      'MQ==',
      Buffer.from('01').toString('base64url'),
    ]) {
      assert.equal(decodeUid(uid), undefined, uid);
    }
  });
});

describe('user ids in paths', () => {
  it('parses positive 32-bit integers', () => {
    assert.equal(parseObjectId('1'), 1);
    assert.equal(parseObjectId('2147483647'), 2147483647);
  });

  it('answers not found for anything else', () => {
    for (const raw of ['0', '-1', '1.0', 'abc', '2147483648', '99999999999', '', ' 1', 'self']) {
      assert.throws(() => parseObjectId(raw), NotFoundError, raw);
    }
  });
});

describe('Python notation in messages', () => {
  it('renders sets of strings sorted, quoting as Python does', () => {
    assert.equal(pythonSetRepr(['is_staff']), "{'is_staff'}");
    assert.equal(pythonSetRepr(['groups', 'email', 'groups']), "{'email', 'groups'}");
    assert.equal(pythonSetRepr(["it's"]), `{"it's"}`);
    assert.equal(pythonSetRepr(['a\\b\n']), "{'a\\\\b\\n'}");
    assert.equal(pythonSetRepr([]), 'set()');
  });

  it('names JSON values by their Python types', () => {
    assert.deepEqual(['x', 1, 1.5, true, null, {}, []].map(pythonTypeName), [
      'str',
      'int',
      'float',
      'bool',
      'NoneType',
      'dict',
      'list',
    ]);
  });
});

describe('account e-mail addresses', () => {
  it('needs a domain with a dot, except localhost', () => {
    for (const good of ['bob@example.com', 'admin@localhost', 'Admin@LOCALHOST', 'a.b+c@sub.example.org']) {
      assert.equal(isAccountEmail(good), true, good);
    }
    for (const bad of ['bob@example', 'bob', '@example.com', 'bob@@example.com', 'bob@local host', '', 42]) {
      assert.equal(isAccountEmail(bad), false, String(bad));
    }
  });
});
