import { writeFile } from 'node:fs/promises';

import { SETTINGS } from '../config/settings.js';

/** Regenerates `.env.example` from the settings table (npm run env:example). */
async function main(): Promise<void> {
  const lines = [
    '# Every setting of the server, with its default. Copy to .env to override; the environment wins.',
    '# A commented line means the setting is unset by default.',
  ];
  for (const setting of Object.values(SETTINGS)) {
    lines.push('', `# ${setting.description} Expects ${setting.expects}.`);
    lines.push(setting.default === undefined ? `# ${setting.env}=` : `${setting.env}=${setting.default}`);
  }
  await writeFile('.env.example', `${lines.join('\n')}\n`);
  process.stdout.write('Wrote .env.example\n');
}

void main();
