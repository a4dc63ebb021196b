import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RoleGrant } from '../auth/principal';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/db-errors';
import { badRequest, conflict, notFound } from '../common/errors';
import type { AllocationStatus } from '../contract/funds';
import { beijingDate, yuan } from '../contract/format';
import { inTransaction } from '../database/transaction';
import { requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import type { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { recordResourcesArrived } from '../needs/need-timeline';
import { assertAllocationMove } from './allocation-status';
import { FundAllocation } from './fund-allocation.entity';
import { FundEntry } from './fund-entry.entity';
import { Fund } from './fund.entity';

/** The largest balance an int column holds with room to spare (fen): 2000 万元. */
const MAX_BALANCE = 2_000_000_000;
export const FUND_ENTITY = 'fund';
export const ENTRY_ENTITY = 'fund_entry';
export const ALLOCATION_ENTITY = 'fund_allocation';

/**
 * The mechanics every fund action shares: which fund a caller may act on, opening it, and the
 * only code that changes `fund.balance` or an allocation's status.
 *
 *  - Every change of the balance happens in the same transaction as the ledger entry that
 *    explains it; a decrease is a conditional UPDATE (… AND balance >= amount) whose affected
 *    row count decides, so two approvals at the same moment can never overdraw (STACK.md).
 *  - An allocation moves only along allocation-status.ts, with a conditional UPDATE and an audit row.
 */
@Injectable()
export class FundLedger {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The node of a fund the caller acts on: role check first, then the level. */
  async fundNode(m: EntityManager, principal: Principal, nodeId: number, refusal: string): Promise<{ node: ServiceNode; grant: RoleGrant }> {
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
  async prepareFund(principal: Principal, nodeId: number, refusal: string): Promise<void> {
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

  async credit(m: EntityManager, fundId: number, amount: number): Promise<void> {
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
  async debit(m: EntityManager, fundId: number, amount: number, refusal: string): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(Fund)
      .set({ balance: () => 'balance - :amount', updatedAt: this.clock.now() })
      .where('id = :id AND balance >= :amount', { id: fundId, amount })
      .execute();
    if (!res.affected) throw conflict(refusal);
  }

  debitFor(m: EntityManager, a: FundAllocation, fund: Fund): Promise<void> {
    return this.debit(m, fund.id, a.amount, `基金余额不足以支付这笔 ${yuan(a.amount)} 的支出，未能入账；该支出保持待审批，可在余额充足后重新审批或驳回`);
  }

  /** Writes the ledger entries of an allocation whose amount `debitFor` has already taken from the fund. */
  async post(m: EntityManager, a: FundAllocation, fund: Fund, node: ServiceNode, principal: Principal, role: string): Promise<void> {
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
    // The money is out: 慈善资源保障 reached for the need, or for every need of the project.
    if (a.needId || a.projectId) {
      await recordResourcesArrived(m, { needIds: a.needId ? [a.needId] : [], projectId: a.projectId }, { userId: principal.userId, role }, `慈善资金到位 ${yuan(a.amount)}`, a.purpose);
    }
  }

  /** Applies one allocation move with a conditional UPDATE (… AND status = from) and audits it. */
  async move(
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

  async findAllocation(m: EntityManager, id: number): Promise<FundAllocation> {
    const a = await m.findOne(FundAllocation, { where: { id } });
    if (!a) throw notFound('该笔支出');
    return a;
  }

  /** An allocation with its fund and node, if the caller manages that node (403 otherwise). */
  async managedAllocation(m: EntityManager, principal: Principal, id: number, refusal: string): Promise<{ a: FundAllocation; fund: Fund; node: ServiceNode; grant: RoleGrant }> {
    const a = await this.findAllocation(m, id);
    const fund = await m.findOneOrFail(Fund, { where: { id: a.fundId } });
    const node = await this.tree.getNode(fund.nodeId, m);
    const grant = requireRoleOn(principal, node, MANAGER_ROLES, refusal);
    return { a, fund, node, grant };
  }
}

/** Refuses a date that is not a real calendar date or lies after today (Beijing). */
export function assertNotFuture(date: string, today: string, field: string, label: string): void {
  const parsed = new Date(`${date}T00:00:00Z`);
  // Rejects 2026-02-30 and the like: a real date prints back as itself.
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw badRequest(`${label}不是有效的日期`, field);
  }
  if (date > today) throw badRequest(`${label}不能晚于今天`, field);
}
