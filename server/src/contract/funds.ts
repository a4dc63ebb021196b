/**
 * The community fund (社区基金): a public ledger of money in and out, the spending approvals and
 * donations in kind. Money is integer fen (an entry's `amountFen` is signed: positive adds to the
 * balance); dates without a time (occurredOn, receivedOn, postedOn) are Beijing calendar dates
 * YYYY-MM-DD; instants are ISO strings (UTC).
 */
import type { NodeLevel } from './tree';

export const ENTRY_KINDS = ['donation', 'grant_in', 'grant_out', 'allocation', 'reversal'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_KIND_LABEL: Record<EntryKind, string> = {
  donation: '捐赠收入',
  grant_in: '上级拨付',
  grant_out: '拨付下级',
  allocation: '资金支出',
  reversal: '冲正',
};

export type Flow = 'in' | 'out';

export const DONOR_KINDS = ['individual', 'enterprise', 'organization'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];
export const DONOR_KIND_LABEL: Record<DonorKind, string> = { individual: '个人', enterprise: '企业', organization: '社会组织' };

/** Where goods went; listed in the order the form offers them. */
export const DESTINATION_KINDS = ['stock', 'household', 'wish', 'need'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];
export const DESTINATION_KIND_LABEL: Record<DestinationKind, string> = {
  stock: '社区物资库',
  household: '困难家庭',
  wish: '微心愿',
  need: '居民需求',
};

/** Shown instead of the name of a donor who asked not to be named. */
export const ANONYMOUS_DONOR = '爱心人士';

/**
 * An allocation's statuses. `approved` and `street_approved` are steps on the way to `posted`: the
 * approval that completes the required set posts in the same transaction.
 */
export const ALLOCATION_STATUSES = ['proposed', 'approved', 'street_approved', 'posted', 'rejected', 'reversed'] as const;
export type AllocationStatus = (typeof ALLOCATION_STATUSES)[number];
export const ALLOCATION_STATUS_LABEL: Record<AllocationStatus, string> = {
  proposed: '待审批',
  approved: '待街道审批',
  street_approved: '街道已审批',
  posted: '已支出',
  rejected: '未通过',
  reversed: '已冲正',
};

// ------------------------------------------------------------------------ inputs

export interface DonationInput {
  amountFen: number;
  anonymous: boolean;
  donorName?: string;
  donorKind: DonorKind;
  channel: string;
  receivedOn: string;
  /** The receipt photo (uploaded first; kept private). */
  receiptUploadId?: number;
  receiptRef?: string;
}

export interface AllocationInput {
  amountFen: number;
  purpose: string;
  needId?: number;
  projectId?: number;
  /** A street's grant to one of its communities' funds. */
  grantToNodeId?: number;
  invoiceRef?: string;
  /** The invoice or receipt photo (uploaded first; kept private). */
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

// ------------------------------------------------------------------------ views

/** What anyone may see of a ledger line: no receipts, no recorder, no anonymous donor's name. */
export interface PublicEntryView {
  id: number;
  kind: EntryKind;
  kindLabel: string;
  flow: Flow;
  /** Signed: positive adds to the balance. */
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
  /** For a posted spending: who proposed it and who approved it, named separately (the recorder is the last approver). */
  proposedByName: string | null;
  approvedByName: string | null;
}

export interface StaffLedger {
  items: StaffEntryView[];
  total: number;
  balanceFen: number;
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
  /** The people by name, for the approval card and the ledger (staff views only). */
  proposerName: string | null;
  approverName: string | null;
  streetApproverName: string | null;
  /** What the spending is linked to, by name. */
  needTitle: string | null;
  projectTitle: string | null;
  rejectReason: string | null;
  createdAt: string;
  approvedAt: string | null;
  streetApprovedAt: string | null;
  postedAt: string | null;
}

/** What a spending may be linked to: the fund's open needs and active projects, by name (GET /funds/nodes/:nodeId/link-options). */
export interface FundLinkOption {
  id: number;
  title: string;
  statusLabel: string;
  communityName: string;
}

export interface FundLinkOptions {
  needs: FundLinkOption[];
  projects: FundLinkOption[];
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

export interface MonthTotals {
  /** YYYY-MM (Beijing). */
  month: string;
  incomeFen: number;
  spendingFen: number;
}

export interface PublicFundView {
  node: { id: number; name: string; level: NodeLevel; levelLabel: string };
  fundId: number | null;
  balanceFen: number;
  totals: { incomeFen: number; spendingFen: number };
  /** The last 12 months, oldest first (Beijing time). Reversals net out in their own month. */
  monthly: MonthTotals[];
  donations: PublicEntryView[];
  allocations: PublicAllocationView[];
  inKind: InKindView[];
}
