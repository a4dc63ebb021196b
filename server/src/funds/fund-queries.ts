import type { EntityManager } from 'typeorm';
import type { Flow, InKindView, PublicEntryView, PublicFundView } from '../contract/funds';
import { beijingDate } from '../contract/format';
import type { NodeLevel } from '../contract/tree';
import { toNum, toNumOrNull } from '../database/raw';
import { ServiceNode } from '../tree/service-node.entity';
import { FundAllocation } from './fund-allocation.entity';
import { FundEntry } from './fund-entry.entity';
import { inKindView, publicEntryView } from './fund-views';
import { Fund } from './fund.entity';
import { InKindDonation } from './in-kind-donation.entity';

/**
 * The reads of a fund's public board (#15), each with only the columns the board shows and its
 * look-ups joined in, so that an uncached board costs five statements (two without a fund)
 * instead of nine to eleven.
 */

/** The node (null: no such node) and its fund's id and balance (null: none opened), one SELECT. */
export async function findNodeFund(
  m: EntityManager,
  nodeId: number,
): Promise<{ node: { id: number; name: string; level: NodeLevel }; fund: { id: number; balance: number } | null } | null> {
  const row = await m
    .createQueryBuilder(ServiceNode, 's')
    .select(['s.id AS id', 's.name AS name', 's.level AS level', 'f.id AS fund_id', 'f.balance AS balance'])
    .leftJoin(Fund, 'f', 'f.node_id = s.id')
    .where('s.id = :nodeId', { nodeId })
    .getRawOne<{ id: unknown; name: string; level: NodeLevel; fund_id: unknown; balance: unknown }>();
  if (!row) return null;
  return {
    node: { id: toNum(row.id), name: row.name, level: row.level },
    fund: row.fund_id == null ? null : { id: toNum(row.fund_id), balance: toNum(row.balance) },
  };
}

/** A node's 50 latest in-kind gifts (the columns a public line shows). */
export async function findPublicInKind(m: EntityManager, nodeId: number): Promise<InKindView[]> {
  const rows = await m.find(InKindDonation, {
    select: {
      id: true,
      item: true,
      quantity: true,
      unit: true,
      donorName: true,
      anonymous: true,
      donorKind: true,
      receivedOn: true,
      destinationKind: true,
      needId: true,
      wishId: true,
      destinationNote: true,
    },
    where: { nodeId },
    order: { receivedOn: 'DESC', id: 'DESC' },
    take: 50,
  });
  return rows.map(inKindView);
}

/**
 * The fund's totals and its income and spending in each of `months` (YYYY-MM), from one GROUP BY
 * month and flow (the totals are the sum of every month's). Spending is shown positive.
 */
export async function findFundSums(m: EntityManager, fundId: number, months: string[]): Promise<Pick<PublicFundView, 'totals' | 'monthly'>> {
  const rows: Array<{ ym: string; flow: Flow; total: unknown }> = await m.query(
    'SELECT SUBSTR(occurred_on, 1, 7) AS ym, flow, SUM(amount) AS total FROM fund_entry WHERE fund_id = ? GROUP BY SUBSTR(occurred_on, 1, 7), flow',
    [fundId],
  );
  const totals = { incomeFen: 0, spendingFen: 0 };
  const monthly = months.map((month) => ({ month, incomeFen: 0, spendingFen: 0 }));
  const slots = new Map(monthly.map((s) => [s.month, s]));
  for (const r of rows) {
    const n = toNum(r.total);
    const slot = slots.get(r.ym);
    if (r.flow === 'in') {
      totals.incomeFen += n;
      if (slot) slot.incomeFen += n;
    } else {
      totals.spendingFen -= n;
      if (slot) slot.spendingFen -= n;
    }
  }
  return { totals, monthly };
}

/**
 * The fund's 50 latest donations as public ledger lines: the entry's public columns with its
 * allocation's links, the other fund's node name and whether it was reversed joined in.
 */
export async function findPublicDonations(m: EntityManager, fundId: number): Promise<PublicEntryView[]> {
  const { entities, raw } = await m
    .createQueryBuilder(FundEntry, 'e')
    .select(['e.id', 'e.kind', 'e.flow', 'e.amount', 'e.occurredOn', 'e.donorName', 'e.anonymous', 'e.donorKind', 'e.channel', 'e.note', 'e.counterpartNodeId', 'e.reversesEntryId', 'e.reason'])
    .leftJoin(FundAllocation, 'a', 'a.id = e.allocation_id')
    .leftJoin(ServiceNode, 'cn', 'cn.id = e.counterpart_node_id')
    .addSelect(['a.need_id AS alloc_need_id', 'a.project_id AS alloc_project_id', 'cn.name AS counterpart_name'])
    .addSelect('EXISTS (SELECT 1 FROM fund_entry x WHERE x.reverses_entry_id = e.id)', 'is_reversed')
    .where("e.fund_id = :fundId AND e.kind = 'donation'", { fundId })
    .orderBy('e.occurredOn', 'DESC')
    .addOrderBy('e.id', 'DESC')
    .limit(50)
    .getRawAndEntities<{ e_id: unknown; alloc_need_id: unknown; alloc_project_id: unknown; counterpart_name: string | null; is_reversed: unknown }>();
  const links = new Map(raw.map((r) => [toNum(r.e_id), r]));
  return entities.map((e) => {
    const r = links.get(e.id);
    return publicEntryView(e, {
      needId: toNumOrNull(r?.alloc_need_id),
      projectId: toNumOrNull(r?.alloc_project_id),
      counterpartNodeName: e.counterpartNodeId ? (r?.counterpart_name ?? null) : null,
      reversed: toNum(r?.is_reversed) === 1,
    });
  });
}

/** The fund's 50 latest posted (or reversed) spendings, with the name of the node granted to. */
export async function findPublicAllocations(m: EntityManager, fundId: number): Promise<PublicFundView['allocations']> {
  const { entities, raw } = await m
    .createQueryBuilder(FundAllocation, 'a')
    .select(['a.id', 'a.amount', 'a.purpose', 'a.needId', 'a.projectId', 'a.grantToNodeId', 'a.status', 'a.postedAt'])
    .leftJoin(ServiceNode, 'g', 'g.id = a.grant_to_node_id')
    .addSelect('g.name', 'grant_name')
    .where("a.fund_id = :fundId AND a.status IN ('posted', 'reversed')", { fundId })
    .orderBy('a.postedAt', 'DESC')
    .addOrderBy('a.id', 'DESC')
    .limit(50)
    .getRawAndEntities<{ a_id: unknown; grant_name: string | null }>();
  const names = new Map(raw.map((r) => [toNum(r.a_id), r.grant_name]));
  return entities.map((a) => ({
    id: a.id,
    amountFen: a.amount,
    purpose: a.purpose,
    needId: a.needId,
    projectId: a.projectId,
    grantToNodeName: a.grantToNodeId ? (names.get(a.id) ?? null) : null,
    postedOn: a.postedAt ? beijingDate(a.postedAt) : null,
    reversed: a.status === 'reversed',
  }));
}
