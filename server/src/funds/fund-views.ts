import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import {
  ALLOCATION_STATUS_LABEL,
  ANONYMOUS_DONOR,
  type AllocationView,
  DESTINATION_KIND_LABEL,
  DONOR_KIND_LABEL,
  ENTRY_KIND_LABEL,
  type InKindView,
  type PublicEntryView,
  type StaffEntryView,
} from '../contract/funds';
import { ServiceNode } from '../tree/service-node.entity';
import { Need } from '../needs/need.entity';
import { ServiceProject } from '../projects/project.entity';
import { User } from '../users/user.entity';
import { FundAllocation } from './fund-allocation.entity';
import { FundEntry } from './fund-entry.entity';
import { Fund } from './fund.entity';
import type { InKindDonation } from './in-kind-donation.entity';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const donorShown = (anonymous: boolean, name: string | null) => (anonymous || !name ? ANONYMOUS_DONOR : name);

/** Rows → the contract's fund views: the public ones without receipts, recorders or anonymous donors' names. */
@Injectable()
export class FundViews {
  constructor(private readonly db: DataSource) {}

  async nodeNames(ids: Array<number | null>): Promise<Map<number, string>> {
    const unique = [...new Set(ids.filter((x): x is number => x != null))];
    if (!unique.length) return new Map();
    const rows = await this.db.manager.find(ServiceNode, { where: { id: In(unique) } });
    return new Map(rows.map((n) => [n.id, n.name]));
  }

  async publicEntries(m: EntityManager, rows: FundEntry[]): Promise<PublicEntryView[]> {
    const ids = rows.map((r) => r.id);
    const reversed = new Set(
      ids.length ? (await m.find(FundEntry, { where: { reversesEntryId: In(ids) }, select: { id: true, reversesEntryId: true } })).map((r) => r.reversesEntryId) : [],
    );
    const allocIds = [...new Set(rows.map((r) => r.allocationId).filter((x): x is number => x != null))];
    const allocs = new Map(allocIds.length ? (await m.find(FundAllocation, { where: { id: In(allocIds) } })).map((a) => [a.id, a]) : []);
    const names = await this.nodeNames(rows.map((r) => r.counterpartNodeId));
    return rows.map((r) => {
      const a = r.allocationId ? allocs.get(r.allocationId) : undefined;
      return publicEntryView(r, {
        needId: a?.needId ?? null,
        projectId: a?.projectId ?? null,
        counterpartNodeName: r.counterpartNodeId ? (names.get(r.counterpartNodeId) ?? null) : null,
        reversed: reversed.has(r.id),
      });
    });
  }

  async staffEntries(m: EntityManager, rows: FundEntry[]): Promise<StaffEntryView[]> {
    const base = await this.publicEntries(m, rows);
    const allocIds = [...new Set(rows.map((r) => r.allocationId).filter((x): x is number => x != null))];
    const allocs = new Map(allocIds.length ? (await m.find(FundAllocation, { where: { id: In(allocIds) } })).map((a) => [a.id, a]) : []);
    const users = await this.userNames(m, [...rows.map((r) => r.recordedBy), ...[...allocs.values()].flatMap((a) => [a.proposedBy, a.streetApprovedBy ?? a.approvedBy])]);
    const name = (id: number | null | undefined) => (id ? (users.get(id) ?? null) : null);
    return rows.map((r, i) => ({
      ...base[i],
      anonymous: r.anonymous,
      donorName: r.donorName,
      receiptUploadId: r.receiptUploadId,
      receiptRef: r.receiptRef,
      recordedBy: r.recordedBy,
      recordedByName: name(r.recordedBy),
      allocationId: r.allocationId,
      proposedByName: r.allocationId ? name(allocs.get(r.allocationId)?.proposedBy) : null,
      approvedByName: r.allocationId ? name(allocs.get(r.allocationId)?.streetApprovedBy ?? allocs.get(r.allocationId)?.approvedBy) : null,
    }));
  }

