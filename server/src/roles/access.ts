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

/**
 * Why the caller may not act as a resident of `community` (votes, "我也遇到了", meeting seats),
 * or null when they are a confirmed resident of it. Someone who declared a residence there and
 * waits, or was returned, is told which and what to do; anyone else gets `notResident`.
 */
export function residentBlock(principal: Principal, community: Place & { name: string }, doing: string, notResident?: string): AppError | null {
  const r = principal.residence;
  if (!r || r.communityId !== community.id) {
    return new AppError(ErrorCode.OUT_OF_SCOPE, notResident ?? `只有${community.name}的居民可以${doing}，请先在“我的”中设置居住地`);
  }
  if (r.status === 'confirmed') return null;
  return new AppError(
    ErrorCode.RESIDENT_UNVERIFIED,
    r.status === 'returned'
      ? `社区退回了您的居住登记${r.returnReason ? `（${r.returnReason}）` : ''}，请在“我的”中修改后重新提交，确认后即可${doing}`
      : `您的居住登记正在等待${community.name}工作人员确认，确认后即可${doing}`,
  );
}

/** Throws unless the caller is a confirmed resident of `community` (see residentBlock). */
export function requireConfirmedResident(principal: Principal, community: Place & { name: string }, doing: string, notResident?: string): void {
  const block = residentBlock(principal, community, doing, notResident);
  if (block) throw block;
}
