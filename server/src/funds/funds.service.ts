import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import type { Paged } from '../contract/common';
import type { AllocationStatus, AllocationView, Flow, FundLinkOptions, PublicEntryView, PublicFundView, StaffLedger } from '../contract/funds';
import { NEED_STATUS_LABEL, type NeedStatus, OPEN_STATUSES } from '../contract/needs';
import { PROJECT_STATUS_LABEL, type ProjectStatus } from '../contract/projects';
import { Need } from '../needs/need.entity';
import { ServiceProject } from '../projects/project.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { beijingDate } from '../contract/format';
import { NODE_LEVEL_LABEL } from '../contract/tree';
import { toNum } from '../database/raw';
import { requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { TreeService } from '../tree/tree.service';
import { rolesOnNodePolicy, UploadsService } from '../uploads/uploads.service';
import { FundAllocation } from './fund-allocation.entity';
import { FundEntry } from './fund-entry.entity';
import { FundLedger } from './fund-ledger';
import { FundViews, inKindView } from './fund-views';
import { Fund } from './fund.entity';
import { InKindDonation } from './in-kind-donation.entity';
import { lastMonths } from './months';

/**
 * The community fund (社区基金): a public ledger of money in and out. The product records and
 * discloses; money itself moves offline or through a qualified charity's channel. This service
 * opens a fund and reads it; income is DonationsService, spending AllocationsService,
 * corrections CorrectionsService, and every balance change goes through FundLedger.
 */
@Injectable()
export class FundsService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly clock: Clock,
    private readonly ledger: FundLedger,
    private readonly views: FundViews,
    uploads: UploadsService,
  ) {
    // Receipts and invoices are never public: the staff and admins covering the fund's node.
    uploads.registerPolicy(['fund_receipt', 'allocation_invoice'], rolesOnNodePolicy(MANAGER_ROLES));
  }

  /** Opens the fund of a community or street (idempotent). */
  async open(principal: Principal, nodeId: number): Promise<PublicFundView> {
    await this.ledger.prepareFund(principal, nodeId, '只能为自己管辖的社区或街道开设基金');
    return this.publicView(nodeId);
  }

  /** The public board of a fund (no login): nothing private, no anonymous donor's name. */
  async publicView(nodeId: number): Promise<PublicFundView> {
    const node = await this.tree.getNode(nodeId);
    const fund = await this.db.manager.findOne(Fund, { where: { nodeId } });
    const months = lastMonths(this.clock.now(), 12);
    const inKind = await this.db.manager.find(InKindDonation, { where: { nodeId }, order: { receivedOn: 'DESC', id: 'DESC' }, take: 50 });
    const view: PublicFundView = {
      node: { id: node.id, name: node.name, level: node.level, levelLabel: NODE_LEVEL_LABEL[node.level] },
      fundId: fund?.id ?? null,
      balanceFen: fund?.balance ?? 0,
      totals: { incomeFen: 0, spendingFen: 0 },
      monthly: months.map((month) => ({ month, incomeFen: 0, spendingFen: 0 })),
      donations: [],
      allocations: [],
      inKind: inKind.map(inKindView),
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
    view.donations = await this.views.publicEntries(this.db.manager, donations);

    const allocations = await this.db.manager.find(FundAllocation, {
      where: { fundId: fund.id, status: In(['posted', 'reversed']) },
      order: { postedAt: 'DESC', id: 'DESC' },
      take: 50,
    });
    const names = await this.views.nodeNames(allocations.map((a) => a.grantToNodeId));
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
  async publicLedger(nodeId: number, limit: number, offset: number): Promise<Paged<PublicEntryView>> {
    await this.tree.getNode(nodeId);
    const fund = await this.db.manager.findOne(Fund, { where: { nodeId } });
    if (!fund) return { items: [], total: 0 };
    const [rows, total] = await this.db.manager.findAndCount(FundEntry, { where: { fundId: fund.id }, order: { occurredOn: 'DESC', id: 'DESC' }, take: limit, skip: offset });
    return { items: await this.views.publicEntries(this.db.manager, rows), total };
  }

  /** The ledger with receipts and recorders, for staff covering the node. */
  async staffLedger(principal: Principal, nodeId: number, limit: number, offset: number): Promise<StaffLedger> {
    const node = await this.tree.getNode(nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己管辖的社区或街道的基金台账');
    const fund = await this.db.manager.findOne(Fund, { where: { nodeId } });
    if (!fund) return { items: [], total: 0, balanceFen: 0 };
    const [rows, total] = await this.db.manager.findAndCount(FundEntry, { where: { fundId: fund.id }, order: { occurredOn: 'DESC', id: 'DESC' }, take: limit, skip: offset });
    return { items: await this.views.staffEntries(this.db.manager, rows), total, balanceFen: fund.balance };
  }

  async listAllocations(principal: Principal, nodeId: number, status?: AllocationStatus): Promise<AllocationView[]> {
    const node = await this.tree.getNode(nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己管辖的社区或街道的基金支出');
    const fund = await this.db.manager.findOne(Fund, { where: { nodeId } });
    if (!fund) return [];
    const rows = await this.db.manager.find(FundAllocation, { where: { fundId: fund.id, ...(status ? { status } : {}) }, order: { id: 'DESC' }, take: 200 });
    return this.views.allocationViews(rows, node.id);
  }

  /**
   * What a spending of this fund may be linked to: the open needs and the active service
   * projects of the communities it covers, newest first, by name (the form picks, never types ids).
   */
  async linkOptions(principal: Principal, nodeId: number): Promise<FundLinkOptions> {
    const node = await this.tree.getNode(nodeId);
    requireRoleOn(principal, node, MANAGER_ROLES, '只能查看自己管辖的社区或街道的基金');
    const needs = await this.db.manager
      .createQueryBuilder(Need, 'n')
      .innerJoin(ServiceNode, 'c', 'c.id = n.community_id')
      .select(['n.id AS id', 'n.title AS title', 'n.status AS status', 'c.name AS community'])
      .where('c.path LIKE :path AND n.status IN (:...open)', { path: `${node.path}%`, open: [...OPEN_STATUSES] })
      .orderBy('n.id', 'DESC')
      .limit(100)
      .getRawMany<{ id: unknown; title: string; status: NeedStatus; community: string }>();
    const projects = await this.db.manager
      .createQueryBuilder(ServiceProject, 'p')
      .innerJoin(ServiceNode, 'c', 'c.id = p.community_id')
      .select(['p.id AS id', 'p.title AS title', 'p.status AS status', 'c.name AS community'])
      .where("c.path LIKE :path AND p.status = 'active'", { path: `${node.path}%` })
      .orderBy('p.id', 'DESC')
      .limit(100)
      .getRawMany<{ id: unknown; title: string; status: ProjectStatus; community: string }>();
    return {
      needs: needs.map((n) => ({ id: toNum(n.id), title: n.title, statusLabel: NEED_STATUS_LABEL[n.status], communityName: n.community })),
      projects: projects.map((p) => ({ id: toNum(p.id), title: p.title, statusLabel: PROJECT_STATUS_LABEL[p.status], communityName: p.community })),
    };
  }

  async getAllocation(principal: Principal, id: number): Promise<AllocationView> {
    const { a, node } = await this.ledger.managedAllocation(this.db.manager, principal, id, '只能查看自己管辖的社区或街道的基金支出');
    return (await this.views.allocationViews([a], node.id))[0];
  }
}
