import { MethodNotAllowedError, PermissionDeniedError } from '../../common/errors/domain-errors.js';
import { hasRole, type AuthenticatedUser } from '../authenticated-user.js';
import type { Role } from '../roles.js';
import type { EndpointRule } from './endpoint-permissions.js';

function holdsAny(user: AuthenticatedUser, roles: readonly Role[]): boolean {
  return roles.some((role) => hasRole(user, role));
}

/**
 * The part of a rule decided before any lookup. Throws the error the matrix gives; the caller has
 * already answered 401 for anonymous requests to non-public endpoints.
 */
export function checkRolePart(
  rule: EndpointRule,
  user: AuthenticatedUser | undefined,
  params: Readonly<Record<string, string | undefined>>,
): void {
  const { access } = rule;
  let allowed = true;
  if (access.kind === 'roles' || access.kind === 'roles-and-object') {
    allowed = !!user && holdsAny(user, access.roles);
  }
  if (access.kind === 'self-or-roles') {
    allowed = !!user && (params[access.param] === String(user.id) || holdsAny(user, access.roles));
  }
  if (!allowed) throw new PermissionDeniedError();
  if (rule.methodNotAllowed) throw new MethodNotAllowedError(rule.method);
}

export function hasObjectRole(user: AuthenticatedUser, roles: readonly Role[]): boolean {
  return holdsAny(user, roles);
}
