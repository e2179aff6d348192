import { writeFile } from 'node:fs/promises';

import { generateOpenApiDocument } from '../app/http-app.js';
import { loadConfig } from '../config/app-config.js';
import { createRootLogger } from '../logging/logger.js';
import { OPENAPI_PLACEHOLDER_ENV } from './openapi-env.js';

/** Regenerates the committed `openapi.json` (npm run openapi). */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, ...OPENAPI_PLACEHOLDER_ENV });
  const document = await generateOpenApiDocument(config, createRootLogger({ ...config, logLevel: 'error' }));
  const target = process.argv[2] ?? 'openapi.json';
  await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`Wrote ${target}\n`);
}

void main();
