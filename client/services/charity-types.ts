/**
 * Types of the charity API: the community fund (server/src/funds/funds.service.ts) and
 * micro-wishes with their campaigns (server/src/wishes/wishes.service.ts). Money is integer
 * fen; dates (occurredOn, receivedOn, postedOn) are Beijing calendar dates YYYY-MM-DD; times
 * are ISO strings (UTC).
 */
import type { NodeLevel } from '@contract/tree';

// ------------------------------------------------------------------------ fund

export type EntryKind = 'donation' | 'grant_in' | 'grant_out' | 'allocation' | 'reversal';
export type Flow = 'in' | 'out';
export type DonorKind = 'individual' | 'enterprise' | 'organization';
export type DestinationKind = 'need' | 'wish' | 'household' | 'stock';
export type AllocationStatus = 'proposed' | 'approved' | 'street_approved' | 'posted' | 'rejected' | 'reversed';

export const DONOR_KINDS: Array<{ key: DonorKind; label: string }> = [
  { key: 'individual', label: '个人' },
  { key: 'enterprise', label: '企业' },
  { key: 'organization', label: '社会组织' },
];
export const DESTINATIONS: Array<{ key: DestinationKind; label: string }> = [
  { key: 'stock', label: '社区物资库' },
  { key: 'household', label: '困难家庭' },
  { key: 'wish', label: '微心愿' },
  { key: 'need', label: '居民需求' },
];

/** A public ledger line: an anonymous donor shows as 爱心人士. */
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

export interface StaffEntryView extends PublicEntryView {
  anonymous: boolean;
  donorName: string | null;
  receiptUploadId: number | null;
  receiptRef: string | null;
  recordedBy: number | null;
  recordedByName: string | null;
  allocationId: number | null;
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
  /** The last 12 months, oldest first. */
  monthly: MonthTotals[];
  donations: PublicEntryView[];
  allocations: PublicAllocationView[];
  inKind: InKindView[];
}

export interface StaffLedger {
  items: StaffEntryView[];
  total: number;
  balanceFen: number;
}

export interface DonationInput {
  amountFen: number;
  anonymous: boolean;
  donorName?: string;
  donorKind: DonorKind;
  channel: string;
  receivedOn: string;
  receiptRef?: string;
  /** The receipt photo (uploaded first; kept private). */
  receiptUploadId?: number;
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

export interface AllocationInput {
  amountFen: number;
  purpose: string;
  needId?: number;
  projectId?: number;
  invoiceRef?: string;
  /** The invoice or receipt photo (uploaded first; kept private). */
  invoiceUploadId?: number;
}

// ------------------------------------------------------------------------ wishes

export type WishStatus = 'open' | 'claimed' | 'delivered' | 'completed' | 'withdrawn';
export type WishCategory = 'elderly_alone' | 'child' | 'disabled' | 'low_income' | 'other';
export type ClaimStatus = 'active' | 'delivered' | 'withdrawn' | 'released';

export const WISH_CATEGORIES: Array<{ key: WishCategory; label: string }> = [
  { key: 'elderly_alone', label: '独居老人' },
  { key: 'child', label: '困境儿童' },
  { key: 'disabled', label: '残疾人' },
  { key: 'low_income', label: '低保家庭' },
  { key: 'other', label: '其他' },
];

/** A wish as anyone sees it: the beneficiary masked (王**), no address, no delivery contact. */
export interface PublicWishView {
  id: number;
  title: string;
  story: string;
  valueFen: number;
  category: WishCategory;
  categoryLabel: string;
  beneficiary: string;
  communityId: number;
  communityName: string;
  campaignId: number | null;
  needId: number | null;
  status: WishStatus;
  statusLabel: string;
  createdAt: string;
  /** Whether staff recorded a delivery photo (public only once marked publishable). */
  hasPhoto: boolean;
  thanks: { claimer: string; partyMember: boolean; label: string; text: string | null; photoUrl: string | null } | null;
}

export interface ClaimView {
  id: number;
  wishId: number;
  wishTitle: string;
  status: ClaimStatus;
  statusLabel: string;
  anonymous: boolean;
  asPartyMember: boolean;
  claimedAt: string;
  deadlineAt: string;
  /** Where to bring it and whom to contact; only while the claim is active. */
  contactText: string | null;
}

/** The detail adds the caller's own active claim (with the delivery arrangements). */
export interface WishDetailView extends PublicWishView {
  myClaim: ClaimView | null;
}

export interface WishTimelineItem {
  at: string;
  action: string;
  label: string;
  fromStatus: WishStatus | null;
  toStatus: WishStatus | null;
  by: string;
  claimer?: string;
  reason?: string | null;
}

export interface CampaignView {
  id: number;
  nodeId: number;
  nodeName: string;
  title: string;
  description: string;
  organizer: string;
  deadlineAt: string;
  ended: boolean;
  progress: { total: number; claimed: number; delivered: number };
}

export interface WishesQuery {
  nodeId: number;
  status?: WishStatus;
  campaignId?: number;
  limit?: number;
  offset?: number;
}

export interface PublishWishInput {
  communityId: number;
  title: string;
  story: string;
  valueFen: number;
  category: WishCategory;
  beneficiaryName: string;
  beneficiaryAddress?: string;
  contactText: string;
  needId?: number;
  campaignId?: number;
}

export interface CampaignInput {
  nodeId: number;
  title: string;
  description?: string;
  organizer?: string;
  deadlineAt: string;
}
