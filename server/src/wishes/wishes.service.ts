import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, In, LessThanOrEqual } from 'typeorm';
import { AuditLog } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PiiCipher } from '../common/crypto';
import { badRequest, conflict, notFound } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { toNum } from '../database/raw';
import { NotificationsService } from '../notifications/notifications.service';
import { hasRoleOn, requireRoleOn } from '../roles/access';
import { ROLE_LABEL, type Role } from '../roles/role';
import { ServiceNode } from '../tree/service-node.entity';
import { ancestorIds } from '../roles/access';
import { TreeService } from '../tree/tree.service';
import { UploadsService } from '../uploads/uploads.service';
import { User } from '../users/user.entity';
import { ContentSecurity } from '../wechat/content-security.service';
import { WishCampaign } from './wish-campaign.entity';
import { CLAIM_STATUS_LABEL, type ClaimStatus, WishClaim } from './wish-claim.entity';
import { assertWishMove, WISH_CATEGORY_LABEL, WISH_EVENT_LABEL, WISH_STATUS_LABEL, type WishCategory, type WishStatus } from './wish-status';
import { Wish } from './wish.entity';
import { inTransaction } from '../database/transaction';
import { maskName } from '../contract/format';

/** Who may publish a wish and record its delivery: staff, admins and social workers covering the community. */
export const WISH_STAFF_ROLES: readonly Role[] = ['staff', 'admin', 'social_worker'];
/** Who may run a campaign: staff and admins (for the community's or street's party organization). */
export const CAMPAIGN_ROLES: readonly Role[] = ['staff', 'admin'];

const WISH_ENTITY = 'wish';
const ANONYMOUS_CLAIMER = '爱心人士';
const DAY_MS = 24 * 3600_000;

/** The mini-program page of a wish (client/charity/pages/wish), linked from notices. */
export const wishPage = (id: number) => `charity/pages/wish/index?id=${id}`;

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

/** What anyone may see of a wish: no beneficiary name or address, no contact text. */
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
  /** Whether staff recorded a delivery photo (shown publicly only once marked publishable). */
  hasPhoto: boolean;
  /** Once delivered: who fulfilled it (nickname, or 爱心人士), with 党员 if they declared it. */
  thanks: { claimer: string; partyMember: boolean; label: string; text: string | null; photoUrl: string | null } | null;
}

/** The active claimer also sees how to deliver (never the beneficiary). */
export interface WishDetailView extends PublicWishView {
  myClaim: ClaimView | null;
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

export interface TimelineItem {
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

/** 王小明 → 王**: the surname only; the length of the name is not revealed either. */

const iso = (d: Date) => d.toISOString();

/**
 * Micro-wishes (微心愿). Every status move is a conditional UPDATE on the wish (… AND status =
 * <from>), applied with its claim row, its audit row (the wish's timeline) and the claimer's
 * inbox notice in one transaction. Claims not delivered by their deadline are released by
 * `releaseExpiredClaims()` (background job; tests call it after moving the clock).
 */
@Injectable()
export class WishesService {
  private readonly logger = new Logger(WishesService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly contentSecurity: ContentSecurity,
    private readonly notifications: NotificationsService,
    private readonly uploads: UploadsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // The delivery photo: public once staff mark it publishable; before that the wish's staff.
    uploads.registerPolicy(['wish_delivery'], async (principal, link, m) => {
      const wish = await m.findOne(Wish, { where: { id: link.entityId } });
      if (!wish) return { allowed: false, isPublic: false };
      if (wish.photoPublic) return { allowed: true, isPublic: true };
      return { allowed: Boolean(principal && hasRoleOn(principal, await this.tree.getNode(wish.communityId, m), WISH_STAFF_ROLES)), isPublic: false };
    });
  }

