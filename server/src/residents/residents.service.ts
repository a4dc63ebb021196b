import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/db-errors';
import { AppError, ErrorCode } from '../common/errors';
import type { Paged } from '../contract/common';
import {
  RESIDENCE_STATUS_LABEL,
  type ResidenceStatus,
  type ResidentApplicationView,
  type ResidentReviewResult,
} from '../contract/users';
import { toIso, toNum } from '../database/raw';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import type { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { Residence } from '../users/residence.entity';
import { User } from '../users/user.entity';

const ME_PAGE = '/pages/me/index';

/**
 * 居民认证: a declared residence waits in its community's queue until a staff member (or an admin
 * above) confirms it — the resident's phone number is then held on the residence, so one number
 * confirms one resident per community — or returns it with a reason the resident reads.
 * Decisions are taken in bulk, each residence in its own transaction: one that cannot be
 * confirmed (no phone yet, number already used) is answered for and does not hold up the rest.
 */
@Injectable()
export class ResidentsService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, q: { nodeId: number; status: ResidenceStatus; limit: number; offset: number }): Promise<Paged<ResidentApplicationView>> {
    const node = await this.tree.getNode(q.nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己负责的社区的居民登记');
    const from = `FROM residence r
       JOIN service_node n ON n.id = r.community_id
       JOIN app_user u ON u.id = r.user_id
      WHERE n.path LIKE ? AND r.status = ?`;
    const params = [`${node.path}%`, q.status];
    const [countRow] = await this.db.query(`SELECT COUNT(*) AS total ${from}`, params);
    // The oldest waiting first: a queue is worked from its head.
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT r.id, r.user_id, u.nickname, u.phone_masked, r.community_id, n.name AS community_name, r.building, r.unit,
              r.status, r.return_reason, r.updated_at, r.reviewed_at
         ${from}
        ORDER BY r.updated_at ${q.status === 'applicant' ? 'ASC' : 'DESC'}, r.id
        LIMIT ? OFFSET ?`,
      [...params, q.limit, q.offset],
    );
    const items = rows.map((r) => ({
      id: Number(r.id),
      userId: Number(r.user_id),
      nickname: String(r.nickname),
      phoneMasked: (r.phone_masked as string | null) ?? null,
      communityId: Number(r.community_id),
      communityName: String(r.community_name),
      building: String(r.building),
      unit: String(r.unit),
      status: r.status as ResidenceStatus,
      statusLabel: RESIDENCE_STATUS_LABEL[r.status as ResidenceStatus],
      returnReason: (r.return_reason as string | null) ?? null,
      appliedAt: toIso(r.updated_at),
      reviewedAt: r.reviewed_at == null ? null : toIso(r.reviewed_at),
    }));
    return { items, total: toNum(countRow.total) };
  }

  confirm(principal: Principal, ids: number[]): Promise<ResidentReviewResult> {
    return this.each(ids, (m, r, community) => this.confirmOne(m, principal, r, community));
  }

  returnMany(principal: Principal, ids: number[], reason: string): Promise<ResidentReviewResult> {
    return this.each(ids, (m, r, community) => this.returnOne(m, principal, r, community, reason));
  }

  private async each(ids: number[], decide: (m: EntityManager, r: Residence, community: ServiceNode) => Promise<void>): Promise<ResidentReviewResult> {
    const result: ResidentReviewResult = { done: [], refused: [] };
    for (const id of [...new Set(ids)]) {
      try {
        await inTransaction(this.db, async (m) => {
          const r = await m.findOne(Residence, { where: { id } });
          if (!r) throw new AppError(ErrorCode.NOT_FOUND, '没有这条居民登记（可能居民已改到别的社区）');
          const community = await this.tree.getNode(r.communityId, m);
          await decide(m, r, community);
        });
        result.done.push(id);
      } catch (err) {
        if (isUniqueViolation(err)) result.refused.push({ id, message: PHONE_TAKEN });
        else if (err instanceof AppError && err.status < 500) result.refused.push({ id, message: err.message });
        else throw err;
      }
    }
    return result;
  }

  private async confirmOne(m: EntityManager, principal: Principal, r: Residence, community: ServiceNode): Promise<void> {
    const communityName = community.name;
    const grant = requireRoleOn(principal, community, MANAGER_ROLES, `${communityName}不在您的管辖范围内`);
    if (r.status === 'confirmed') return;
    const user = await m.findOneOrFail(User, { where: { id: r.userId } });
    if (!user.phoneHash) throw new AppError(ErrorCode.CONFLICT, `${user.nickname}还没有绑定手机号，请提醒其在“我的”中绑定后再确认`);
    const holder = await m.findOne(Residence, { where: { communityId: r.communityId, phoneHash: user.phoneHash } });
    if (holder && holder.id !== r.id) throw new AppError(ErrorCode.CONFLICT, PHONE_TAKEN);
    const now = this.clock.now();
    await m.update(Residence, { id: r.id }, { status: 'confirmed', returnReason: null, reviewedBy: principal.userId, reviewedAt: now, phoneHash: user.phoneHash });
    await this.audit.record(m, {
      actorId: principal.userId,
      actorRole: grant.role,
      action: 'residence.confirm',
      entityType: 'user',
      entityId: r.userId,
      nodeId: r.communityId,
      fromState: r.status,
      toState: 'confirmed',
    });
    await this.notifications.notify(m, {
      userIds: [r.userId],
      title: '居住信息已确认',
      body: `${communityName}已确认您的居住信息（${r.building}${r.unit}），现在可以参与议题投票、报名议事会和表示“我也遇到了”。`,
      page: ME_PAGE,
    });
  }

  private async returnOne(m: EntityManager, principal: Principal, r: Residence, community: ServiceNode, reason: string): Promise<void> {
    const communityName = community.name;
    const grant = requireRoleOn(principal, community, MANAGER_ROLES, `${communityName}不在您的管辖范围内`);
    if (r.status === 'returned') return;
    await m.update(Residence, { id: r.id }, { status: 'returned', returnReason: reason, reviewedBy: principal.userId, reviewedAt: this.clock.now(), phoneHash: null });
    await this.audit.record(m, {
      actorId: principal.userId,
      actorRole: grant.role,
      action: 'residence.return',
      entityType: 'user',
      entityId: r.userId,
      nodeId: r.communityId,
      fromState: r.status,
      toState: 'returned',
      reason,
    });
    await this.notifications.notify(m, {
      userIds: [r.userId],
      title: '居住信息被退回',
      body: `${communityName}退回了您的居住登记：${reason}。请在“我的”中修改后重新提交。`,
      page: ME_PAGE,
    });
  }
}

const PHONE_TAKEN = '该居民的手机号已确认为本社区另一位居民，一个手机号在一个社区只能确认一位居民';
