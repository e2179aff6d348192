import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  ConflictError,
  FieldValidationError,
  MethodNotAllowedError,
  NotAuthenticatedError,
  NotFoundError,
  PermissionDeniedError,
  PlainMessageError,
  RequestRejectedError,
  ThrottledError,
} from '../../src/common/errors/domain-errors.js';
import { toErrorResponse } from '../../src/common/errors/error-response.js';

describe('error bodies', () => {
  it('answers field errors as a field map', () => {
    const response = toErrorResponse(
      new FieldValidationError({ labels: [{ name: ['This field is required.'] }, {}] }),
    );
    assert.deepEqual(response, {
      status: 400,
      body: { labels: [{ name: ['This field is required.'] }, {}] },
    });
    assert.deepEqual(toErrorResponse(FieldValidationError.nonField('x')).body, { non_field_errors: ['x'] });
  });

  it('answers view-level rejections as a list of strings', () => {
    assert.deepEqual(
      toErrorResponse(new RequestRejectedError(['Unknown format specified for the request'])),
      {
        status: 400,
        body: ['Unknown format specified for the request'],
      },
    );
  });

  it('answers frame-data errors as a bare string', () => {
    assert.deepEqual(toErrorResponse(new PlainMessageError('forbidden', 'nope')), {
      status: 403,
      body: 'nope',
    });
  });

  it('uses the framework detail shape with CVAT texts', () => {
    assert.deepEqual(toErrorResponse(new NotAuthenticatedError()), {
      status: 401,
      body: { detail: 'Authentication credentials were not provided.' },
      headers: { 'www-authenticate': 'Token' },
    });
    assert.deepEqual(toErrorResponse(new PermissionDeniedError()).body, {
      detail: 'You do not have permission to perform this action.',
    });
    assert.deepEqual(toErrorResponse(new NotFoundError()), { status: 404, body: { detail: 'Not found.' } });
    assert.deepEqual(toErrorResponse(new MethodNotAllowedError('PUT')).body, {
      detail: 'Method "PUT" not allowed.',
    });
    assert.equal(toErrorResponse(new ThrottledError(12)).headers?.['retry-after'], '12');
    assert.deepEqual(toErrorResponse(new ConflictError('moved on', { version: 7 })).body, {
      detail: 'moved on',
      version: 7,
    });
  });
});