  // ---------------------------------------------------------------- publishing

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
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'wish.publish',
        entityType: WISH_ENTITY,
        entityId: wish.id,
        nodeId: node.id,
        toState: 'open',
        detail: { campaignId: input.campaignId, needId: input.needId, valueFen: input.valueFen },
      });
      return wish.id;
    });
    return (await this.publicViews([await this.findWish(this.db.manager, id)]))[0];
  }

  /** Takes an open wish off the board (下架), with a reason. */
  async withdraw(principal: Principal, id: number, reason: string): Promise<PublicWishView> {
    await inTransaction(this.db, async (m) => {
      const { wish, role } = await this.staffWish(m, principal, id);
      await this.move(m, wish, 'withdrawn', 'wish.withdraw', {}, { actorId: principal.userId, role }, reason);
    });
    return this.publicView(id);
  }

  // ---------------------------------------------------------------- claiming

  /**
   * Claims an open wish: `UPDATE wish SET status = 'claimed' WHERE id = ? AND status = 'open'`
   * first — of any number of simultaneous claims exactly one changes the row; the rest get 409.
   */
  async claim(principal: Principal, id: number, input: { anonymous: boolean; asPartyMember: boolean }): Promise<ClaimView> {
    const claimId = await inTransaction(this.db, async (m) => {
      const wish = await this.findWish(m, id);
      if (wish.status !== 'open') throw conflict(this.notOpenMessage(wish.status));
      if (wish.campaignId) {
        const campaign = await m.findOneOrFail(WishCampaign, { where: { id: wish.campaignId } });
        if (campaign.deadlineAt <= this.clock.now()) throw conflict(`“${campaign.title}”活动已截止，不能再认领`);
      }
      assertWishMove(wish.status, 'wish.claim');
      const now = this.clock.now();
      const won = await m
        .createQueryBuilder()
        .update(Wish)
        .set({ status: 'claimed', updatedAt: now })
        .where('id = :id AND status = :open', { id, open: 'open' })
        .execute();
      if (!won.affected) throw conflict('这个心愿刚刚已被他人认领，看看其他心愿吧');
      const user = await m.findOneOrFail(User, { where: { id: principal.userId } });
      const claim = await m.save(
        WishClaim,
        m.create(WishClaim, {
          wishId: id,
          userId: principal.userId,
          activeWishId: id,
          anonymous: input.anonymous,
          asPartyMember: input.asPartyMember,
          publicName: input.anonymous ? null : user.nickname,
          status: 'active',
          claimedAt: now,
          deadlineAt: new Date(now.getTime() + this.config.charity.wishClaimDays * DAY_MS),
          endedAt: null,
        }),
      );
      await m.update(Wish, { id }, { activeClaimId: claim.id });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'claimer',
        action: 'wish.claim',
        entityType: WISH_ENTITY,
        entityId: id,
        nodeId: wish.communityId,
        fromState: 'open',
        toState: 'claimed',
        detail: { claimId: claim.id },
      });
      await this.notifications.notify(m, {
        userIds: [principal.userId],
        title: '认领成功，请按约定送达',
        body: `您认领了心愿“${wish.title}”，请在 ${this.config.charity.wishClaimDays} 天内送达。送达方式：${wish.contactText}`,
        page: wishPage(id),
      });
      return claim.id;
    });
    return this.claimView(await this.db.manager.findOneOrFail(WishClaim, { where: { id: claimId } }));
  }

  /** The claimer gives the wish back before delivery. */
  async withdrawClaim(principal: Principal, id: number): Promise<PublicWishView> {
    await inTransaction(this.db, async (m) => {
      const wish = await this.findWish(m, id);
      const claim = wish.activeClaimId ? await m.findOne(WishClaim, { where: { id: wish.activeClaimId } }) : null;
      if (!claim || claim.userId !== principal.userId || wish.status !== 'claimed') {
        throw conflict('您当前没有认领这个心愿，或心愿已送达，不能撤回');
      }
      await this.endClaim(m, wish, claim, 'withdrawn', 'wish.claim_withdraw', { actorId: principal.userId, role: 'claimer' });
    });
    return this.publicView(id);
  }

  /**
   * Releases every active claim whose deadline has passed: the wish is open again and the
   * claimer gets a notice. Each release is its own transaction and its own conditional UPDATE,
   * so a delivery or withdrawal recorded at the same moment wins cleanly.
   */
  async releaseExpiredClaims(): Promise<number> {
    const due = await this.db.manager.find(WishClaim, {
      where: { status: 'active', deadlineAt: LessThanOrEqual(this.clock.now()) },
      order: { deadlineAt: 'ASC' },
      take: 200,
    });
    let released = 0;
    for (const c of due) {
      try {
        const done = await inTransaction(this.db, async (m) => {
          const wish = await this.findWish(m, c.wishId);
          const claim = await m.findOneOrFail(WishClaim, { where: { id: c.id } });
          if (claim.status !== 'active' || wish.status !== 'claimed' || wish.activeClaimId !== claim.id) return false;
          await this.endClaim(m, wish, claim, 'released', 'wish.claim_release', { actorId: null, role: 'system' });
          await this.notifications.notify(m, {
            userIds: [claim.userId],
            title: '心愿认领已超时释放',
            body: `您认领的心愿“${wish.title}”未在期限内送达，已重新开放认领。感谢您的关注！`,
            page: wishPage(wish.id),
          });
          return true;
        });
        if (done) released++;
      } catch (err) {
        // Someone acted on this wish at the same moment (409): nothing to release.
        this.logger.warn({ msg: 'claim release skipped', claimId: c.id, err: (err as Error).message });
      }
    }
    return released;
  }

  // ---------------------------------------------------------------- delivery

  async deliver(principal: Principal, id: number, input: { photoUploadId?: number; note?: string }): Promise<PublicWishView> {
    await inTransaction(this.db, async (m) => {
      const { wish, role } = await this.staffWish(m, principal, id);
      const claim = wish.activeClaimId ? await m.findOne(WishClaim, { where: { id: wish.activeClaimId } }) : null;
      const now = this.clock.now();
      await this.move(m, wish, 'delivered', 'wish.deliver', { deliveredAt: now, deliveryPhotoUploadId: input.photoUploadId ?? null, deliveryNote: input.note ?? null }, { actorId: principal.userId, role });
      if (input.photoUploadId != null) await this.uploads.attach(m, principal.userId, [input.photoUploadId], 'wish_delivery', wish.id, wish.communityId, 'photoUploadId');
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
    return this.publicView(id);
  }

  /** Records the beneficiary's thanks (public) and completes the wish. */
  async complete(principal: Principal, id: number, input: { thanksText: string; photoPublic?: boolean }): Promise<PublicWishView> {
    await this.assertStaffOn(principal, id);
    await this.contentSecurity.assertPublishable([{ field: 'thanksText', label: '感谢语', text: input.thanksText }], principal.openid, 3);
    await inTransaction(this.db, async (m) => {
      const { wish, role } = await this.staffWish(m, principal, id);
      if (input.photoPublic && !wish.deliveryPhotoUploadId) throw badRequest('该心愿没有送达照片', 'photoPublic');
      await this.move(
        m,
        wish,
        'completed',
        'wish.complete',
        { thanksText: input.thanksText, completedAt: this.clock.now(), ...(input.photoPublic !== undefined ? { photoPublic: input.photoPublic } : {}) },
        { actorId: principal.userId, role },
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
    return this.publicView(id);
  }

  /** Staff decide whether the delivery photo is shown publicly. */
  async setPhotoPublic(principal: Principal, id: number, publish: boolean): Promise<PublicWishView> {
    await inTransaction(this.db, async (m) => {
      const { wish, role } = await this.staffWish(m, principal, id);
      if (!wish.deliveryPhotoUploadId) throw conflict('该心愿还没有送达照片');
      await m.update(Wish, { id }, { photoPublic: publish, updatedAt: this.clock.now() });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: role,
        action: 'wish.photo',
        entityType: WISH_ENTITY,
        entityId: id,
        nodeId: wish.communityId,
        detail: { photoPublic: publish },
      });
    });
    return this.publicView(id);
  }

  /** The beneficiary's name and address, for covering staff only; every look is audited (个人信息保护法). */
  async beneficiary(principal: Principal, id: number): Promise<{ wishId: number; name: string; address: string | null }> {
    return inTransaction(this.db, async (m) => {
      const { wish, role } = await this.staffWish(m, principal, id);
      await this.audit.record(m, { actorId: principal.userId, actorRole: role, action: 'wish.pii_view', entityType: WISH_ENTITY, entityId: id, nodeId: wish.communityId });
      return {
        wishId: id,
        name: this.cipher.decrypt(wish.beneficiaryNameEnc),
        address: wish.beneficiaryAddressEnc ? this.cipher.decrypt(wish.beneficiaryAddressEnc) : null,
      };
    });
  }

  // ---------------------------------------------------------------- reading

  async list(q: { nodeId: number; status?: WishStatus; campaignId?: number; limit: number; offset: number }): Promise<{ items: PublicWishView[]; total: number }> {
    const node = await this.tree.getNode(q.nodeId);
    const qb = this.db.manager
      .createQueryBuilder(Wish, 'w')
      .innerJoin(ServiceNode, 'n', 'n.id = w.community_id')
      .where('n.path LIKE :path', { path: `${node.path}%` });
    if (q.status) qb.andWhere('w.status = :status', { status: q.status });
    else qb.andWhere('w.status <> :withdrawn', { withdrawn: 'withdrawn' });
    if (q.campaignId) qb.andWhere('w.campaign_id = :campaignId', { campaignId: q.campaignId });
    const [rows, total] = await qb.orderBy('w.id', 'DESC').take(q.limit).skip(q.offset).getManyAndCount();
    return { items: await this.publicViews(rows), total };
  }

  async publicView(id: number): Promise<PublicWishView> {
    return (await this.publicViews([await this.findWish(this.db.manager, id)]))[0];
  }

  /** A wish as the caller may see it: public, plus delivery arrangements for its active claimer. */
  async detail(principal: Principal | undefined, id: number): Promise<WishDetailView> {
    const wish = await this.findWish(this.db.manager, id);
    const view = (await this.publicViews([wish]))[0];
    let myClaim: ClaimView | null = null;
    if (principal && wish.activeClaimId) {
      const claim = await this.db.manager.findOne(WishClaim, { where: { id: wish.activeClaimId, userId: principal.userId } });
      if (claim) myClaim = await this.claimView(claim);
    }
    return { ...view, myClaim };
  }

  async myClaims(principal: Principal): Promise<ClaimView[]> {
    const rows = await this.db.manager.find(WishClaim, { where: { userId: principal.userId }, order: { id: 'DESC' }, take: 100 });
    return Promise.all(rows.map((c) => this.claimView(c)));
  }

  /** The wish's public timeline (from its audit rows): what happened, when, in which role. */
  async timeline(id: number): Promise<TimelineItem[]> {
    const wish = await this.findWish(this.db.manager, id);
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
          by: this.actorLabel(r.actorRole),
          ...(claim ? { claimer: this.claimerLabel(claim) } : {}),
          ...(r.action === 'wish.withdraw' ? { reason: r.reason } : {}),
        };
      });
  }

  // ---------------------------------------------------------------- campaigns

  async createCampaign(principal: Principal, input: CampaignInput): Promise<CampaignView> {
    const node = await this.tree.getNode(input.nodeId);
    requireRoleOn(principal, node, CAMPAIGN_ROLES, '只能在自己管辖的社区或街道发起心愿活动');
    const deadlineAt = new Date(input.deadlineAt);
    if (deadlineAt <= this.clock.now()) throw badRequest('截止时间应晚于现在', 'deadlineAt');
    await this.contentSecurity.assertPublishable(
      [
        { field: 'title', label: '活动名称', text: input.title },
        { field: 'description', label: '活动说明', text: input.description ?? '' },
        { field: 'organizer', label: '主办单位', text: input.organizer ?? '' },
      ],
      principal.openid,
      3,
    );
    const id = await inTransaction(this.db, async (m) => {
      const n = await this.tree.getNode(input.nodeId, m);
      const grant = requireRoleOn(principal, n, CAMPAIGN_ROLES, '只能在自己管辖的社区或街道发起心愿活动');
      const c = await m.save(
        WishCampaign,
        m.create(WishCampaign, { nodeId: n.id, title: input.title, description: input.description ?? '', organizer: input.organizer ?? '', deadlineAt, createdBy: principal.userId }),
      );
      await this.audit.record(m, { actorId: principal.userId, actorRole: grant.role, action: 'wish.campaign.create', entityType: 'wish_campaign', entityId: c.id, nodeId: n.id });
      return c.id;
    });
    return this.campaign(id);
  }

  /** Campaigns that concern a node: run on it, on a node above it, or on a node inside it. */
  async campaigns(nodeId: number): Promise<CampaignView[]> {
    const node = await this.tree.getNode(nodeId);
    const rows = await this.db.manager
      .createQueryBuilder(WishCampaign, 'c')
      .innerJoin(ServiceNode, 'n', 'n.id = c.node_id')
      .where('(n.path LIKE :sub OR c.node_id IN (:...above))', { sub: `${node.path}%`, above: [0, ...ancestorIds(node)] })
      .orderBy('c.deadline_at', 'DESC')
      .take(100)
      .getMany();
    return this.campaignViews(rows);
  }

  async campaign(id: number): Promise<CampaignView> {
    const c = await this.db.manager.findOne(WishCampaign, { where: { id } });
    if (!c) throw notFound('该心愿活动');
    return (await this.campaignViews([c]))[0];
  }

  // ---------------------------------------------------------------- internals

  private async findWish(m: EntityManager, id: number): Promise<Wish> {
    const wish = await m.findOne(Wish, { where: { id } });
    if (!wish) throw notFound('该心愿');
    return wish;
  }

  /** The wish, if the caller is staff / admin / social worker covering its community (403 otherwise). */
  private async staffWish(m: EntityManager, principal: Principal, id: number): Promise<{ wish: Wish; role: string }> {
    const wish = await this.findWish(m, id);
    const community = await this.tree.getNode(wish.communityId, m);
    const grant = requireRoleOn(principal, community, WISH_STAFF_ROLES, '该心愿不在您管辖的社区');
    return { wish, role: grant.role };
  }

  private async assertStaffOn(principal: Principal, id: number): Promise<void> {
    await this.staffWish(this.db.manager, principal, id);
  }

  /** Applies one status move with a conditional UPDATE and writes its timeline row. */
  private async move(
    m: EntityManager,
    wish: Wish,
    to: WishStatus,
    action: string,
    patch: Partial<Wish>,
    actor: { actorId: number | null; role: string },
    reason: string | null = null,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    const rule = assertWishMove(wish.status, action);
    if (rule.to !== to) throw new Error(`wish move ${action} goes to ${rule.to}, not ${to}`);
    const res = await m
      .createQueryBuilder()
      .update(Wish)
      .set({ ...patch, status: to, updatedAt: this.clock.now() })
      .where('id = :id AND status = :from', { id: wish.id, from: wish.status })
      .execute();
    if (!res.affected) throw conflict('这个心愿刚刚已被他人处理，请刷新后再操作');
    await this.audit.record(m, {
      actorId: actor.actorId,
      actorRole: actor.role,
      action,
      entityType: WISH_ENTITY,
      entityId: wish.id,
      nodeId: wish.communityId,
      fromState: wish.status,
      toState: to,
      reason,
      detail,
    });
    Object.assign(wish, patch, { status: to });
  }

  /** Ends the active claim (withdrawn by the claimer or released by the deadline): the wish is open again. */
  private async endClaim(m: EntityManager, wish: Wish, claim: WishClaim, status: 'withdrawn' | 'released', action: string, actor: { actorId: number | null; role: string }): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(Wish)
      .set({ status: 'open', activeClaimId: null, updatedAt: this.clock.now() })
      .where('id = :id AND status = :claimed AND active_claim_id = :claimId', { id: wish.id, claimed: 'claimed', claimId: claim.id })
      .execute();
    if (!res.affected) throw conflict('这个心愿刚刚已被他人处理，请刷新后再操作');
    assertWishMove('claimed', action);
    await m.update(WishClaim, { id: claim.id }, { status, activeWishId: null, endedAt: this.clock.now() });
    await this.audit.record(m, {
      actorId: actor.actorId,
      actorRole: actor.role,
      action,
      entityType: WISH_ENTITY,
      entityId: wish.id,
      nodeId: wish.communityId,
      fromState: 'claimed',
      toState: 'open',
      detail: { claimId: claim.id },
    });
  }

  private notOpenMessage(status: WishStatus): string {
    return status === 'claimed' ? '这个心愿已被他人认领，看看其他心愿吧' : `该心愿${WISH_STATUS_LABEL[status]}，不能认领`;
  }

  private actorLabel(role: string | null): string {
    if (role === 'system') return '系统';
    if (role === 'claimer') return '认领人';
    return role && role in ROLE_LABEL ? ROLE_LABEL[role as Role] : '社区';
  }

  private claimerLabel(claim: WishClaim): string {
    const name = claim.anonymous || !claim.publicName ? ANONYMOUS_CLAIMER : claim.publicName;
    return claim.asPartyMember ? `党员 ${name}` : name;
  }

  private async publicViews(rows: Wish[]): Promise<PublicWishView[]> {
    const nodeIds = [...new Set(rows.map((w) => w.communityId))];
    const nodes = new Map(nodeIds.length ? (await this.db.manager.find(ServiceNode, { where: { id: In(nodeIds) } })).map((n) => [n.id, n.name]) : []);
    const claimIds = rows.filter((w) => (w.status === 'delivered' || w.status === 'completed') && w.activeClaimId).map((w) => w.activeClaimId!);
    const claims = new Map(claimIds.length ? (await this.db.manager.find(WishClaim, { where: { id: In(claimIds) } })).map((c) => [c.id, c]) : []);
    return rows.map((w) => {
      const claim = w.activeClaimId ? claims.get(w.activeClaimId) : undefined;
      return {
        id: w.id,
        title: w.title,
        story: w.story,
        valueFen: w.valueFen,
        category: w.category,
        categoryLabel: WISH_CATEGORY_LABEL[w.category],
        beneficiary: w.beneficiaryMasked,
        communityId: w.communityId,
        communityName: nodes.get(w.communityId) ?? '',
        campaignId: w.campaignId,
        needId: w.needId,
        status: w.status,
        statusLabel: WISH_STATUS_LABEL[w.status],
        createdAt: iso(w.createdAt),
        hasPhoto: !!w.deliveryPhotoUploadId,
        thanks: claim
          ? {
              claimer: claim.anonymous || !claim.publicName ? ANONYMOUS_CLAIMER : claim.publicName,
              partyMember: claim.asPartyMember,
              label: `感谢${this.claimerLabel(claim)}认领并送达心愿`,
              text: w.thanksText,
              photoUrl: w.photoPublic && w.deliveryPhotoUploadId ? `/api/wishes/${w.id}/photo` : null,
            }
          : null,
      };
    });
  }

  private async claimView(c: WishClaim): Promise<ClaimView> {
    const wish = await this.findWish(this.db.manager, c.wishId);
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
    };
  }

  private async campaignViews(rows: WishCampaign[]): Promise<CampaignView[]> {
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

  /** The delivery photo, served by uploads/ under the wish's policy (public once staff mark it publishable; 404 otherwise). */
  async photo(principal: Principal | undefined, id: number): Promise<{ mime: string; body: Buffer; isPublic: boolean }> {
    const wish = await this.findWish(this.db.manager, id);
    if (!wish.deliveryPhotoUploadId) throw notFound('该照片');
    return this.uploads.open(principal, wish.deliveryPhotoUploadId);
  }

}
