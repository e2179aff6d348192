import { parseArgs } from 'node:util';

import { NestFactory } from '@nestjs/core';
import { QueryFailedError } from 'typeorm';

import { UserAdministration } from '../auth/users/user-administration.service.js';
import { FieldValidationError } from '../common/errors/domain-errors.js';
import { ConfigError, loadConfig, requireSetting } from '../config/app-config.js';
import { COMMANDS, type OperatorCommand, type OptionValues } from './operator-commands.js';
import { OperatorModule } from './operator.module.js';

/**
 * `npm run cli -- <command>`: account chores for the operator, run against DATABASE_URL with the
 * same services the API uses. Exit codes: 0 done, 1 refused or failed, 2 wrong usage or settings.
 */
const print = (line: string): void => void process.stdout.write(`${line}\n`);
const complain = (line: string): void => void process.stderr.write(`${line}\n`);

function usage(): string {
  const lines = ['Usage: npm run cli -- <command> [arguments]', '', 'Commands:'];
  for (const command of Object.values(COMMANDS)) lines.push(`  ${command.usage}`, `      ${command.summary}`);
  return lines.join('\n');
}

function flatten(messages: unknown): string {
  const isText = Array.isArray(messages) && messages.every((message) => typeof message === 'string');
  return isText ? messages.join(' ') : JSON.stringify(messages);
}

function explain(error: unknown): string {
  if (error instanceof FieldValidationError && !Array.isArray(error.fields)) {
    return Object.entries(error.fields)
      .map(([field, messages]) => `${field}: ${flatten(messages)}`)
      .join('\n');
  }
  if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '42P01') {
    return `${error.message}. Is the database migrated? Start the server once, or run npm run migration:run.`;
  }
  return error instanceof Error ? error.message : String(error);
}

function parse(command: OperatorCommand, args: string[]): { positionals: string[]; values: OptionValues } {
  const { positionals, values } = parseArgs({
    args,
    options: command.options,
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== command.arguments) throw new Error(`expected ${command.arguments} argument(s)`);
  return { positionals, values: values as OptionValues };
}

async function main([name, ...args]: string[]): Promise<number> {
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? complain : print)(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    complain(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }

  let input: ReturnType<typeof parse>;
  let config: ReturnType<typeof loadConfig>;
  try {
    input = parse(command, args);
    config = loadConfig();
    requireSetting(config, 'databaseUrl');
  } catch (error) {
    const hint = error instanceof ConfigError ? '' : `\nUsage: npm run cli -- ${command.usage}`;
    complain(`${error instanceof Error ? error.message : String(error)}${hint}`);
    return 2;
  }

  const app = await NestFactory.createApplicationContext(OperatorModule.forRoot(config), {
    logger: false,
    abortOnError: false,
  });
  try {
    await command.run({ users: app.get(UserAdministration), print }, input.positionals, input.values);
    return 0;
  } catch (error) {
    complain(`Error: ${explain(error)}`);
    return 1;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    complain(`Error: ${explain(error)}`);
    process.exitCode = 1;
  },
);
