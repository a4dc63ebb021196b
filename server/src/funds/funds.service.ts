import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RoleGrant } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, conflict, forbidden, notFound } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { toNum } from '../database/raw';
import { grantsOn, requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { ServiceProject } from '../projects/project.entity';
import { NODE_LEVEL_LABEL, ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { rolesOnNodePolicy, UploadsService } from '../uploads/uploads.service';
import { User } from '../users/user.entity';
import { ContentSecurity } from '../wechat/content-security.service';
import { ALLOCATION_STATUS_LABEL, type AllocationStatus, assertAllocationMove } from './allocation-status';
import { isUniqueViolation } from '../common/db-errors';
import { looksLikePersonalNumber } from '../common/redact';
import { beijingDate, yuan } from '../contract/format';
import { lastMonths } from './months';
import { FundAllocation } from './fund-allocation.entity';
import { ANONYMOUS_DONOR, DONOR_KIND_LABEL, type DonorKind, ENTRY_KIND_LABEL, type EntryKind, type Flow, FundEntry } from './fund-entry.entity';
import { Fund } from './fund.entity';
import { DESTINATION_KIND_LABEL, type DestinationKind, InKindDonation } from './in-kind-donation.entity';
import { inTransaction } from '../database/transaction';

/** The largest balance an int column holds with room to spare (fen): 2000 万元. */
const MAX_BALANCE = 2_000_000_000;
const FUND_ENTITY = 'fund';
const ENTRY_ENTITY = 'fund_entry';
const ALLOCATION_ENTITY = 'fund_allocation';

export interface DonationInput {
  amountFen: number;
  anonymous: boolean;
  donorName?: string;
  donorKind: DonorKind;
  channel: string;
  receivedOn: string;
  receiptUploadId?: number;
  receiptRef?: string;
}

export interface AllocationInput {
  amountFen: number;
  purpose: string;
  needId?: number;
  projectId?: number;
  grantToNodeId?: number;
  invoiceRef?: string;
  invoiceUploadId?: number;
}

export interface InKindInput {
  item: string;
  quantity: number;
  unit: string;
  anonymous: boolean;
  donorName?: string;
  donorKind: DonorKind;
  receivedOn: string;
  destinationKind: DestinationKind;
  needId?: number;
  wishId?: number;
  destinationNote?: string;
}

/** What anyone may see of a ledger line: no receipts, no recorder, no anonymous donor's name. */
export interface PublicEntryView {
  id: number;
  kind: EntryKind;
  kindLabel: string;
  flow: Flow;
  amountFen: number;
  occurredOn: string;
  donor: string | null;
  donorKindLabel: string | null;
  channel: string | null;
  note: string | null;
  needId: number | null;
  projectId: number | null;
  counterpartNodeName: string | null;
  reversesEntryId: number | null;
  reason: string | null;
  reversed: boolean;
}

/** Staff see the private parts as well. */
export interface StaffEntryView extends PublicEntryView {
  anonymous: boolean;
  donorName: string | null;
  receiptUploadId: number | null;
  receiptRef: string | null;
  recordedBy: number | null;
  recordedByName: string | null;
  allocationId: number | null;
}

export interface AllocationView {
  id: number;
  fundId: number;
  nodeId: number;
  amountFen: number;
  purpose: string;
  needId: number | null;
  projectId: number | null;
  grantToNodeId: number | null;
  grantToNodeName: string | null;
  invoiceRef: string | null;
  invoiceUploadId: number | null;
  status: AllocationStatus;
  statusLabel: string;
  needsStreetApproval: boolean;
  proposedBy: number | null;
  approvedBy: number | null;
  streetApprovedBy: number | null;
  rejectedBy: number | null;
  rejectReason: string | null;
  createdAt: string;
  approvedAt: string | null;
  streetApprovedAt: string | null;
  postedAt: string | null;
}

export interface PublicAllocationView {
  id: number;
  amountFen: number;
  purpose: string;
  needId: number | null;
  projectId: number | null;
  grantToNodeName: string | null;
  postedOn: string | null;
  reversed: boolean;
}

export interface InKindView {
  id: number;
  item: string;
  quantity: number;
  unit: string;
  donor: string;
  donorKindLabel: string;
  receivedOn: string;
  destinationKind: DestinationKind;
  destinationLabel: string;
  needId: number | null;
  wishId: number | null;
  destinationNote: string | null;
}

export interface PublicFundView {
  node: { id: number; name: string; level: ServiceNode['level']; levelLabel: string };
  fundId: number | null;
  balanceFen: number;
  totals: { incomeFen: number; spendingFen: number };
  /** The last 12 months, oldest first (Beijing time). Reversals net out in their own month. */
  monthly: Array<{ month: string; incomeFen: number; spendingFen: number }>;
  donations: PublicEntryView[];
  allocations: PublicAllocationView[];
  inKind: InKindView[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const donorShown = (anonymous: boolean, name: string | null) => (anonymous || !name ? ANONYMOUS_DONOR : name);

/**
 * The community fund (社区基金): a public ledger of money in and out. The product records and
 * discloses; money itself moves offline or through a qualified charity's channel.
 *
 *  - Every change of `fund.balance` happens in the same transaction as the ledger entry that
 *    explains it; a decrease is a conditional UPDATE (… AND balance >= amount) whose affected
 *    row count decides, so two approvals at the same moment can never overdraw (STACK.md).
 *  - Entries are never changed; a correction is a reversing entry (once per entry).
 *  - Spending needs two people; above FUND_STREET_APPROVAL_FEN a third, street-level approval.
 */
/** An optional upload id as the list attach() takes. */
const idList = (id: number | undefined | null): number[] => (id == null ? [] : [id]);

@Injectable()
export class FundsService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly contentSecurity: ContentSecurity,
    private readonly uploads: UploadsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Receipts and invoices are never public: the staff and admins covering the fund's node.
    uploads.registerPolicy(['fund_receipt', 'allocation_invoice'], rolesOnNodePolicy(MANAGER_ROLES));
  }

  // ---------------------------------------------------------------- funds

  /** Opens the fund of a community or street (idempotent). */
  async open(principal: Principal, nodeId: number): Promise<PublicFundView> {
    await this.prepareFund(principal, nodeId, '只能为自己管辖的社区或街道开设基金');
    return this.publicView(nodeId);
  }

  // ---------------------------------------------------------------- income

  async recordDonation(principal: Principal, nodeId: number, input: DonationInput): Promise<StaffEntryView> {
    this.assertNotFuture(input.receivedOn, 'receivedOn', '到账日期');
    if (!input.anonymous && !input.donorName) throw badRequest('请填写捐赠人名称，或选择匿名捐赠', 'donorName');
    // Shown publicly: the donor's name (unless anonymous) and the channel.
    await this.contentSecurity.assertPublishable(
      [
        { field: 'donorName', label: '捐赠人名称', text: input.anonymous ? '' : (input.donorName ?? '') },
        { field: 'channel', label: '捐赠渠道', text: input.channel },
      ],
      principal.openid,
      1,
    );
    await this.prepareFund(principal, nodeId, '只能为自己管辖的社区或街道登记捐赠');
    const id = await inTransaction(this.db, async (m) => {
      const { node, grant } = await this.fundNode(m, principal, nodeId, '只能为自己管辖的社区或街道登记捐赠');
      const fund = await m.findOneOrFail(Fund, { where: { nodeId: node.id } });
      await this.credit(m, fund.id, input.amountFen);
      const entry = await m.save(
        FundEntry,
        m.create(FundEntry, {
          fundId: fund.id,
          flow: 'in',
          kind: 'donation',
          amount: input.amountFen,
          occurredOn: input.receivedOn,
          donorName: input.donorName ?? null,
          anonymous: input.anonymous,
          donorKind: input.donorKind,
          channel: input.channel,
          receiptUploadId: input.receiptUploadId ?? null,
          receiptRef: input.receiptRef ?? null,
          recordedBy: principal.userId,
        }),
      );
      await this.uploads.attach(m, principal.userId, idList(input.receiptUploadId), 'fund_receipt', entry.id, node.id, 'receiptUploadId');
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'fund.donation',
        entityType: ENTRY_ENTITY,
        entityId: entry.id,
        nodeId: node.id,
        detail: { fundId: fund.id, amountFen: input.amountFen, anonymous: input.anonymous },
      });
      return entry.id;
    });
    return this.staffEntry(id);
  }

  // ---------------------------------------------------------------- spending

  async propose(principal: Principal, nodeId: number, input: AllocationInput): Promise<AllocationView> {
    await this.contentSecurity.assertPublishable([{ field: 'purpose', label: '支出用途', text: input.purpose }], principal.openid, 1);
    const refusal = '只能为自己管辖的社区或街道提出基金支出';
    await this.prepareFund(principal, nodeId, refusal);
    if (input.grantToNodeId !== undefined) {
      const target = await this.db.manager.findOne(ServiceNode, { where: { id: input.grantToNodeId } });
      if (!target || target.parentId !== nodeId || target.level !== 'community') {
        throw badRequest('拨付对象应为本街道下属的社区', 'grantToNodeId');
      }
      // The community's fund exists before the grant can post into it.
      await this.prepareFund(principal, target.id, refusal);
    }
    const id = await inTransaction(this.db, async (m) => {
      const { node, grant } = await this.fundNode(m, principal, nodeId, refusal);
      if (input.projectId !== undefined) {
        // The project's public page shows its budget against these allocations: it must be a project this fund covers.
        const project = await m.findOne(ServiceProject, { where: { id: input.projectId } });
        const community = project ? await m.findOne(ServiceNode, { where: { id: project.communityId } }) : null;
        if (!community || !community.path.startsWith(node.path)) throw badRequest('该服务项目不存在或不在本基金的范围内', 'projectId');
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
      await this.uploads.attach(m, principal.userId, idList(input.invoiceUploadId), 'allocation_invoice', a.id, node.id, 'invoiceUploadId');
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
      return a.id;
    });
    return this.allocationView(id);
  }

  /**
   * Approves an allocation. The first approval must come from someone other than the proposer;
   * above the threshold a street-level staff/admin who has not yet acted on it must approve too.
   * The approval that completes the required set posts the allocation in the same transaction;
   * if the balance does not cover it the whole step rolls back and the caller gets 409.
   */
  async approve(principal: Principal, id: number): Promise<AllocationView> {
    await inTransaction(this.db, async (m) => {
      const a = await this.findAllocation(m, id);
      const fund = await m.findOneOrFail(Fund, { where: { id: a.fundId } });
      const node = await this.tree.getNode(fund.nodeId, m);
      const grant = requireRoleOn(principal, node, MANAGER_ROLES, '只能审批自己管辖的社区或街道的基金支出');
      const now = this.clock.now();

      if (a.status === 'proposed') {
        if (a.proposedBy === principal.userId) {
          throw forbidden('不能审批自己提出的支出，请由另一位工作人员审批');
        }
        // The fund row is locked first (by the conditional debit): every approval of this fund
        // then queues on it, instead of two transactions each holding a foreign-key share lock
        // on it and deadlocking on MariaDB.
        if (!a.needsStreetApproval) await this.debitFor(m, a, fund);
        await this.move(m, a, 'approved', { approvedBy: principal.userId, approvedAt: now }, principal, grant.role, node.id);
        if (!a.needsStreetApproval) await this.post(m, a, fund, node, principal, grant.role);
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
        await this.debitFor(m, a, fund);
        await this.move(m, a, 'street_approved', { streetApprovedBy: principal.userId, streetApprovedAt: now }, principal, street.role, node.id);
        await this.post(m, a, fund, node, principal, street.role);
        return;
      }
      throw conflict(`该笔支出当前状态为“${ALLOCATION_STATUS_LABEL[a.status]}”，无需审批`);
    });
    return this.allocationView(id);
  }

  async reject(principal: Principal, id: number, reason: string): Promise<AllocationView> {
    await inTransaction(this.db, async (m) => {
      const a = await this.findAllocation(m, id);
      const fund = await m.findOneOrFail(Fund, { where: { id: a.fundId } });
      const node = await this.tree.getNode(fund.nodeId, m);
      const grant = requireRoleOn(principal, node, MANAGER_ROLES, '只能处理自己管辖的社区或街道的基金支出');
      await this.move(m, a, 'rejected', { rejectedBy: principal.userId, rejectedAt: this.clock.now(), rejectReason: reason }, principal, grant.role, node.id, reason);
    });
    return this.allocationView(id);
  }

  // ---------------------------------------------------------------- corrections

  /**
   * Reverses a ledger entry with a new entry of the opposite amount. Both sides of a grant are
   * reversed together. A reversal that would make a balance negative is refused (409).
   */
  async reverse(principal: Principal, entryId: number, reason: string): Promise<StaffEntryView> {
    await this.contentSecurity.assertPublishable([{ field: 'reason', label: '冲正原因', text: reason }], principal.openid, 1);
    let reversalId = 0;
    try {
      await inTransaction(this.db, async (m) => {
        const entry = await m.findOne(FundEntry, { where: { id: entryId } });
        if (!entry) throw notFound('该笔记录');
        const fund = await m.findOneOrFail(Fund, { where: { id: entry.fundId } });
        const node = await this.tree.getNode(fund.nodeId, m);
        const grant = requireRoleOn(principal, node, MANAGER_ROLES, '只能冲正自己管辖的社区或街道的基金记录');
        if (entry.kind === 'reversal') throw conflict('冲正记录不能再冲正；如有错误请重新登记正确的记录');

        const targets = [entry];
        if ((entry.kind === 'grant_in' || entry.kind === 'grant_out') && entry.allocationId) {
          const other = await m.findOne(FundEntry, { where: { allocationId: entry.allocationId, kind: entry.kind === 'grant_in' ? 'grant_out' : 'grant_in' } });
          if (other) targets.push(other);
          // A grant is reversed by the granting street (it covers both funds).
          const street = await this.tree.getNode((entry.kind === 'grant_out' ? fund.nodeId : entry.counterpartNodeId) ?? fund.nodeId, m);
          requireRoleOn(principal, street, MANAGER_ROLES, '拨付记录需由拨付的街道冲正');
        }
        for (const t of targets.sort((x, y) => x.amount - y.amount)) {
          if (await m.count(FundEntry, { where: { reversesEntryId: t.id } })) throw conflict('该笔记录已冲正，不能重复冲正');
          const delta = -t.amount;
          if (delta < 0) {
            await this.debit(m, t.fundId, -delta, `冲正后基金余额将为负数，不能冲正（需冲减 ${yuan(-delta)}）`);
          } else {
            await this.credit(m, t.fundId, delta);
          }
          const rev = await m.save(
            FundEntry,
            m.create(FundEntry, {
              fundId: t.fundId,
              flow: t.flow,
              kind: 'reversal',
              amount: delta,
              occurredOn: beijingDate(this.clock.now()),
              donorName: null,
              anonymous: t.anonymous,
              donorKind: null,
              channel: null,
              note: `冲正第 ${t.id} 号记录`,
              allocationId: t.allocationId,
              counterpartNodeId: t.counterpartNodeId,
              reversesEntryId: t.id,
              reason,
              recordedBy: principal.userId,
            }),
          );
          if (t.id === entry.id) reversalId = rev.id;
          const tFund = t.fundId === fund.id ? fund : await m.findOneOrFail(Fund, { where: { id: t.fundId } });
          await this.audit.record(m, {
            actorId: principal.userId,
            actorRole: grant.role,
            action: 'fund.entry.reverse',
            entityType: ENTRY_ENTITY,
            entityId: t.id,
            nodeId: tFund.nodeId,
            reason,
            detail: { reversalId: rev.id, amountFen: delta },
          });
        }
        if (entry.allocationId && entry.kind !== 'donation') {
          const a = await this.findAllocation(m, entry.allocationId);
          if (a.status === 'posted') await this.move(m, a, 'reversed', {}, principal, grant.role, node.id, reason);
        }
      });
    } catch (err) {
      // Two reversals of one entry at the same moment: the unique index lets one through.
      if (isUniqueViolation(err)) throw conflict('该笔记录已冲正，不能重复冲正');
      throw err;
    }
    return this.staffEntry(reversalId);
  }

  // ---------------------------------------------------------------- in kind

  async recordInKind(principal: Principal, nodeId: number, input: InKindInput): Promise<InKindView> {
    this.assertNotFuture(input.receivedOn, 'receivedOn', '接收日期');
    if (!input.anonymous && !input.donorName) throw badRequest('请填写捐赠人名称，或选择匿名捐赠', 'donorName');
    if (input.destinationKind === 'need' && input.needId === undefined) throw badRequest('去向为居民需求时请填写需求编号', 'needId');
    if (input.destinationKind === 'wish' && input.wishId === undefined) throw badRequest('去向为微心愿时请填写心愿编号', 'wishId');
    if (input.destinationKind === 'household' && !input.destinationNote) throw badRequest('请简要说明去向（如“困难家庭一户”）', 'destinationNote');
    if (input.destinationNote && looksLikePersonalNumber(input.destinationNote)) {
      throw badRequest('去向说明会公开展示，请勿填写电话、身份证号、门牌号等个人信息', 'destinationNote');
    }
    await this.contentSecurity.assertPublishable(
      [
        { field: 'item', label: '物资名称', text: input.item },
        { field: 'donorName', label: '捐赠人名称', text: input.anonymous ? '' : (input.donorName ?? '') },
        { field: 'destinationNote', label: '去向说明', text: input.destinationNote ?? '' },
      ],
      principal.openid,
      1,
    );
    const id = await inTransaction(this.db, async (m) => {
      const { node, grant } = await this.fundNode(m, principal, nodeId, '只能为自己管辖的社区或街道登记物资');
      if (input.wishId !== undefined) {
        const rows: unknown[] = await m.query('SELECT w.id FROM wish w JOIN service_node n ON n.id = w.community_id WHERE w.id = ? AND n.path LIKE ?', [
          input.wishId,
          `${node.path}%`,
        ]);
        if (!rows.length) throw badRequest('该微心愿不存在或不在本社区', 'wishId');
      }
      const row = await m.save(
        InKindDonation,
        m.create(InKindDonation, {
          nodeId: node.id,
          item: input.item,
          quantity: input.quantity,
          unit: input.unit,
          donorName: input.donorName ?? null,
          anonymous: input.anonymous,
          donorKind: input.donorKind,
          receivedOn: input.receivedOn,
          destinationKind: input.destinationKind,
          needId: input.needId ?? null,
          wishId: input.wishId ?? null,
          destinationNote: input.destinationNote ?? null,
          recordedBy: principal.userId,
        }),
      );
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'fund.in_kind',
        entityType: 'in_kind_donation',
        entityId: row.id,
        nodeId: node.id,
        detail: { quantity: input.quantity, destinationKind: input.destinationKind, anonymous: input.anonymous },
      });
      return row.id;
    });
    const row = await this.db.manager.findOneOrFail(InKindDonation, { where: { id } });
    return this.inKindView(row);
  }

  // ---------------------------------------------------------------- reading

  /** The public board of a fund (no login): nothing private, no anonymous donor's name. */
  async publicView(nodeId: number): Promise<PublicFundView> {
    const node = await this.tree.getNode(nodeId);
    const fund = await this.db.manager.findOne(Fund, { where: { nodeId } });
    const months = lastMonths(this.clock.now(), 12);
    const view: PublicFundView = {
      node: { id: node.id, name: node.name, level: node.level, levelLabel: NODE_LEVEL_LABEL[node.level] },
      fundId: fund?.id ?? null,
      balanceFen: fund?.balance ?? 0,
      totals: { incomeFen: 0, spendingFen: 0 },
      monthly: months.map((month) => ({ month, incomeFen: 0, spendingFen: 0 })),
      donations: [],
      allocations: [],
      inKind: (await this.db.manager.find(InKindDonation, { where: { nodeId }, order: { receivedOn: 'DESC', id: 'DESC' }, take: 50 })).map((r) =>
        this.inKindView(r),
      ),
    };
    if (!fund) return view;

    const totals: Array<{ flow: Flow; total: unknown }> = await this.db.query('SELECT flow, SUM(amount) AS total FROM fund_entry WHERE fund_id = ? GROUP BY flow', [fund.id]);
    for (const t of totals) {
      if (t.flow === 'in') view.totals.incomeFen = toNum(t.total);
      else view.totals.spendingFen = -toNum(t.total);
    }
    const monthly: Array<{ ym: string; flow: Flow; total: unknown }> = await this.db.query(
      'SELECT SUBSTR(occurred_on, 1, 7) AS ym, flow, SUM(amount) AS total FROM fund_entry WHERE fund_id = ? AND occurred_on >= ? GROUP BY SUBSTR(occurred_on, 1, 7), flow',
      [fund.id, `${months[0]}-01`],
    );
    for (const r of monthly) {
      const slot = view.monthly.find((x) => x.month === r.ym);
      if (!slot) continue;
      if (r.flow === 'in') slot.incomeFen += toNum(r.total);
      else slot.spendingFen -= toNum(r.total);
    }
    const donations = await this.db.manager.find(FundEntry, { where: { fundId: fund.id, kind: 'donation' }, order: { occurredOn: 'DESC', id: 'DESC' }, take: 50 });
    view.donations = await this.publicEntries(this.db.manager, donations);

    const allocations = await this.db.manager.find(FundAllocation, {
      where: { fundId: fund.id, status: In(['posted', 'reversed']) },
      order: { postedAt: 'DESC', id: 'DESC' },
      take: 50,
    });
    const names = await this.nodeNames(allocations.map((a) => a.grantToNodeId));
    view.allocations = allocations.map((a) => ({
      id: a.id,
      amountFen: a.amount,
      purpose: a.purpose,
      needId: a.needId,
      projectId: a.projectId,
      grantToNodeName: a.grantToNodeId ? (names.get(a.grantToNodeId) ?? null) : null,
      postedOn: a.postedAt ? beijingDate(a.postedAt) : null,
      reversed: a.status === 'reversed',
    }));
    return view;
  }

  /** The whole public ledger, newest first. */
  async publicLedger(nodeId: number, limit: number, offset: number): Promise<{ items: PublicEntryView[]; total: number }> {
    await this.tree.getNode(nodeId);
    const fund = await this.db.manager.findOne(Fund, { where: { nodeId } });
    if (!fund) return { items: [], total: 0 };
    const [rows, total] = await this.db.manager.findAndCount(FundEntry, { where: { fundId: fund.id }, order: { occurredOn: 'DESC', id: 'DESC' }, take: limit, skip: offset });
    return { items: await this.publicEntries(this.db.manager, rows), total };
  }

  /** The ledger with receipts and recorders, for staff covering the node. */
  async staffLedger(principal: Principal, nodeId: number, limit: number, offset: number): Promise<{ items: StaffEntryView[]; total: number; balanceFen: number }> {
    const node = await this.tree.getNode(nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己管辖的社区或街道的基金台账');
    const fund = await this.db.manager.findOne(Fund, { where: { nodeId } });
    if (!fund) return { items: [], total: 0, balanceFen: 0 };
    const [rows, total] = await this.db.manager.findAndCount(FundEntry, { where: { fundId: fund.id }, order: { occurredOn: 'DESC', id: 'DESC' }, take: limit, skip: offset });
    return { items: await this.staffEntries(this.db.manager, rows), total, balanceFen: fund.balance };
  }

  async listAllocations(principal: Principal, nodeId: number, status?: AllocationStatus): Promise<AllocationView[]> {
    const node = await this.tree.getNode(nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己管辖的社区或街道的基金支出');
    const fund = await this.db.manager.findOne(Fund, { where: { nodeId } });
    if (!fund) return [];
    const rows = await this.db.manager.find(FundAllocation, { where: { fundId: fund.id, ...(status ? { status } : {}) }, order: { id: 'DESC' }, take: 200 });
    return this.allocationViews(rows, node.id);
  }

  async getAllocation(principal: Principal, id: number): Promise<AllocationView> {
    const a = await this.findAllocation(this.db.manager, id);
    const fund = await this.db.manager.findOneOrFail(Fund, { where: { id: a.fundId } });
    const node = await this.tree.getNode(fund.nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己管辖的社区或街道的基金支出');
    return (await this.allocationViews([a], node.id))[0];
  }

  // ---------------------------------------------------------------- internals

  /** The node of a fund the caller acts on: role check first, then the level. */
  private async fundNode(m: EntityManager, principal: Principal, nodeId: number, refusal: string): Promise<{ node: ServiceNode; grant: RoleGrant }> {
    const node = await this.tree.getNode(nodeId, m);
    const grant = requireRoleOn(principal, node, MANAGER_ROLES, refusal);
    if (node.level === 'district') throw badRequest('社区基金设在社区或街道，请选择具体的社区或街道', 'nodeId');
    return { node, grant };
  }

  /**
   * Opens the node's fund on first use, in its own short transaction before the one that uses
   * it: on MariaDB a transaction's snapshot would not see a fund that a concurrent request
   * created, so the using transaction starts only once the fund surely exists. One fund per
   * node (unique index); losing that race is fine.
   */
  private async prepareFund(principal: Principal, nodeId: number, refusal: string): Promise<void> {
    try {
      await inTransaction(this.db, async (m) => {
        const { node, grant } = await this.fundNode(m, principal, nodeId, refusal);
        if (await m.findOne(Fund, { where: { nodeId: node.id } })) return;
        const fund = await m.save(Fund, m.create(Fund, { nodeId: node.id, balance: 0 }));
        await this.audit.record(m, { actorId: principal.userId, actorRole: grant.role, action: 'fund.open', entityType: FUND_ENTITY, entityId: fund.id, nodeId: node.id });
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }

  private async credit(m: EntityManager, fundId: number, amount: number): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(Fund)
      .set({ balance: () => 'balance + :amount', updatedAt: this.clock.now() })
      .where('id = :id AND balance <= :room', { id: fundId, room: MAX_BALANCE - amount })
      .setParameter('amount', amount)
      .execute();
    if (!res.affected) throw conflict(`基金余额超出系统可记录的上限（${yuan(MAX_BALANCE)}），请联系管理员`);
  }

  /** `UPDATE fund SET balance = balance - ? WHERE id = ? AND balance >= ?`: the row count decides. */
  private async debit(m: EntityManager, fundId: number, amount: number, refusal: string): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(Fund)
      .set({ balance: () => 'balance - :amount', updatedAt: this.clock.now() })
      .where('id = :id AND balance >= :amount', { id: fundId, amount })
      .execute();
    if (!res.affected) throw conflict(refusal);
  }

  private debitFor(m: EntityManager, a: FundAllocation, fund: Fund): Promise<void> {
    return this.debit(m, fund.id, a.amount, `基金余额不足以支付这笔 ${yuan(a.amount)} 的支出，未能入账；该支出保持待审批，可在余额充足后重新审批或驳回`);
  }

  /** Writes the ledger entries of an allocation whose amount `debitFor` has already taken from the fund. */
  private async post(m: EntityManager, a: FundAllocation, fund: Fund, node: ServiceNode, principal: Principal, role: string): Promise<void> {
    const today = beijingDate(this.clock.now());
    const out = await m.save(
      FundEntry,
      m.create(FundEntry, {
        fundId: fund.id,
        flow: 'out',
        kind: a.grantToNodeId ? 'grant_out' : 'allocation',
        amount: -a.amount,
        occurredOn: today,
        note: a.purpose,
        allocationId: a.id,
        counterpartNodeId: a.grantToNodeId,
        receiptRef: a.invoiceRef,
        receiptUploadId: a.invoiceUploadId,
        recordedBy: principal.userId,
      }),
    );
    const entryIds = [out.id];
    if (a.grantToNodeId) {
      const targetFund = await m.findOneOrFail(Fund, { where: { nodeId: a.grantToNodeId } });
      await this.credit(m, targetFund.id, a.amount);
      const inEntry = await m.save(
        FundEntry,
        m.create(FundEntry, {
          fundId: targetFund.id,
          flow: 'in',
          kind: 'grant_in',
          amount: a.amount,
          occurredOn: today,
          note: a.purpose,
          allocationId: a.id,
          counterpartNodeId: node.id,
          recordedBy: principal.userId,
        }),
      );
      entryIds.push(inEntry.id);
    }
    await this.move(m, a, 'posted', { postedAt: this.clock.now() }, principal, role, node.id, null, { entryIds, amountFen: a.amount });
  }

  /** Applies one allocation move with a conditional UPDATE (… AND status = from) and audits it. */
  private async move(
    m: EntityManager,
    a: FundAllocation,
    to: AllocationStatus,
    patch: Partial<FundAllocation>,
    principal: Principal,
    role: string,
    nodeId: number,
    reason: string | null = null,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    const rule = assertAllocationMove(a.status, to);
    const now = this.clock.now();
    const res = await m
      .createQueryBuilder()
      .update(FundAllocation)
      .set({ ...patch, status: to, updatedAt: now })
      .where('id = :id AND status = :from', { id: a.id, from: a.status })
      .execute();
    if (!res.affected) throw conflict('这笔支出刚刚已被他人处理，请刷新后再操作');
    await this.audit.record(m, {
      actorId: principal.userId,
      actorRole: role,
      action: rule.action,
      entityType: ALLOCATION_ENTITY,
      entityId: a.id,
      nodeId,
      fromState: a.status,
      toState: to,
      reason,
      detail: { amountFen: a.amount, ...detail },
    });
    Object.assign(a, patch, { status: to, updatedAt: now });
  }

  private async findAllocation(m: EntityManager, id: number): Promise<FundAllocation> {
    const a = await m.findOne(FundAllocation, { where: { id } });
    if (!a) throw notFound('该笔支出');
    return a;
  }

  private assertNotFuture(date: string, field: string, label: string): void {
    const parsed = new Date(`${date}T00:00:00Z`);
    // Rejects 2026-02-30 and the like: a real date prints back as itself.
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
      throw badRequest(`${label}不是有效的日期`, field);
    }
    if (date > beijingDate(this.clock.now())) throw badRequest(`${label}不能晚于今天`, field);
  }

  private async nodeNames(ids: Array<number | null>): Promise<Map<number, string>> {
    const unique = [...new Set(ids.filter((x): x is number => x != null))];
    if (!unique.length) return new Map();
    const rows = await this.db.manager.find(ServiceNode, { where: { id: In(unique) } });
    return new Map(rows.map((n) => [n.id, n.name]));
  }

  private async publicEntries(m: EntityManager, rows: FundEntry[]): Promise<PublicEntryView[]> {
    const ids = rows.map((r) => r.id);
    const reversed = new Set(
      ids.length ? (await m.find(FundEntry, { where: { reversesEntryId: In(ids) }, select: { id: true, reversesEntryId: true } })).map((r) => r.reversesEntryId) : [],
    );
    const allocIds = [...new Set(rows.map((r) => r.allocationId).filter((x): x is number => x != null))];
    const allocs = new Map(allocIds.length ? (await m.find(FundAllocation, { where: { id: In(allocIds) } })).map((a) => [a.id, a]) : []);
    const names = await this.nodeNames(rows.map((r) => r.counterpartNodeId));
    return rows.map((r) => {
      const a = r.allocationId ? allocs.get(r.allocationId) : undefined;
      const isMoneyIn = r.kind === 'donation';
      return {
        id: r.id,
        kind: r.kind,
        kindLabel: ENTRY_KIND_LABEL[r.kind],
        flow: r.flow,
        amountFen: r.amount,
        occurredOn: r.occurredOn,
        donor: isMoneyIn ? donorShown(r.anonymous, r.donorName) : null,
        donorKindLabel: isMoneyIn && r.donorKind ? DONOR_KIND_LABEL[r.donorKind] : null,
        channel: r.channel,
        note: r.note,
        needId: a?.needId ?? null,
        projectId: a?.projectId ?? null,
        counterpartNodeName: r.counterpartNodeId ? (names.get(r.counterpartNodeId) ?? null) : null,
        reversesEntryId: r.reversesEntryId,
        reason: r.reason,
        reversed: reversed.has(r.id),
      };
    });
  }

  private async staffEntries(m: EntityManager, rows: FundEntry[]): Promise<StaffEntryView[]> {
    const base = await this.publicEntries(m, rows);
    const userIds = [...new Set(rows.map((r) => r.recordedBy).filter((x): x is number => x != null))];
    const users = new Map(userIds.length ? (await m.find(User, { where: { id: In(userIds) } })).map((u) => [u.id, u.nickname]) : []);
    return rows.map((r, i) => ({
      ...base[i],
      anonymous: r.anonymous,
      donorName: r.donorName,
      receiptUploadId: r.receiptUploadId,
      receiptRef: r.receiptRef,
      recordedBy: r.recordedBy,
      recordedByName: r.recordedBy ? (users.get(r.recordedBy) ?? null) : null,
      allocationId: r.allocationId,
    }));
  }

  private async staffEntry(id: number): Promise<StaffEntryView> {
    const row = await this.db.manager.findOneOrFail(FundEntry, { where: { id } });
    return (await this.staffEntries(this.db.manager, [row]))[0];
  }

  private async allocationView(id: number): Promise<AllocationView> {
    const a = await this.findAllocation(this.db.manager, id);
    const fund = await this.db.manager.findOneOrFail(Fund, { where: { id: a.fundId } });
    return (await this.allocationViews([a], fund.nodeId))[0];
  }

  private async allocationViews(rows: FundAllocation[], nodeId: number): Promise<AllocationView[]> {
    const names = await this.nodeNames(rows.map((a) => a.grantToNodeId));
    return rows.map((a) => ({
      id: a.id,
      fundId: a.fundId,
      nodeId,
      amountFen: a.amount,
      purpose: a.purpose,
      needId: a.needId,
      projectId: a.projectId,
      grantToNodeId: a.grantToNodeId,
      grantToNodeName: a.grantToNodeId ? (names.get(a.grantToNodeId) ?? null) : null,
      invoiceRef: a.invoiceRef,
      invoiceUploadId: a.invoiceUploadId,
      status: a.status,
      statusLabel: ALLOCATION_STATUS_LABEL[a.status],
      needsStreetApproval: a.needsStreetApproval,
      proposedBy: a.proposedBy,
      approvedBy: a.approvedBy,
      streetApprovedBy: a.streetApprovedBy,
      rejectedBy: a.rejectedBy,
      rejectReason: a.rejectReason,
      createdAt: a.createdAt.toISOString(),
      approvedAt: iso(a.approvedAt),
      streetApprovedAt: iso(a.streetApprovedAt),
      postedAt: iso(a.postedAt),
    }));
  }

  private inKindView(r: InKindDonation): InKindView {
    return {
      id: r.id,
      item: r.item,
      quantity: r.quantity,
      unit: r.unit,
      donor: donorShown(r.anonymous, r.donorName),
      donorKindLabel: DONOR_KIND_LABEL[r.donorKind],
      receivedOn: r.receivedOn,
      destinationKind: r.destinationKind,
      destinationLabel: DESTINATION_KIND_LABEL[r.destinationKind],
      needId: r.needId,
      wishId: r.wishId,
      destinationNote: r.destinationNote,
    };
  }
}