  /** Nicknames by user id (staff views only). */
  async userNames(m: EntityManager, ids: Array<number | null | undefined>): Promise<Map<number, string>> {
    const unique = [...new Set(ids.filter((x): x is number => x != null))];
    return new Map(unique.length ? (await m.find(User, { where: { id: In(unique) } })).map((u) => [u.id, u.nickname]) : []);
  }

  async staffEntry(id: number): Promise<StaffEntryView> {
    const row = await this.db.manager.findOneOrFail(FundEntry, { where: { id } });
    return (await this.staffEntries(this.db.manager, [row]))[0];
  }

  async allocationView(id: number): Promise<AllocationView> {
    const a = await this.db.manager.findOneOrFail(FundAllocation, { where: { id } });
    const fund = await this.db.manager.findOneOrFail(Fund, { where: { id: a.fundId } });
    return (await this.allocationViews([a], fund.nodeId))[0];
  }

  async allocationViews(rows: FundAllocation[], nodeId: number): Promise<AllocationView[]> {
    const names = await this.nodeNames(rows.map((a) => a.grantToNodeId));
    const m = this.db.manager;
    const users = await this.userNames(m, rows.flatMap((a) => [a.proposedBy, a.approvedBy, a.streetApprovedBy]));
    const needIds = [...new Set(rows.map((a) => a.needId).filter((x): x is number => x != null))];
    const projectIds = [...new Set(rows.map((a) => a.projectId).filter((x): x is number => x != null))];
    const needs = new Map(needIds.length ? (await m.find(Need, { where: { id: In(needIds) }, select: { id: true, title: true } })).map((n) => [n.id, n.title]) : []);
    const projects = new Map(projectIds.length ? (await m.find(ServiceProject, { where: { id: In(projectIds) }, select: { id: true, title: true } })).map((p) => [p.id, p.title]) : []);
    const name = (id: number | null) => (id ? (users.get(id) ?? null) : null);
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
      proposerName: name(a.proposedBy),
      approverName: name(a.approvedBy),
      streetApproverName: name(a.streetApprovedBy),
      needTitle: a.needId ? (needs.get(a.needId) ?? null) : null,
      projectTitle: a.projectId ? (projects.get(a.projectId) ?? null) : null,
      rejectReason: a.rejectReason,
      createdAt: a.createdAt.toISOString(),
      approvedAt: iso(a.approvedAt),
      streetApprovedAt: iso(a.streetApprovedAt),
      postedAt: iso(a.postedAt),
    }));
  }
}

/** The columns of an in-kind gift its public line reads. */
export type InKindColumns = Pick<
  InKindDonation,
  'id' | 'item' | 'quantity' | 'unit' | 'donorName' | 'anonymous' | 'donorKind' | 'receivedOn' | 'destinationKind' | 'needId' | 'wishId' | 'destinationNote'
>;

export function inKindView(r: InKindColumns): InKindView {
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

/** What an entry's public line shows beyond its own columns: its allocation's links, the other fund's node, whether it was reversed. */
export type EntryLinks = Pick<PublicEntryView, 'needId' | 'projectId' | 'counterpartNodeName' | 'reversed'>;

/** The columns of an entry its public line reads. */
export type PublicEntryColumns = Pick<
  FundEntry,
  'id' | 'kind' | 'flow' | 'amount' | 'occurredOn' | 'donorName' | 'anonymous' | 'donorKind' | 'channel' | 'note' | 'reversesEntryId' | 'reason'
>;

/** One public ledger line: no receipt, no recorder, no anonymous donor's name. */
export function publicEntryView(r: PublicEntryColumns, links: EntryLinks): PublicEntryView {
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
    needId: links.needId,
    projectId: links.projectId,
    counterpartNodeName: links.counterpartNodeName,
    reversesEntryId: r.reversesEntryId,
    reason: r.reason,
    reversed: links.reversed,
  };
}
