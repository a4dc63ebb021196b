import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { conflict } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { type ClaimInput, type ClaimView, type PublicWishView, WISH_STATUS_LABEL, type WishStatus } from '../contract/wishes';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { User } from '../users/user.entity';
import { WishCampaign } from './wish-campaign.entity';
import { WishClaim } from './wish-claim.entity';
import { assertWishMove } from './wish-status';
import { WishViews } from './wish-views';
import { Wish } from './wish.entity';
import { wishPage, WishWorkflow } from './wish-workflow';

const DAY_MS = 24 * 3600_000;

const notOpenMessage = (status: WishStatus) => (status === 'claimed' ? '这个心愿已被他人认领，看看其他心愿吧' : `该心愿${WISH_STATUS_LABEL[status]}，不能认领`);

/**
 * Claims (认领): a resident or party member takes an open wish and delivers it by a deadline;
 * claims not delivered in time are released by `releaseExpiredClaims()` (background job; tests
 * call it after moving the clock).
 */
@Injectable()
export class ClaimsService {
  private readonly logger = new Logger(ClaimsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly workflow: WishWorkflow,
    private readonly views: WishViews,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Claims an open wish: `UPDATE wish SET status = 'claimed' WHERE id = ? AND status = 'open'`
   * first — of any number of simultaneous claims exactly one changes the row; the rest get 409.
   */
  async claim(principal: Principal, id: number, input: ClaimInput): Promise<ClaimView> {
    const asPartyMember = input.asPartyMember ?? false;
    const claimId = await inTransaction(this.db, async (m) => {
      const wish = await this.workflow.findWish(m, id);
      if (wish.status !== 'open') throw conflict(notOpenMessage(wish.status));
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
          asPartyMember,
          publicName: input.anonymous ? null : user.nickname,
          status: 'active',
          claimedAt: now,
          deadlineAt: new Date(now.getTime() + this.config.charity.wishClaimDays * DAY_MS),
          endedAt: null,
        }),
      );
      await m.update(Wish, { id }, { activeClaimId: claim.id });
      await this.workflow.record(m, wish, 'wish.claim', { actorId: principal.userId, role: 'claimer' }, { fromState: 'open', toState: 'claimed', detail: { claimId: claim.id } });
      await this.notifications.notify(m, {
        userIds: [principal.userId],
        title: '认领成功，请按约定送达',
        body: `您认领了心愿“${wish.title}”，请在 ${this.config.charity.wishClaimDays} 天内送达。送达方式：${wish.contactText}`,
        page: wishPage(id),
      });
      return claim.id;
    });
    return this.views.claimView(await this.db.manager.findOneOrFail(WishClaim, { where: { id: claimId } }));
  }

  /** The claimer gives the wish back before delivery. */
  async withdrawClaim(principal: Principal, id: number): Promise<PublicWishView> {
    await inTransaction(this.db, async (m) => {
      const wish = await this.workflow.findWish(m, id);
      const claim = wish.activeClaimId ? await m.findOne(WishClaim, { where: { id: wish.activeClaimId } }) : null;
      if (!claim || claim.userId !== principal.userId || wish.status !== 'claimed') {
        throw conflict('您当前没有认领这个心愿，或心愿已送达，不能撤回');
      }
      await this.workflow.endClaim(m, wish, claim, 'withdrawn', 'wish.claim_withdraw', { actorId: principal.userId, role: 'claimer' });
    });
    return this.views.publicView(id);
  }

  async myClaims(principal: Principal): Promise<ClaimView[]> {
    const rows = await this.db.manager.find(WishClaim, { where: { userId: principal.userId }, order: { id: 'DESC' }, take: 100 });
    return Promise.all(rows.map((c) => this.views.claimView(c)));
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
          const wish = await this.workflow.findWish(m, c.wishId);
          const claim = await m.findOneOrFail(WishClaim, { where: { id: c.id } });
          if (claim.status !== 'active' || wish.status !== 'claimed' || wish.activeClaimId !== claim.id) return false;
          await this.workflow.endClaim(m, wish, claim, 'released', 'wish.claim_release', { actorId: null, role: 'system' });
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
}
