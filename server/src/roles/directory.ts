import type { EntityManager } from 'typeorm';
import { toNum } from '../database/raw';
import { ancestorIds, type Place } from './access';
import type { Role } from './role';

/**
 * The one owner of "who else holds a role here": questions about other people's roles (the
 * caller's own are answered from the principal by access.ts). One strategy for all: a role on
 * a node covers its subtree, so the people covering a place are those with the role on the
 * place itself or on one of its ancestors (a short `node_id IN (…)` on an indexed column).
 */

const inList = (n: number) => Array.from({ length: n }, () => '?').join(',');

/** Users holding one of `roles` on the place or above it (who to notify, who may be picked). */
export async function usersCovering(m: EntityManager, place: Place, roles: readonly Role[]): Promise<number[]> {
  const nodes = [...ancestorIds(place), place.id];
  const rows: Array<{ user_id: unknown }> = await m.query(
    `SELECT DISTINCT user_id FROM role_assignment WHERE node_id IN (${inList(nodes.length)}) AND role IN (${inList(roles.length)}) ORDER BY user_id`,
    [...nodes, ...roles],
  );
  return rows.map((r) => toNum(r.user_id));
}

/** Whether `userId` holds one of `roles` on the place or above it. */
export async function holdsRoleCovering(m: EntityManager, userId: number, place: Place, roles: readonly Role[]): Promise<boolean> {
  const nodes = [...ancestorIds(place), place.id];
  const rows: unknown[] = await m.query(
    `SELECT 1 FROM role_assignment WHERE user_id = ? AND node_id IN (${inList(nodes.length)}) AND role IN (${inList(roles.length)}) LIMIT 1`,
    [userId, ...nodes, ...roles],
  );
  return rows.length > 0;
}

/** The members of a social organization (org_member grants naming it). */
export async function orgMemberIds(m: EntityManager, orgId: number): Promise<number[]> {
  const rows: Array<{ user_id: unknown }> = await m.query("SELECT DISTINCT user_id FROM role_assignment WHERE role = 'org_member' AND org_id = ? ORDER BY user_id", [orgId]);
  return rows.map((r) => toNum(r.user_id));
}
