import type { Role } from './roles.js';

/** Who is making the request, as every permission check needs it; never an entity. */
export interface AuthenticatedUser {
  readonly id: number;
  readonly username: string;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
  readonly roles: ReadonlySet<Role>;
}

/** Superusers count as administrators everywhere, including list filtering. */
export function isAdmin(user: AuthenticatedUser): boolean {
  return user.isSuperuser || user.roles.has('admin');
}

export function hasRole(user: AuthenticatedUser, role: Role): boolean {
  return role === 'admin' ? isAdmin(user) : user.roles.has(role);
}

export type AuthScheme = 'token' | 'signed-url' | 'session' | 'basic';

export interface Authentication {
  readonly user: AuthenticatedUser;
  readonly scheme: AuthScheme;
  /** The session the request came with, when it came with a valid one. */
  readonly sessionKey?: string;
  /** The token row of the API key, for key-authenticated requests. */
  readonly tokenId?: string;
}
