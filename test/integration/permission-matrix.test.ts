import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import pg from 'pg';

import { ENDPOINT_RULES, type EndpointAction } from '../../src/auth/permissions/endpoint-permissions.js';
import { aUser } from '../support/builders.js';
import { ACTORS, type Actor } from '../support/matrix/actors.js';
import { ENDPOINT_CASES } from '../support/matrix/endpoint-cases.js';
import { expectedListed, expectedStatus } from '../support/matrix/expected-status.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Generated from the permission matrix: every endpoint row, for every kind of requester and every
 * relation the row distinguishes, answers the status the row prescribes.
 */
describe('permission matrix', () => {
  let harness: TestApp;
  let db: pg.Client;
  let sequence = 0;

  before(async () => {
    harness = await startTestApp();
    db = new pg.Client({ connectionString: harness.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await db.end();
    await harness.close();
  });

  /** A fresh acting user per case, so destructive cases (deleting oneself) cannot affect others. */
  async function actAs(actor: Actor): Promise<{ id: number; headers: Record<string, string> }> {
    if (actor.anonymous) return { id: 0, headers: {} };
    sequence += 1;
    const user = await aUser(harness, {
      username: `actor${sequence}`,
      roles: actor.roles,
      isSuperuser: actor.superuser ?? false,
    });
    return { id: user.id, headers: await signIn(harness, user) };
  }

  for (const action of Object.keys(ENDPOINT_RULES) as EndpointAction[]) {
    const rule = ENDPOINT_RULES[action];
    const endpointCase = ENDPOINT_CASES[action];

    describe(`${rule.method} ${rule.path} (${action})`, () => {
      for (const actor of ACTORS) {
        for (const relation of endpointCase.relations) {
          const expected = expectedStatus(rule, actor, relation, endpointCase.okStatus);
          it(`${actor.name}${relation === 'none' ? '' : `, ${relation}`}: ${expected}`, async () => {
            const acting = await actAs(actor);
            sequence += 1;
            const other = await aUser(harness, { username: `other${sequence}` });
            const options = await endpointCase.request(
              { actorId: acting.id, otherId: other.id, db },
              relation,
            );
            const response = await harness.app.inject({
              ...options,
              headers: { ...acting.headers, ...(options.headers as Record<string, string> | undefined) },
            });
            assert.equal(response.statusCode, expected, response.body);
            if (endpointCase.listsArranged && expected === 200) {
              const listed = response.json<{ count: number }>().count === 1;
              assert.equal(listed, expectedListed(actor, relation), `listed: ${response.body}`);
            }
          });
        }
      }
    });
  }

  it('has a case for every row of the matrix', () => {
    for (const action of Object.keys(ENDPOINT_RULES)) {
      assert.ok(action in ENDPOINT_CASES, `no generated case for ${action}`);
    }
  });
});
