import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, conflict, forbidden } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ALLOCATION_STATUS_LABEL, type AllocationInput, type AllocationView } from '../contract/funds';
import { yuan } from '../contract/format';
import { inTransaction } from '../database/transaction';
import { NEED_STATUS_LABEL, OPEN_STATUSES } from '../contract/needs';
import { PROJECT_STATUS_LABEL } from '../contract/projects';
import { Need } from '../needs/need.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { ServiceProject } from '../projects/project.entity';
import { usersCovering } from '../roles/directory';
import { cut } from '../common/text';
import { grantsOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { ServiceNode } from '../tree/service-node.entity';
import { UploadsService } from '../uploads/uploads.service';
import { ContentSecurity } from '../wechat/content-security.service';
import { FundAllocation } from './fund-allocation.entity';
import { ALLOCATION_ENTITY, FundLedger } from './fund-ledger';
import { FundViews } from './fund-views';
import { Fund } from './fund.entity';

/** The staff's fund page (client/workbench/pages/fund), linked from the approvers' notices. */
export const FUND_WORK_PAGE = 'workbench/pages/fund/index';

/**
 * Spending (资金支出) and a street's grants to its communities: proposed by one person, approved by
 * another; above FUND_STREET_APPROVAL_FEN a third, street-level approval. The approval that
 * completes the required set posts the allocation in the same transaction.
 */
@Injectable()
export class AllocationsService {
  constructor(
    private readonly db: DataSource,
    private readonly ledger: FundLedger,
    private readonly views: FundViews,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly contentSecurity: ContentSecurity,
    private readonly uploads: UploadsService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async propose(principal: Principal, nodeId: number, input: AllocationInput): Promise<AllocationView> {
    await this.contentSecurity.assertPublishable([{ field: 'purpose', label: '支出用途', text: input.purpose }], principal.openid, 1);
    const refusal = '只能为自己管辖的社区或街道提出基金支出';
    await this.ledger.prepareFund(principal, nodeId, refusal);
    if (input.grantToNodeId !== undefined) {
      const target = await this.db.manager.findOne(ServiceNode, { where: { id: input.grantToNodeId } });
      if (!target || target.parentId !== nodeId || target.level !== 'community') {
        throw badRequest('拨付对象应为本街道下属的社区', 'grantToNodeId');
      }
      // The community's fund exists before the grant can post into it.
      await this.ledger.prepareFund(principal, target.id, refusal);
    }
    const id = await inTransaction(this.db, async (m) => {
      const { node, grant } = await this.ledger.fundNode(m, principal, nodeId, refusal);
      if (input.projectId !== undefined) {
        // The project's public page shows its budget against these allocations: it must be an active project this fund covers.
        const project = await m.findOne(ServiceProject, { where: { id: input.projectId } });
        const community = project ? await m.findOne(ServiceNode, { where: { id: project.communityId } }) : null;
        if (!project || !community || !community.path.startsWith(node.path)) throw badRequest('该服务项目不存在或不在本基金的范围内', 'projectId');
        if (project.status !== 'active') throw badRequest(`服务项目“${project.title}”${PROJECT_STATUS_LABEL[project.status]}，不能再关联新的支出`, 'projectId');
      }
      if (input.needId !== undefined) {
        // A spending for a need: an open need of a community this fund covers (not one already closed).
        const need = await m.findOne(Need, { where: { id: input.needId } });
        const community = need ? await m.findOne(ServiceNode, { where: { id: need.communityId } }) : null;
        if (!need || !community || !community.path.startsWith(node.path)) throw badRequest('该需求不存在或不在本基金的范围内', 'needId');
        if (!OPEN_STATUSES.includes(need.status)) throw badRequest(`需求“${need.title}”${NEED_STATUS_LABEL[need.status]}，不能再关联新的支出`, 'needId');
      }
      const fund = await m.findOneOrFail(Fund, { where: { nodeId: node.id } });
      const needsStreetApproval = input.amountFen > this.config.charity.fundStreetApprovalFen;
      const a = await m.save(
        FundAllocation,
        m.create(FundAllocation, {
          fundId: fund.id,
          amount: input.amountFen,
          purpose: input.purpose,
          needId: input.needId ?? null,
          projectId: input.projectId ?? null,
          grantToNodeId: input.grantToNodeId ?? null,
          invoiceRef: input.invoiceRef ?? null,
          invoiceUploadId: input.invoiceUploadId ?? null,
          status: 'proposed',
          needsStreetApproval,
          proposedBy: principal.userId,
        }),
      );
      const invoices = input.invoiceUploadId == null ? [] : [input.invoiceUploadId];
      await this.uploads.attach(m, principal.userId, invoices, 'allocation_invoice', a.id, node.id, 'invoiceUploadId');
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'fund.allocation.propose',
        entityType: ALLOCATION_ENTITY,
        entityId: a.id,
        nodeId: node.id,
        toState: 'proposed',
        detail: { fundId: fund.id, amountFen: input.amountFen, needsStreetApproval, needId: input.needId, projectId: input.projectId },
      });
      await this.tellApprovers(m, node, [principal.userId], `${node.name}基金有一笔支出待您审批`, `${yuan(input.amountFen)}：${input.purpose}`);
      return a.id;
    });
    return this.views.allocationView(id);
  }

  /**
   * Approves an allocation. The first approval must come from someone other than the proposer;
   * above the threshold a street-level staff/admin who has not yet acted on it must approve too.
   * The approval that completes the required set posts the allocation in the same transaction;
   * if the balance does not cover it the whole step rolls back and the caller gets 409.
   */
  async approve(principal: Principal, id: number): Promise<AllocationView> {
    await inTransaction(this.db, async (m) => {
      const { a, fund, node, grant } = await this.ledger.managedAllocation(m, principal, id, '只能审批自己管辖的社区或街道的基金支出');
      const now = this.clock.now();

      if (a.status === 'proposed') {
        if (a.proposedBy === principal.userId) {
          throw forbidden('不能审批自己提出的支出，请由另一位工作人员审批');
        }
        // The fund row is locked first (by the conditional debit): every approval of this fund
        // then queues on it, instead of two transactions each holding a foreign-key share lock
        // on it and deadlocking on MariaDB.
        if (!a.needsStreetApproval) await this.ledger.debitFor(m, a, fund);
        await this.ledger.move(m, a, 'approved', { approvedBy: principal.userId, approvedAt: now }, principal, grant.role, node.id);
        if (!a.needsStreetApproval) await this.ledger.post(m, a, fund, node, principal, grant.role);
        else {
          // Above the threshold: the street's staff and admins are next.
          const street = node.level === 'community' && node.parentId ? await m.findOneOrFail(ServiceNode, { where: { id: node.parentId } }) : node;
          await this.tellApprovers(m, street, [a.proposedBy, principal.userId], `${node.name}基金有一笔大额支出待街道审批`, `${yuan(a.amount)}：${a.purpose}`);
        }
        return;
      }
      if (a.status === 'approved' && a.needsStreetApproval) {
        const street = grantsOn(principal, node, MANAGER_ROLES).find((g) => g.nodeLevel !== 'community');
        if (!street) {
          throw forbidden(`超过 ${yuan(this.config.charity.fundStreetApprovalFen)} 的支出还需街道工作人员或管理员审批`);
        }
        if (principal.userId === a.proposedBy || principal.userId === a.approvedBy) {
          throw forbidden('同一笔支出需由不同的人审批，您已提出或审批过这笔支出');
        }
        await this.ledger.debitFor(m, a, fund);
        await this.ledger.move(m, a, 'street_approved', { streetApprovedBy: principal.userId, streetApprovedAt: now }, principal, street.role, node.id);
        await this.ledger.post(m, a, fund, node, principal, street.role);
        return;
      }
      throw conflict(`该笔支出当前状态为“${ALLOCATION_STATUS_LABEL[a.status]}”，无需审批`);
    });
    return this.views.allocationView(id);
  }

  /**
   * Tells the people who may approve a spending on `place` that one waits (inbox; the card on the
   * fund page has the details): its staff, or its admins when it has no other staff.
   */
  private async tellApprovers(m: EntityManager, place: ServiceNode, notThem: Array<number | null>, title: string, body: string): Promise<void> {
    const others = (ids: number[]) => ids.filter((id) => !notThem.includes(id));
    let userIds = others(await usersCovering(m, place, ['staff']));
    if (!userIds.length) userIds = others(await usersCovering(m, place, ['admin']));
    if (!userIds.length) return;
    await this.notifications.notify(m, {
      userIds,
      title,
      body,
      page: FUND_WORK_PAGE,
      // Also a subscribe message, to those who accepted one on the fund page.
      subscribe: { key: 'fund_approval', data: { thing1: { value: cut(body, 20) }, thing2: { value: cut(place.name, 20) }, phrase3: { value: '待审批' } } },
    });
  }

  async reject(principal: Principal, id: number, reason: string): Promise<AllocationView> {
    await inTransaction(this.db, async (m) => {
      const { a, node, grant } = await this.ledger.managedAllocation(m, principal, id, '只能处理自己管辖的社区或街道的基金支出');
      await this.ledger.move(m, a, 'rejected', { rejectedBy: principal.userId, rejectedAt: this.clock.now(), rejectReason: reason }, principal, grant.role, node.id, reason);
      // The proposer hears why, in the approver's own words.
      if (a.proposedBy && a.proposedBy !== principal.userId) {
        await this.notifications.notify(m, {
          userIds: [a.proposedBy],
          title: '支出申请被驳回',
          body: `“${cut(a.purpose, 30)}”（${yuan(a.amount)}）被驳回：${cut(reason, 100)}`,
          page: FUND_WORK_PAGE,
        });
      }
    });
    return this.views.allocationView(id);
  }
}
