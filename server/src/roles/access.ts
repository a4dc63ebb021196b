import { AppError, ErrorCode } from '../common/errors';
import type { Principal, RoleGrant } from '../auth/principal';
import type { Role } from './role';

/**
 * Who may act where. A role on a node covers the node's whole subtree, so a street's admin
 * covers every community of that street, and a community's staff only that community.
 * Every service method that touches an object calls one of these first (object-level check).
 */

export interface Place {
  id: number;
  path: string;
}

/** The nodes above a place (from its materialized path), top first: the nodes whose roles cover it. */
export function ancestorIds(place: Place): number[] {
  return place.path.split('/').filter(Boolean).map(Number).filter((id) => id !== place.id);
}

export function covers(grant: RoleGrant, place: Place): boolean {
  return place.path.startsWith(grant.nodePath);
}

/** The caller's grants among `roles` that cover `place`. */
export function grantsOn(principal: Principal, place: Place, roles: readonly Role[]): RoleGrant[] {
  return principal.roles.filter((g) => roles.includes(g.role) && covers(g, place));
}

export function hasRoleOn(principal: Principal, place: Place, roles: readonly Role[]): boolean {
  return grantsOn(principal, place, roles).length > 0;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((g) => roles.includes(g.role));
}

/**
 * Throws 403 OUT_OF_SCOPE unless the caller holds one of `roles` on `place` or above it.
 * Returns the grant that allows it (the one highest in the tree), to record the acting role.
 */
export function requireRoleOn(principal: Principal, place: Place, roles: readonly Role[], message?: string): RoleGrant {
  const grants = grantsOn(principal, place, roles);
  if (!grants.length) {
    throw new AppError(ErrorCode.OUT_OF_SCOPE, message ?? '该事项不在您的管辖范围内，如需处理请联系上级管理员');
  }
  return grants.sort((a, b) => a.nodePath.length - b.nodePath.length)[0];
}

/** The nodes (as path prefixes) under which the caller holds one of `roles`, without nesting duplicates. */
export function scopeRoots(principal: Principal, roles: readonly Role[]): RoleGrant[] {
  const grants = principal.roles.filter((g) => roles.includes(g.role)).sort((a, b) => a.nodePath.length - b.nodePath.length);
  const roots: RoleGrant[] = [];
  for (const g of grants) if (!roots.some((r) => g.nodePath.startsWith(r.nodePath))) roots.push(g);
  return roots;
}
