import type { Role } from '../../../src/auth/roles.js';

/** Who makes a request in the generated permission tests. */
export interface Actor {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly superuser?: boolean;
  readonly anonymous?: boolean;
}

export const ACTORS: readonly Actor[] = [
  { name: 'anonymous', roles: [], anonymous: true },
  { name: 'admin', roles: ['admin'] },
  { name: 'superuser without groups', roles: [], superuser: true },
  { name: 'user', roles: ['user'] },
  { name: 'annotator', roles: ['annotator'] },
  { name: 'observer', roles: ['observer'] },
  { name: 'no role', roles: [] },
];
