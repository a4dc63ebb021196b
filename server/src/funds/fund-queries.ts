import type { EntityManager } from 'typeorm';
import type { Flow, InKindView, PublicEntryView, PublicFundView } from '../contract/funds';
import { beijingDate } from '../contract/format';
import type { NodeLevel } from '../contract/tree';
import { toBool, toDate, toNum, toNumOrNull } from '../database/raw';
import type { FundEntry } from './fund-entry.entity';
import { inKindView, publicEntryView } from './fund-views';
import type { InKindDonation } from './in-kind-donation.entity';

/**
 * The reads of a fund's public board (#15), each with only the columns the board shows and its
 * look-ups joined in, so that an uncached board costs five statements (two without a fund)
 * instead of nine to eleven — in plain SQL: building the queries and hydrating entities were a
 * third of the board's CPU.
 */

/** The node (null: no such node) and its fund's id and balance (null: none opened), one SELECT. */
export async function findNodeFund(
  m: EntityManager,
  nodeId: number,
): Promise<{ node: { id: number; name: string; level: NodeLevel }; fund: { id: number; balance: number } | null } | null> {
  const [row]: Array<{ id: unknown; name: string; level: NodeLevel; fund_id: unknown; balance: unknown }> = await m.query(
    'SELECT s.id, s.name, s.level, f.id AS fund_id, f.balance FROM service_node s LEFT JOIN fund f ON f.node_id = s.id WHERE s.id = ?',
    [nodeId],
  );
  if (!row) return null;
  return {
    node: { id: toNum(row.id), name: row.name, level: row.level },
    fund: row.fund_id == null ? null : { id: toNum(row.fund_id), balance: toNum(row.balance) },
  };
}

/** A node's 50 latest in-kind gifts (the columns a public line shows). */
export async function findPublicInKind(m: EntityManager, nodeId: number): Promise<InKindView[]> {
  const rows: Array<Record<string, unknown>> = await m.query(
    `SELECT id, item, quantity, unit, donor_name, anonymous, donor_kind, received_on, destination_kind, need_id, wish_id, destination_note
       FROM in_kind_donation WHERE node_id = ? ORDER BY received_on DESC, id DESC LIMIT 50`,
    [nodeId],
  );
  return rows.map((r) =>
    inKindView({
      id: toNum(r.id),
      item: r.item as string,
      quantity: toNum(r.quantity),
      unit: r.unit as string,
      donorName: r.donor_name as string | null,
      anonymous: toBool(r.anonymous),
      donorKind: r.donor_kind as InKindDonation['donorKind'],
      receivedOn: r.received_on as string,
      destinationKind: r.destination_kind as InKindDonation['destinationKind'],
      needId: toNumOrNull(r.need_id),
      wishId: toNumOrNull(r.wish_id),
      destinationNote: r.destination_note as string | null,
    }),
  );
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
  const rows: Array<Record<string, unknown>> = await m.query(
    `SELECT e.id, e.kind, e.flow, e.amount, e.occurred_on, e.donor_name, e.anonymous, e.donor_kind, e.channel, e.note, e.counterpart_node_id, e.reverses_entry_id, e.reason,
            a.need_id AS alloc_need_id, a.project_id AS alloc_project_id, cn.name AS counterpart_name,
            EXISTS (SELECT 1 FROM fund_entry x WHERE x.reverses_entry_id = e.id) AS is_reversed
       FROM fund_entry e
       LEFT JOIN fund_allocation a ON a.id = e.allocation_id
       LEFT JOIN service_node cn ON cn.id = e.counterpart_node_id
      WHERE e.fund_id = ? AND e.kind = 'donation'
      ORDER BY e.occurred_on DESC, e.id DESC LIMIT 50`,
    [fundId],
  );
  return rows.map((r) => {
    const counterpartNodeId = toNumOrNull(r.counterpart_node_id);
    return publicEntryView(
      {
        id: toNum(r.id),
        kind: r.kind as FundEntry['kind'],
        flow: r.flow as Flow,
        amount: toNum(r.amount),
        occurredOn: r.occurred_on as string,
        donorName: r.donor_name as string | null,
        anonymous: toBool(r.anonymous),
        donorKind: r.donor_kind as FundEntry['donorKind'],
        channel: r.channel as string | null,
        note: r.note as string | null,
        reversesEntryId: toNumOrNull(r.reverses_entry_id),
        reason: r.reason as string | null,
      },
      {
        needId: toNumOrNull(r.alloc_need_id),
        projectId: toNumOrNull(r.alloc_project_id),
        counterpartNodeName: counterpartNodeId ? ((r.counterpart_name as string | null) ?? null) : null,
        reversed: toBool(r.is_reversed),
      },
    );
  });
}

/** The fund's 50 latest posted (or reversed) spendings, with the name of the node granted to. */
export async function findPublicAllocations(m: EntityManager, fundId: number): Promise<PublicFundView['allocations']> {
  const rows: Array<Record<string, unknown>> = await m.query(
    `SELECT a.id, a.amount, a.purpose, a.need_id, a.project_id, a.grant_to_node_id, a.status, a.posted_at, g.name AS grant_name
       FROM fund_allocation a LEFT JOIN service_node g ON g.id = a.grant_to_node_id
      WHERE a.fund_id = ? AND a.status IN ('posted', 'reversed')
      ORDER BY a.posted_at DESC, a.id DESC LIMIT 50`,
    [fundId],
  );
  return rows.map((a) => ({
    id: toNum(a.id),
    amountFen: toNum(a.amount),
    purpose: a.purpose as string,
    needId: toNumOrNull(a.need_id),
    projectId: toNumOrNull(a.project_id),
    grantToNodeName: a.grant_to_node_id != null ? ((a.grant_name as string | null) ?? null) : null,
    postedOn: a.posted_at != null ? beijingDate(toDate(a.posted_at)) : null,
    reversed: a.status === 'reversed',
  }));
}
