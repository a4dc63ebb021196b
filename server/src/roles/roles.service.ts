import { Clock } from '../common/clock';
import { beijingDate } from '../contract/format';
import { SW_CERT_LEVEL_LABEL, type SwCertLevel } from '../contract/projects';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode, notFound } from '../common/errors';
import { toIso, toNum, toNumOrNull } from '../database/raw';
import { Organization } from '../orgs/organization.entity';
import { NODE_LEVEL_LABEL, type ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { User } from '../users/user.entity';
import { requireRoleOn } from './access';
import { MANAGER_ROLES, ROLE_LABEL, type Role } from './role';
import { RoleAssignment, scopeKeyOf } from './role-assignment.entity';
import { inTransaction } from '../database/transaction';

import type { GrantRoleInput, MemberRoleView } from '../contract/users';

/** Who may grant or revoke a role: only admins touch admin grants; staff and admins the rest. */
const grantorsOf = (role: Role): readonly Role[] => (role === 'admin' ? ['admin'] : MANAGER_ROLES);

@Injectable()
export class RolesService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Role grants in the subtree of `nodeId`, for staff and admins who cover that node. */
  async list(principal: Principal, q: { nodeId: number; role?: Role; limit: number; offset: number }) {
    const node = await this.tree.getNode(q.nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES);
    const where = ['n.path LIKE ?'];
    const params: unknown[] = [`${node.path}%`];
    if (q.role) {
      where.push('r.role = ?');
      params.push(q.role);
    }
    const from = `FROM role_assignment r
       JOIN service_node n ON n.id = r.node_id
       JOIN app_user u ON u.id = r.user_id
       LEFT JOIN organization o ON o.id = r.org_id
       LEFT JOIN sw_certificate c ON c.user_id = r.user_id AND r.role = 'social_worker'
      WHERE ${where.join(' AND ')}`;
    const [countRow] = await this.db.query(`SELECT COUNT(*) AS total ${from}`, params);
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT r.id, r.user_id, u.nickname, u.phone_masked, r.role, r.node_id, n.name AS node_name, n.level AS node_level,
              r.org_id, o.name AS org_name, r.created_at, c.level AS cert_level, c.expires_on AS cert_expires
         ${from}
        ORDER BY n.path, r.user_id, r.id
        LIMIT ? OFFSET ?`,
      [...params, q.limit, q.offset],
    );
    const today = beijingDate(this.clock.now());
    const items: MemberRoleView[] = rows.map((r) => ({
      id: Number(r.id),
      userId: Number(r.user_id),
      nickname: String(r.nickname),
      phoneMasked: (r.phone_masked as string | null) ?? null,
      role: r.role as Role,
      roleLabel: ROLE_LABEL[r.role as Role],
      nodeId: Number(r.node_id),
      nodeName: String(r.node_name),
      nodeLevelLabel: NODE_LEVEL_LABEL[r.node_level as ServiceNode['level']],
      orgId: toNumOrNull(r.org_id),
      orgName: (r.org_name as string | null) ?? null,
      grantedAt: toIso(r.created_at),
      ...(r.role === 'social_worker'
        ? {
            certificate:
              r.cert_level == null
                ? null
                : { levelLabel: SW_CERT_LEVEL_LABEL[r.cert_level as SwCertLevel], expiresOn: String(r.cert_expires), valid: String(r.cert_expires) >= today },
          }
        : {}),
    }));
    return { items, total: toNum(countRow.total) };
  }

  async grant(principal: Principal, input: GrantRoleInput): Promise<RoleAssignment> {
    return inTransaction(this.db, async (m) => {
      const node = await this.tree.getNode(input.nodeId, m);
      const actor = requireRoleOn(
        principal,
        node,
        grantorsOf(input.role),
        input.role === 'admin' ? '只有管辖该节点的管理员可以任命管理员' : '只能在自己管辖的街道或社区内分配角色',
      );
      if (input.role === 'resident' && node.level !== 'community') {
        throw new AppError(ErrorCode.VALIDATION_FAILED, '居民身份只能设在具体社区', [{ field: 'nodeId', message: '请选择具体社区' }]);
      }
      let orgId: number | null = null;
      if (input.role === 'org_member') {
        if (!input.orgId) {
          throw new AppError(ErrorCode.VALIDATION_FAILED, '请选择所属社会组织', [{ field: 'orgId', message: '请选择所属社会组织' }]);
        }
        const org = await m.findOne(Organization, { where: { id: input.orgId } });
        if (!org) throw notFound('该社会组织');
        if (org.nodeId !== node.id) {
          throw new AppError(ErrorCode.VALIDATION_FAILED, `“${org.name}”登记在其他社区或街道，请选择它所在的节点`, [
            { field: 'orgId', message: '组织与所选节点不一致' },
          ]);
        }
        orgId = org.id;
      } else if (input.orgId) {
        throw new AppError(ErrorCode.VALIDATION_FAILED, '只有“社会组织成员”需要选择组织', [{ field: 'orgId', message: '此角色不需要选择组织' }]);
      }
      const user = await m.findOne(User, { where: { id: input.userId } });
      if (!user) throw notFound('该用户');
      const scopeKey = scopeKeyOf(input.role, node.id, orgId);
      if (await m.findOne(RoleAssignment, { where: { userId: user.id, scopeKey } })) {
        throw new AppError(ErrorCode.CONFLICT, `${user.nickname}已经是${node.name}的${ROLE_LABEL[input.role]}`);
      }
      const grant = await m.save(
        RoleAssignment,
        m.create(RoleAssignment, { userId: user.id, nodeId: node.id, role: input.role, orgId, scopeKey, grantedBy: principal.userId }),
      );
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: actor.role,
        action: 'role.grant',
        entityType: 'user',
        entityId: user.id,
        nodeId: node.id,
        toState: input.role,
        detail: { grantId: grant.id, orgId },
      });
      return grant;
    });
  }

  async revoke(principal: Principal, grantId: number, reason: string | null): Promise<void> {
    await inTransaction(this.db, async (m) => {
      const grant = await m.findOne(RoleAssignment, { where: { id: grantId } });
      if (!grant) throw notFound('该角色');
      const node = await this.tree.getNode(grant.nodeId, m);
      const actor = requireRoleOn(principal, node, grantorsOf(grant.role), '只能撤销自己管辖范围内的角色');
      if (grant.userId === principal.userId && MANAGER_ROLES.includes(grant.role)) {
        throw new AppError(ErrorCode.FORBIDDEN, '不能撤销自己的管理权限，请联系其他管理员操作');
      }
      await m.delete(RoleAssignment, { id: grant.id });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: actor.role,
        action: 'role.revoke',
        entityType: 'user',
        entityId: grant.userId,
        nodeId: node.id,
        fromState: grant.role,
        reason,
        detail: { grantId: grant.id, orgId: grant.orgId },
      });
    });
  }
}
