/**
 * Micro-wishes (微心愿) and the campaigns that collect them (心愿活动). A wish is public without its
 * beneficiary: the name is masked (王**), the address and the delivery arrangements are never in
 * a public view. Money is integer fen; instants are ISO strings (UTC).
 */
import type { PageInput } from './common';

export const WISH_STATUSES = ['open', 'claimed', 'delivered', 'completed', 'withdrawn'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];
export const WISH_STATUS_LABEL: Record<WishStatus, string> = {
  open: '待认领',
  claimed: '已认领',
  delivered: '已送达',
  completed: '已完成',
  withdrawn: '已下架',
};

export const WISH_CATEGORIES = ['elderly_alone', 'child', 'disabled', 'low_income', 'other'] as const;
export type WishCategory = (typeof WISH_CATEGORIES)[number];
export const WISH_CATEGORY_LABEL: Record<WishCategory, string> = {
  elderly_alone: '独居老人',
  child: '困境儿童',
  disabled: '残疾人',
  low_income: '低保家庭',
  other: '其他',
};

export const CLAIM_STATUSES = ['active', 'delivered', 'withdrawn', 'released'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_STATUS_LABEL: Record<ClaimStatus, string> = {
  active: '待送达',
  delivered: '已送达',
  withdrawn: '已撤回',
  released: '超时已释放',
};

/** Shown instead of the name of a claimer who asked not to be named. */
export const ANONYMOUS_CLAIMER = '爱心人士';

// ------------------------------------------------------------------------ inputs

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

export interface WishesQuery extends PageInput {
  nodeId: number;
  status?: WishStatus;
  campaignId?: number;
}

export interface ClaimInput {
  anonymous: boolean;
  /** Thanked as 党员 (self-declared on the claim). */
  asPartyMember?: boolean;
}

export interface DeliverInput {
  photoUploadId?: number;
  note?: string;
}

export interface CompleteInput {
  thanksText: string;
  /** Publish the delivery photo: only by an explicit true (the beneficiary agreed); never by default. */
  photoPublic?: boolean;
}

/** A delivery photo added after the delivery (by the claimer or staff); private until published. */
export interface DeliveryPhotoInput {
  photoUploadId: number;
}

// ------------------------------------------------------------------------ views

export interface WishThanksView {
  /** Nickname, or 爱心人士. */
  claimer: string;
  partyMember: boolean;
  label: string;
  text: string | null;
  /** Only once staff marked the delivery photo publishable. */
  photoUrl: string | null;
}

/** What anyone may see of a wish: no beneficiary name or address, no contact text. */
export interface PublicWishView {
  id: number;
  title: string;
  story: string;
  valueFen: number;
  category: WishCategory;
  categoryLabel: string;
  /** Masked: 王**. */
  beneficiary: string;
  communityId: number;
  communityName: string;
  campaignId: number | null;
  needId: number | null;
  status: WishStatus;
  statusLabel: string;
  createdAt: string;
  /** Whether the wish has a delivery photo (shown publicly only once marked publishable). */
  hasPhoto: boolean;
  /** When staff chose to publish the delivery photo (who chose is recorded with the wish); null while private. */
  photoPublicAt: string | null;
  /** Once delivered: who fulfilled it, with 党员 if they declared it. */
  thanks: WishThanksView | null;
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
  /** The claim fulfilled the wish and it has no delivery photo yet: the claimer may add one. */
  canAddPhoto: boolean;
}

/** The detail adds the caller's own active claim (with the delivery arrangements). */
export interface WishDetailView extends PublicWishView {
  myClaim: ClaimView | null;
}

/** One line of a wish's public timeline. */
export interface WishTimelineItem {
  at: string;
  action: string;
  label: string;
  fromStatus: WishStatus | null;
  toStatus: WishStatus | null;
  /** The role that acted (系统 / 认领人 / 社区工作者 …), never a person's name. */
  by: string;
  claimer?: string;
  reason?: string | null;
}

/** The beneficiary, for covering staff only; every look is audited. */
export interface BeneficiaryView {
  wishId: number;
  name: string;
  address: string | null;
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
