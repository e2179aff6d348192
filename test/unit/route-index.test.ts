import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { RouteIndex } from '../../src/common/http/route-index.js';

describe('route index', () => {
  it('lists the methods registered for a concrete path', () => {
    const routes = new RouteIndex();
    routes.add(['GET', 'HEAD'], '/api/v1/tasks/:id');
    routes.add('DELETE', '/api/v1/tasks/:id');
    routes.add('POST', '/api/v1/auth/logout');
    assert.deepEqual(routes.allowedMethods('/api/v1/tasks/5?x=1'), ['GET', 'HEAD', 'DELETE']);
    assert.deepEqual(routes.allowedMethods('/api/v1/auth/logout'), ['POST']);
    assert.deepEqual(routes.allowedMethods('/api/v1/tasks/5/'), []);
    assert.deepEqual(routes.allowedMethods('/api/v1/nothing'), []);
  });
});
