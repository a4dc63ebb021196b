import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toNumOrNull } from '../database/raw';
import type { ResidenceStatus } from '../contract/users';
import type { Principal, RoleGrant } from './principal';

interface Waiter {
  resolve: (p: Principal | null) => void;
  reject: (err: unknown) => void;
}

/**
 * Reads the user, their role grants (with each node's path) and their residence, fresh for
 * every request. Requests arriving in the same turn of the event loop are read with one query
 * (`u.id IN (…)`): a crowd of 2,000 signing up at once costs a handful of queries, not 2,000
 * (#15). Each request still reads after it arrived, so a revoked role stops at once as before.
 */
@Injectable()
export class PrincipalLoader {
  private pending = new Map<number, Waiter[]>();

  constructor(private readonly db: DataSource) {}

  load(userId: number): Promise<Principal | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(userId);
      if (waiters) return void waiters.push({ resolve, reject });
      if (!this.pending.size) setImmediate(() => void this.flush());
      this.pending.set(userId, [{ resolve, reject }]);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    try {
      const found = new Map<number, Principal>();
      const ids = [...batch.keys()];
      for (let i = 0; i < ids.length; i += 500) {
        for (const p of await this.read(ids.slice(i, i + 500))) found.set(p.userId, p);
      }
      batch.forEach((waiters, id) => waiters.forEach((w) => w.resolve(found.get(id) ?? null)));
    } catch (err) {
      batch.forEach((waiters) => waiters.forEach((w) => w.reject(err)));
    }
  }

  private async read(userIds: number[]): Promise<Principal[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT u.id AS user_id, u.openid AS openid, r.id AS grant_id, r.role AS role, r.node_id AS node_id,
              r.org_id AS org_id, n.path AS node_path, n.level AS node_level,
              res.community_id AS res_community, res.status AS res_status, res.return_reason AS res_reason
         FROM app_user u
         LEFT JOIN residence res ON res.user_id = u.id
         LEFT JOIN role_assignment r ON r.user_id = u.id
         LEFT JOIN service_node n ON n.id = r.node_id
        WHERE u.id IN (${userIds.map(() => '?').join(',')}) AND u.deleted_at IS NULL`,
      userIds,
    );
    const byUser = new Map<number, Array<Record<string, unknown>>>();
    for (const r of rows) {
      const id = Number(r.user_id);
      const mine = byUser.get(id);
      if (mine) mine.push(r);
      else byUser.set(id, [r]);
    }
    return [...byUser.values()].map((mine) => toPrincipal(mine));
  }
}

/** One user's rows (one per role grant, or one without) as the principal. */
function toPrincipal(rows: Array<Record<string, unknown>>): Principal {
  const roles: RoleGrant[] = rows
    .filter((r) => r.grant_id != null)
    .map((r) => ({
      id: Number(r.grant_id),
      role: r.role as RoleGrant['role'],
      nodeId: Number(r.node_id),
      nodePath: String(r.node_path),
      nodeLevel: r.node_level as RoleGrant['nodeLevel'],
      orgId: toNumOrNull(r.org_id),
    }));
  const first = rows[0];
  const residence =
    first.res_community == null
      ? null
      : { communityId: Number(first.res_community), status: first.res_status as ResidenceStatus, returnReason: first.res_reason == null ? null : String(first.res_reason) };
  return { userId: Number(first.user_id), openid: String(first.openid), roles, residence };
}
