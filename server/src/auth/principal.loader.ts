import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toNumOrNull } from '../database/raw';
import type { ResidenceStatus } from '../contract/users';
import type { Principal, RoleGrant } from './principal';

/** Reads the user, their role grants (with each node's path) and their residence in one query per request. */
@Injectable()
export class PrincipalLoader {
  constructor(private readonly db: DataSource) {}

  async load(userId: number): Promise<Principal | null> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT u.id AS user_id, u.openid AS openid, r.id AS grant_id, r.role AS role, r.node_id AS node_id,
              r.org_id AS org_id, n.path AS node_path, n.level AS node_level,
              res.community_id AS res_community, res.status AS res_status, res.return_reason AS res_reason
         FROM app_user u
         LEFT JOIN residence res ON res.user_id = u.id
         LEFT JOIN role_assignment r ON r.user_id = u.id
         LEFT JOIN service_node n ON n.id = r.node_id
        WHERE u.id = ? AND u.deleted_at IS NULL`,
      [userId],
    );
    if (!rows.length) return null;
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
}
