import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditLog } from '../audit/audit-log.entity';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PiiCipher } from '../common/crypto';
import { badRequest, conflict, notFound } from '../common/errors';
import type { Paged } from '../contract/common';
import { maskName } from '../contract/format';
import type { BeneficiaryView, ClaimView, CompleteInput, DeliverInput, PublicWishView, PublishWishInput, WishDetailView, WishStatus, WishTimelineItem } from '../contract/wishes';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { hasRoleOn, requireRoleOn } from '../roles/access';
import { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { UploadsService } from '../uploads/uploads.service';
import { ContentSecurity } from '../wechat/content-security.service';
import { WishCampaign } from './wish-campaign.entity';
import { WishClaim } from './wish-claim.entity';
import { WISH_EVENT_LABEL } from './wish-status';
import { actorLabel, claimerLabel, WishViews } from './wish-views';
import { WISH_ENTITY, WISH_STAFF_ROLES, wishPage, WishWorkflow } from './wish-workflow';
import { countWishes, findPublicWishPage } from './wish-queries';
import { Wish } from './wish.entity';
import { recordResourcesArrived } from '../needs/need-timeline';

const iso = (d: Date) => d.toISOString();

/**
 * Micro-wishes (微心愿) as staff run them — publish, take down, record the delivery and the
 * thanks — and as anyone reads them. Claims are ClaimsService, campaigns CampaignsService; every
 * status move goes through WishWorkflow with the claim row, the timeline row and the claimer's
 * notice in one transaction.
 */
/** A 困境儿童 wish's photos are never public. */
const CHILD_PHOTO = '困境儿童心愿的照片不公开，以保护儿童';

@Injectable()
export class WishesService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly contentSecurity: ContentSecurity,
    private readonly notifications: NotificationsService,
    private readonly uploads: UploadsService,
    private readonly workflow: WishWorkflow,
    private readonly views: WishViews,
  ) {
    // The delivery photo: public once staff mark it publishable; before that the wish's staff.
    uploads.registerPolicy(['wish_delivery'], async (principal, link, m) => {
      const wish = await m.findOne(Wish, { where: { id: link.entityId } });
      if (!wish) return { allowed: false, isPublic: false };
      if (wish.photoPublic) return { allowed: true, isPublic: true };
      return { allowed: Boolean(principal && hasRoleOn(principal, await this.tree.getNode(wish.communityId, m), WISH_STAFF_ROLES)), isPublic: false };
    });
  }

  async publish(principal: Principal, input: PublishWishInput): Promise<PublicWishView> {
    // Check scope before sending anything to WeChat, then the text others will read.
    const community = await this.tree.getNode(input.communityId);
    requireRoleOn(principal, community, WISH_STAFF_ROLES, '只能为自己管辖的社区发布微心愿');
    if (community.level !== 'community') throw badRequest('微心愿需发布在具体社区', 'communityId');
    await this.contentSecurity.assertPublishable(
      [
        { field: 'title', label: '心愿名称', text: input.title },
        { field: 'story', label: '心愿故事', text: input.story },
        { field: 'contactText', label: '送达方式', text: input.contactText },
      ],
      principal.openid,
      3,
    );
    const id = await inTransaction(this.db, async (m) => {
      const node = await this.tree.getNode(input.communityId, m);
      const grant = requireRoleOn(principal, node, WISH_STAFF_ROLES, '只能为自己管辖的社区发布微心愿');
      if (input.campaignId !== undefined) {
        const campaign = await m.findOne(WishCampaign, { where: { id: input.campaignId } });
        const campaignNode = campaign ? await m.findOne(ServiceNode, { where: { id: campaign.nodeId } }) : null;
        if (!campaign || !campaignNode || !node.path.startsWith(campaignNode.path)) throw badRequest('该心愿活动不存在或不包含本社区', 'campaignId');
        if (campaign.deadlineAt <= this.clock.now()) throw badRequest('该心愿活动已截止', 'campaignId');
      }
      const wish = await m.save(
        Wish,
        m.create(Wish, {
          communityId: node.id,
          campaignId: input.campaignId ?? null,
          title: input.title,
          story: input.story,
          valueFen: input.valueFen,
          category: input.category,
          beneficiaryMasked: maskName(input.beneficiaryName),
          beneficiaryNameEnc: this.cipher.encrypt(input.beneficiaryName),
          beneficiaryAddressEnc: input.beneficiaryAddress ? this.cipher.encrypt(input.beneficiaryAddress) : null,
          contactText: input.contactText,
          needId: input.needId ?? null,
          status: 'open',
          activeClaimId: null,
          photoPublic: false,
          createdBy: principal.userId,
        }),
      );
      await this.workflow.record(m, wish, 'wish.publish', { actorId: principal.userId, role: grant.role }, {
        toState: 'open',
        detail: { campaignId: input.campaignId, needId: input.needId, valueFen: input.valueFen },
      });
      return wish.id;
    });
    return this.views.publicView(id);
  }

  /** Takes an open wish off the board (下架), with a reason. */
  async withdraw(principal: Principal, id: number, reason: string): Promise<PublicWishView> {
    await inTransaction(this.db, async (m) => {
      const { wish, role } = await this.workflow.staffWish(m, principal, id);
      await this.workflow.move(m, wish, 'withdrawn', 'wish.withdraw', {}, { actorId: principal.userId, role }, reason);
    });
    return this.views.publicView(id);
  }

  /**
   * Staff record the delivery. A delivery is shown by a photo (kept private until published with
   * the beneficiary's consent): the one sent now, or the one the claimer uploaded when handing it over.
   */
  async deliver(principal: Principal, id: number, input: DeliverInput): Promise<PublicWishView> {
    await inTransaction(this.db, async (m) => {
      const { wish, role } = await this.workflow.staffWish(m, principal, id);
      const claim = wish.activeClaimId ? await m.findOne(WishClaim, { where: { id: wish.activeClaimId } }) : null;
      const uploadedByClaimer = wish.deliveryPhotoUploadId;
      const photo = input.photoUploadId ?? uploadedByClaimer;
      if (photo == null) throw badRequest('确认送达须附一张送达照片（物品交到受助人手中的照片，不会公开）；认领人也可以在“我认领的心愿”中上传', 'photoUploadId');
      const now = this.clock.now();
      await this.workflow.move(m, wish, 'delivered', 'wish.deliver', { deliveredAt: now, deliveryPhotoUploadId: photo, deliveryNote: input.note ?? null }, { actorId: principal.userId, role });
      if (input.photoUploadId != null && input.photoUploadId !== uploadedByClaimer) await this.uploads.attach(m, principal.userId, [input.photoUploadId], 'wish_delivery', wish.id, wish.communityId, 'photoUploadId');
      if (wish.needId) await recordResourcesArrived(m, { needIds: [wish.needId] }, { userId: principal.userId, role }, `微心愿送达：${wish.title}`, null);
      if (claim) {
        await m.update(WishClaim, { id: claim.id }, { status: 'delivered', activeWishId: null, endedAt: now });
        await this.notifications.notify(m, {
          userIds: [claim.userId],
          title: '您认领的心愿已送达',
          body: `心愿“${wish.title}”已送到受助人手中，感谢您的爱心！`,
          page: wishPage(wish.id),
        });
      }
    });
    return this.views.publicView(id);
  }

  /** Records the beneficiary's thanks (public) and completes the wish. */
  async complete(principal: Principal, id: number, input: CompleteInput): Promise<PublicWishView> {
    await this.workflow.staffWish(this.db.manager, principal, id);
    await this.contentSecurity.assertPublishable([{ field: 'thanksText', label: '感谢语', text: input.thanksText }], principal.openid, 3);
    await inTransaction(this.db, async (m) => {
      const { wish, role } = await this.workflow.staffWish(m, principal, id);
      if (input.photoPublic && !wish.deliveryPhotoUploadId) throw badRequest('该心愿没有送达照片', 'photoPublic');
      if (input.photoPublic && wish.category === 'child') throw badRequest(CHILD_PHOTO, 'photoPublic');
      await this.workflow.move(
        m,
        wish,
        'completed',
        'wish.complete',
        { thanksText: input.thanksText, completedAt: this.clock.now(), ...(input.photoPublic !== undefined ? this.photoChoice(input.photoPublic, principal.userId) : {}) },
        { actorId: principal.userId, role },
        null,
        input.photoPublic !== undefined ? { photoPublic: input.photoPublic } : {},
      );
      const claim = wish.activeClaimId ? await m.findOne(WishClaim, { where: { id: wish.activeClaimId } }) : null;
      if (claim) {
        await this.notifications.notify(m, {
          userIds: [claim.userId],
          title: '受助人向您致谢',
          body: `心愿“${wish.title}”：${input.thanksText}`,
          page: wishPage(wish.id),
        });
      }
    });
    return this.views.publicView(id);
  }

  /** Staff decide whether the delivery photo is shown publicly. */
  async setPhotoPublic(principal: Principal, id: number, publish: boolean): Promise<PublicWishView> {
    await inTransaction(this.db, async (m) => {
      const { wish, role } = await this.workflow.staffWish(m, principal, id);
      if (!wish.deliveryPhotoUploadId) throw conflict('该心愿还没有送达照片');
      if (publish && wish.category === 'child') throw badRequest(CHILD_PHOTO, 'publish');
      await m.update(Wish, { id }, { ...this.photoChoice(publish, principal.userId), updatedAt: this.clock.now() });
      await this.workflow.record(m, wish, 'wish.photo', { actorId: principal.userId, role }, { detail: { photoPublic: publish } });
    });
    return this.views.publicView(id);
  }

  /**
   * The claimer (or staff) adds the delivery photo: when handing the gift over (before staff
   * record the delivery, which then uses it), or after a delivery recorded without one (before
   * photos were required). It stays private until staff, with the beneficiary's consent, publish it.
   */
  async addDeliveryPhoto(principal: Principal, id: number, photoUploadId: number): Promise<PublicWishView> {
    await inTransaction(this.db, async (m) => {
      const wish = await this.workflow.findWish(m, id);
      if (wish.status !== 'claimed' && wish.status !== 'delivered' && wish.status !== 'completed') throw conflict('心愿被认领后才能上传送达照片');
      const claimer = await this.isFulfillingClaimer(m, wish, principal.userId);
      const role = claimer ? 'claimer' : (await this.workflow.staffWish(m, principal, id)).role;
      if (wish.deliveryPhotoUploadId) throw conflict('这个心愿已有送达照片');
      const res = await m
        .createQueryBuilder()
        .update(Wish)
        .set({ deliveryPhotoUploadId: photoUploadId, photoPublic: false, photoPublicBy: null, photoPublicAt: null, updatedAt: this.clock.now() })
        .where('id = :id AND delivery_photo_upload_id IS NULL', { id })
        .execute();
      if (!res.affected) throw conflict('这个心愿刚刚已有人补充了送达照片');
      await this.uploads.attach(m, principal.userId, [photoUploadId], 'wish_delivery', wish.id, wish.communityId, 'photoUploadId');
      await this.workflow.record(m, wish, 'wish.photo_add', { actorId: principal.userId, role });
      if (claimer && wish.createdBy) {
        await this.notifications.notify(m, {
          userIds: [wish.createdBy],
          title: wish.status === 'claimed' ? '认领人上传了送达照片' : '认领人补充了送达照片',
          body:
            wish.status === 'claimed'
              ? `心愿“${wish.title}”的认领人上传了送达照片（暂不公开），请核实后在工作台确认送达。`
              : `心愿“${wish.title}”有了送达照片（暂不公开）。征得受助人同意后，可在工作台选择公开。`,
          page: wishPage(wish.id),
        });
      }
    });
    return this.views.publicView(id);
  }

  /** Whether the user is the claimer whose claim holds (claimed) or fulfilled (delivered, completed) the wish. */
  private async isFulfillingClaimer(m: EntityManager, wish: Wish, userId: number): Promise<boolean> {
    if (!wish.activeClaimId) return false;
    const claim = await m.findOne(WishClaim, { where: { id: wish.activeClaimId } });
    if (claim?.userId !== userId) return false;
    return wish.status === 'claimed' ? claim.status === 'active' : (wish.status === 'delivered' || wish.status === 'completed') && claim.status === 'delivered';
  }

  /** The delivery photo made public (or private) by an explicit choice, recorded with who made it. */
  private photoChoice(publish: boolean, userId: number): Pick<Wish, 'photoPublic' | 'photoPublicBy' | 'photoPublicAt'> {
    return publish ? { photoPublic: true, photoPublicBy: userId, photoPublicAt: this.clock.now() } : { photoPublic: false, photoPublicBy: null, photoPublicAt: null };
  }

  /** The beneficiary's name and address, for covering staff only; every look is audited (个人信息保护法). */
  async beneficiary(principal: Principal, id: number): Promise<BeneficiaryView> {
    return inTransaction(this.db, async (m) => {
      const { wish, role } = await this.workflow.staffWish(m, principal, id);
      await this.workflow.record(m, wish, 'wish.pii_view', { actorId: principal.userId, role });
      return {
        wishId: id,
        name: this.cipher.decrypt(wish.beneficiaryNameEnc),
        address: wish.beneficiaryAddressEnc ? this.cipher.decrypt(wish.beneficiaryAddressEnc) : null,
      };
    });
  }

  /**
   * The public wish wall of a node's subtree: one SELECT for a page with rows (findPublicWishPage);
   * an empty page looks the node up (404) and, past the end, counts (#15).
   */
  async list(q: { nodeId: number; status?: WishStatus; campaignId?: number; limit: number; offset: number }): Promise<Paged<PublicWishView>> {
    const page = await findPublicWishPage(this.db.manager, q);
    if (page.total === null) {
      const node = await this.tree.getNode(q.nodeId);
      return { items: [], total: q.offset > 0 ? await countWishes(this.db.manager, node.path, q) : 0 };
    }
    return { items: page.rows.map((r) => this.views.toPublicView(r.wish, r.communityName, r.claim)), total: page.total };
  }

  /** A wish as the caller may see it: public, plus delivery arrangements for its active claimer. */
  async detail(principal: Principal | undefined, id: number): Promise<WishDetailView> {
    const wish = await this.workflow.findWish(this.db.manager, id);
    const view = (await this.views.publicViews([wish]))[0];
    let myClaim: ClaimView | null = null;
    if (principal && wish.activeClaimId) {
      const claim = await this.db.manager.findOne(WishClaim, { where: { id: wish.activeClaimId, userId: principal.userId } });
      if (claim) myClaim = await this.views.claimView(claim);
    }
    return { ...view, myClaim };
  }

  /** The wish's public timeline (from its audit rows): what happened, when, in which role. */
  async timeline(id: number): Promise<WishTimelineItem[]> {
    const wish = await this.workflow.findWish(this.db.manager, id);
    const rows = await this.db.manager.find(AuditLog, { where: { entityType: WISH_ENTITY, entityId: wish.id }, order: { id: 'ASC' } });
    const claimIds = rows.map((r) => (r.detail ? (JSON.parse(r.detail) as { claimId?: number }).claimId : undefined)).filter((x): x is number => !!x);
    const claims = new Map(claimIds.length ? (await this.db.manager.find(WishClaim, { where: { id: In(claimIds) } })).map((c) => [c.id, c]) : []);
    return rows
      .filter((r) => r.action !== 'wish.pii_view')
      .map((r) => {
        const claimId = r.detail ? (JSON.parse(r.detail) as { claimId?: number }).claimId : undefined;
        const claim = claimId ? claims.get(claimId) : undefined;
        return {
          at: iso(r.createdAt),
          action: r.action,
          label: WISH_EVENT_LABEL[r.action] ?? r.action,
          fromStatus: (r.fromState as WishStatus | null) ?? null,
          toStatus: (r.toState as WishStatus | null) ?? null,
          by: actorLabel(r.actorRole),
          ...(claim ? { claimer: claimerLabel(claim) } : {}),
          ...(r.action === 'wish.withdraw' ? { reason: r.reason } : {}),
        };
      });
  }

  /** The delivery photo, served by uploads/ under the wish's policy (public once staff mark it publishable; 404 otherwise). */
  async photo(principal: Principal | undefined, id: number): Promise<{ mime: string; body: Buffer; isPublic: boolean }> {
    const wish = await this.workflow.findWish(this.db.manager, id);
    if (!wish.deliveryPhotoUploadId) throw notFound('该照片');
    return this.uploads.open(principal, wish.deliveryPhotoUploadId);
  }
}
