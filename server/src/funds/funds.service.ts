import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { notFound } from '../common/errors';
import type { Paged } from '../contract/common';
import type { AllocationStatus, AllocationView, FundLinkOptions, PublicEntryView, PublicFundView, StaffLedger } from '../contract/funds';
import { NEED_STATUS_LABEL, type NeedStatus, OPEN_STATUSES } from '../contract/needs';
import { PROJECT_STATUS_LABEL, type ProjectStatus } from '../contract/projects';
import { Need } from '../needs/need.entity';
import { ServiceProject } from '../projects/project.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { NODE_LEVEL_LABEL } from '../contract/tree';
import { toNum } from '../database/raw';
import { requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { TreeService } from '../tree/tree.service';
import { rolesOnNodePolicy, UploadsService } from '../uploads/uploads.service';
import { FundAllocation } from './fund-allocation.entity';
import { FundEntry } from './fund-entry.entity';
import { FundLedger } from './fund-ledger';
import { findFundSums, findNodeFund, findPublicAllocations, findPublicDonations, findPublicInKind } from './fund-queries';
import { FundViews } from './fund-views';
import { Fund } from './fund.entity';
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

  /**
   * The public board of a fund (no login): nothing private, no anonymous donor's name. Five
   * statements (two without a fund): the node with its fund, then the in-kind gifts, the sums by
   * month and flow, the donations and the spendings, each with its look-ups joined (#15).
   */
  async publicView(nodeId: number): Promise<PublicFundView> {
    const m = this.db.manager;
    const found = await findNodeFund(m, nodeId);
    if (!found) throw notFound('该社区或街道');
    const { node, fund } = found;
    const months = lastMonths(this.clock.now(), 12);
    const [inKind, sums, donations, allocations] = await Promise.all([
      findPublicInKind(m, nodeId),
      fund ? findFundSums(m, fund.id, months) : null,
      fund ? findPublicDonations(m, fund.id) : [],
      fund ? findPublicAllocations(m, fund.id) : [],
    ]);
    return {
      node: { id: node.id, name: node.name, level: node.level, levelLabel: NODE_LEVEL_LABEL[node.level] },
      fundId: fund?.id ?? null,
      balanceFen: fund?.balance ?? 0,
      totals: sums?.totals ?? { incomeFen: 0, spendingFen: 0 },
      monthly: sums?.monthly ?? months.map((month) => ({ month, incomeFen: 0, spendingFen: 0 })),
      donations,
      allocations,
      inKind,
    };
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
