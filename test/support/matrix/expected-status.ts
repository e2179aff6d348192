import type { EndpointRule } from '../../../src/auth/permissions/endpoint-permissions.js';
import type { Role } from '../../../src/auth/roles.js';
import type { Actor } from './actors.js';

/** The relation of the actor to the object a request names. */
export type Relation = 'none' | 'self' | 'other';

function holds(actor: Actor, roles: readonly Role[]): boolean {
  return roles.some((role) => actor.roles.includes(role) || (role === 'admin' && actor.superuser === true));
}

/**
 * What the matrix row says the answer must be, written independently of the guard: 401 for the
 * anonymous on protected endpoints, 403 when the role part fails, 405 for refused methods, and
 * otherwise the endpoint's own status.
 */
export function expectedStatus(
  rule: EndpointRule,
  actor: Actor,
  relation: Relation,
  okStatus: number,
): number {
  const { access } = rule;
  if (actor.anonymous) return access.kind === 'public' ? okStatus : 401;
  if (access.kind === 'roles' && !holds(actor, access.roles)) return 403;
  if (access.kind === 'self-or-roles' && relation !== 'self' && !holds(actor, access.roles)) return 403;
  if (rule.methodNotAllowed) return 405;
  return okStatus;
}
