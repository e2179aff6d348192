import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FieldValidationError } from '../../src/common/errors/domain-errors.js';
import { readDataRequest } from '../../src/data/intake/data-request.js';

const fieldErrors = (raw: Record<string, unknown>): unknown => {
  try {
    readDataRequest(raw);
  } catch (error) {
    assert.ok(error instanceof FieldValidationError);
    return error.fields;
  }
  return assert.fail('expected field errors');
};

describe('the server_files and remote_files of a data request', () => {
  it('are empty when absent', () => {
    const request = readDataRequest({ image_quality: '70' });
    assert.deepEqual(request.serverFiles, []);
    assert.deepEqual(request.remoteFiles, []);
  });

  it('come from JSON arrays as given', () => {
    const request = readDataRequest({
      image_quality: 70,
      server_files: ['b.jpg', '/data/'],
      remote_files: ['https://example.com/a.jpg'],
    });
    assert.deepEqual(request.serverFiles, ['b.jpg', '/data/']);
    assert.deepEqual(request.remoteFiles, ['https://example.com/a.jpg']);
  });

  it('come from indexed form fields in index order, gaps allowed', () => {
    const request = readDataRequest({
      image_quality: '70',
      'server_files[10]': 'c.jpg',
      'server_files[2]': 'b.jpg',
      'server_files[0]': 'a.jpg',
      'server_files[x]': 'ignored.jpg',
    });
    assert.deepEqual(request.serverFiles, ['a.jpg', 'b.jpg', 'c.jpg']);
  });

  it('refuse what is not a list of strings of at most 1024 characters', () => {
    assert.deepEqual(
      fieldErrors({ image_quality: 70, server_files: { a: 1 }, remote_files: ['ok', 7, 'x'.repeat(1025)] }),
      {
        server_files: ['Expected a list of items but got type "dict".'],
        remote_files: ['Not a valid string.', 'Ensure this field has no more than 1024 characters.'],
      },
    );
  });
});
