import { PiiCipher } from '../common/crypto';
import { redactText } from '../common/redact';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock';
import {
  ANONYMOUS_CLAIMER,
  type CampaignView,
  CLAIM_STATUS_LABEL,
  type ClaimView,
  type PublicWishView,
  WISH_CATEGORY_LABEL,
  WISH_STATUS_LABEL,
  type WishStatus,
} from '../contract/wishes';
import { toNum } from '../database/raw';
import { ROLE_LABEL, type Role } from '../roles/role';
import { ServiceNode } from '../tree/service-node.entity';
import type { WishCampaign } from './wish-campaign.entity';
import { WishClaim } from './wish-claim.entity';
import { Wish } from './wish.entity';

const iso = (d: Date) => d.toISOString();

/** The role that acted, as a timeline shows it (never a person's name). */
export function actorLabel(role: string | null): string {
  if (role === 'system') return '系统';
  if (role === 'claimer') return '认领人';
  return role && role in ROLE_LABEL ? ROLE_LABEL[role as Role] : '社区';
}

/** How a claimer is thanked: nickname or 爱心人士, with 党员 if declared. */
export function claimerLabel(claim: PublicClaim): string {
  const name = claim.anonymous || !claim.publicName ? ANONYMOUS_CLAIMER : claim.publicName;
  return claim.asPartyMember ? `党员 ${name}` : name;
}

/** What the public reads of a wish's claim: how the claimer is thanked. */
export type PublicClaim = Pick<WishClaim, 'anonymous' | 'publicName' | 'asPartyMember'>;

/** What the public reads of a 困境儿童 wish's story: nothing of the child's age, school or circumstances. */
const CHILD_STORY = '为保护未成年人，心愿的具体情况不公开。';

/** The columns of a wish its public view reads (WishViews.toPublicView). */
export type PublicWishColumns = Pick<
  Wish,
  | 'id'
  | 'communityId'
  | 'campaignId'
  | 'title'
  | 'story'
  | 'valueFen'
  | 'category'
  | 'beneficiaryMasked'
  | 'beneficiaryNameEnc'
  | 'needId'
  | 'status'
  | 'activeClaimId'
  | 'deliveryPhotoUploadId'
  | 'photoPublic'
  | 'photoPublicAt'
  | 'thanksText'
  | 'createdAt'
>;

/** Rows → the contract's wish views. Public views carry no beneficiary name, address or contact text. */
@Injectable()
export class WishViews {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
  ) {}

  async publicView(id: number): Promise<PublicWishView> {
    return (await this.publicViews([await this.db.manager.findOneOrFail(Wish, { where: { id } })]))[0];
  }

  async publicViews(rows: Wish[]): Promise<PublicWishView[]> {
    const nodeIds = [...new Set(rows.map((w) => w.communityId))];
    const nodes = new Map(nodeIds.length ? (await this.db.manager.find(ServiceNode, { where: { id: In(nodeIds) } })).map((n) => [n.id, n.name]) : []);
    const claimIds = rows.filter((w) => (w.status === 'delivered' || w.status === 'completed') && w.activeClaimId).map((w) => w.activeClaimId!);
    const claims = new Map(claimIds.length ? (await this.db.manager.find(WishClaim, { where: { id: In(claimIds) } })).map((c) => [c.id, c]) : []);
    return rows.map((w) => this.toPublicView(w, nodes.get(w.communityId) ?? '', w.activeClaimId ? claims.get(w.activeClaimId) : undefined));
  }

  /**
   * A wish as the public reads it, given its community's name and, when delivered or completed,
   * its claim (`w`: the columns PublicWishColumns names).
   */
  toPublicView(w: PublicWishColumns, communityName: string, claim: PublicClaim | undefined): PublicWishView {
    return {
      id: w.id,
      title: w.title,
      // The story is public: numbers, exact addresses and the beneficiary's name masked; a child's is not shown at all.
      story: w.category === 'child' ? CHILD_STORY : redactText(w.story, [this.cipher.decrypt(w.beneficiaryNameEnc)]),
      valueFen: w.valueFen,
      category: w.category,
      categoryLabel: WISH_CATEGORY_LABEL[w.category],
      beneficiary: w.beneficiaryMasked,
      communityId: w.communityId,
      communityName,
      campaignId: w.campaignId,
      needId: w.needId,
      status: w.status,
      statusLabel: WISH_STATUS_LABEL[w.status],
      createdAt: iso(w.createdAt),
      hasPhoto: !!w.deliveryPhotoUploadId,
      photoPublicAt: w.photoPublic && w.photoPublicAt ? iso(w.photoPublicAt) : null,
      thanks: claim
        ? {
            claimer: claim.anonymous || !claim.publicName ? ANONYMOUS_CLAIMER : claim.publicName,
            partyMember: claim.asPartyMember,
            label: `感谢${claimerLabel(claim)}认领并送达心愿`,
            text: w.thanksText,
            photoUrl: w.photoPublic && w.deliveryPhotoUploadId ? `/api/wishes/${w.id}/photo` : null,
          }
        : null,
    };
  }

  async claimView(c: WishClaim): Promise<ClaimView> {
    const wish = await this.db.manager.findOneOrFail(Wish, { where: { id: c.wishId } });
    return {
      id: c.id,
      wishId: c.wishId,
      wishTitle: wish.title,
      status: c.status,
      statusLabel: CLAIM_STATUS_LABEL[c.status],
      anonymous: c.anonymous,
      asPartyMember: c.asPartyMember,
      claimedAt: iso(c.claimedAt),
      deadlineAt: iso(c.deadlineAt),
      contactText: c.status === 'active' ? wish.contactText : null,
      canAddPhoto: (c.status === 'active' || c.status === 'delivered') && wish.activeClaimId === c.id && !wish.deliveryPhotoUploadId,
    };
  }

  async campaignViews(rows: WishCampaign[]): Promise<CampaignView[]> {
    if (!rows.length) return [];
    const ids = rows.map((c) => c.id);
    const counts: Array<{ campaign_id: unknown; status: WishStatus; n: unknown }> = await this.db.query(
      `SELECT campaign_id, status, COUNT(*) AS n FROM wish WHERE campaign_id IN (${ids.map(() => '?').join(',')}) GROUP BY campaign_id, status`,
      ids,
    );
    const nodes = new Map((await this.db.manager.find(ServiceNode, { where: { id: In([...new Set(rows.map((c) => c.nodeId))]) } })).map((n) => [n.id, n.name]));
    const now = this.clock.now();
    return rows.map((c) => {
      const progress = { total: 0, claimed: 0, delivered: 0 };
      for (const r of counts.filter((x) => toNum(x.campaign_id) === c.id)) {
        const n = toNum(r.n);
        if (r.status === 'withdrawn') continue;
        progress.total += n;
        if (r.status !== 'open') progress.claimed += n;
        if (r.status === 'delivered' || r.status === 'completed') progress.delivered += n;
      }
      return {
        id: c.id,
        nodeId: c.nodeId,
        nodeName: nodes.get(c.nodeId) ?? '',
        title: c.title,
        description: c.description,
        organizer: c.organizer,
        deadlineAt: iso(c.deadlineAt),
        ended: c.deadlineAt <= now,
        progress,
      };
    });
  }
}
