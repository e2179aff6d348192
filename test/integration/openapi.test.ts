import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

import { pino } from 'pino';

import { generateOpenApiDocument } from '../../src/app/http-app.js';
import { OPENAPI_PLACEHOLDER_ENV } from '../../src/cli/openapi-env.js';
import { loadConfig } from '../../src/config/app-config.js';

describe('committed API document', () => {
  it('matches the document generated from the code', async () => {
    const generated = await generateOpenApiDocument(
      loadConfig(OPENAPI_PLACEHOLDER_ENV),
      pino({ level: 'silent' }),
    );
    const committed = JSON.parse(
      await readFile(new URL('../../../openapi.json', import.meta.url), 'utf8'),
    ) as unknown;
    assert.deepEqual(
      JSON.parse(JSON.stringify(generated)),
      committed,
      'openapi.json is stale: run `npm run openapi` and commit the result',
    );
  });
});
