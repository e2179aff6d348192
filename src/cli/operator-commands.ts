import { randomBytes } from 'node:crypto';
import type { ParseArgsConfig } from 'node:util';

import type { AccountSummary, UserAdministration } from '../auth/users/user-administration.service.js';

export interface CommandContext {
  readonly users: UserAdministration;
  print(line: string): void;
}

type Options = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | undefined>;

export interface OperatorCommand {
  readonly usage: string;
  readonly summary: string;
  /** How many positional arguments the command takes. */
  readonly arguments: number;
  readonly options: Options;
  run(context: CommandContext, positionals: string[], options: OptionValues): Promise<void>;
}

/** 16 characters from 96 random bits: far from every password rule and every common password. */
function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

function text(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

function groupList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

function describeGroups(account: AccountSummary): string {
  return account.groups.length > 0 ? account.groups.join(', ') : 'none';
}

/** Printed once, like the generated administrator password at first start. */
function printGenerated(context: CommandContext, password: string | undefined): void {
  if (password) context.print(`Generated password: ${password}  (shown only now; hand it over safely)`);
}

export const COMMANDS: Record<string, OperatorCommand> = {
  'user:create': {
    usage:
      'user:create <username> [--email <address>] [--password <password>] [--groups <group,...>] [--superuser]',
    summary: 'Create an account; a password is generated and printed when none is given.',
    arguments: 1,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      groups: { type: 'string' },
      superuser: { type: 'boolean' },
    },
    async run(context, [username], options) {
      const given = text(options, 'password');
      const password = given ?? generatePassword();
      const account = await context.users.create({
        username,
        email: text(options, 'email'),
        password,
        groups: groupList(text(options, 'groups')),
        superuser: options.superuser === true,
      });
      const role = account.isSuperuser ? ', superuser' : '';
      context.print(
        `Created user "${account.username}" (id ${account.id}${role}); groups: ${describeGroups(account)}.`,
      );
      printGenerated(context, given === undefined ? password : undefined);
    },
  },

  'user:groups': {
    usage: 'user:groups <username> <group,...>',
    summary: 'Set the groups (roles) of an account to exactly these; "" removes all.',
    arguments: 2,
    options: {},
    async run(context, [username, groups]) {
      const account = await context.users.setGroups(username, groupList(groups));
      context.print(`User "${account.username}" now has the groups: ${describeGroups(account)}.`);
    },
  },

  'user:password': {
    usage: 'user:password <username> [--password <password>]',
    summary: "Set a new password (generated when none is given); revokes the user's API key and sessions.",
    arguments: 1,
    options: { password: { type: 'string' } },
    async run(context, [username], options) {
      const given = text(options, 'password');
      const password = given ?? generatePassword();
      const account = await context.users.setPassword(username, password);
      context.print(`Changed the password of "${account.username}"; his API key and sessions are revoked.`);
      printGenerated(context, given === undefined ? password : undefined);
    },
  },

  'user:deactivate': {
    usage: 'user:deactivate <username>',
    summary: 'Stop an account from signing in; revokes its API key and sessions. Its data stays.',
    arguments: 1,
    options: {},
    async run(context, [username]) {
      const account = await context.users.deactivate(username);
      context.print(`Deactivated "${account.username}"; his API key and sessions are revoked.`);
    },
  },
};
