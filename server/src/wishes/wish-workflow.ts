import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { conflict, notFound } from '../common/errors';
import type { WishStatus } from '../contract/wishes';
import { requireRoleOn } from '../roles/access';
import type { Role } from '../roles/role';
import { TreeService } from '../tree/tree.service';
import { WishClaim } from './wish-claim.entity';
import { assertWishMove } from './wish-status';
import { Wish } from './wish.entity';

/** Who may publish a wish and record its delivery: staff, admins and social workers covering the community. */
export const WISH_STAFF_ROLES: readonly Role[] = ['staff', 'admin', 'social_worker'];
/** Who may run a campaign: staff and admins (for the community's or street's party organization). */
export const CAMPAIGN_ROLES: readonly Role[] = ['staff', 'admin'];

export const WISH_ENTITY = 'wish';

/** The mini-program page of a wish (client/charity/pages/wish), linked from notices. */
export const wishPage = (id: number) => `charity/pages/wish/index?id=${id}`;

export interface WishActorRef {
  actorId: number | null;
  role: string;
}

/**
 * The only code that changes a wish's status. Every move is a conditional UPDATE on the wish
 * (… AND status = <from>) along wish-status.ts, with its audit row, which is also the wish's
 * public timeline; the caller's transaction carries the claim row and the notices with it.
 */
@Injectable()
export class WishWorkflow {
  constructor(
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async findWish(m: EntityManager, id: number): Promise<Wish> {
    const wish = await m.findOne(Wish, { where: { id } });
    if (!wish) throw notFound('该心愿');
    return wish;
  }

  /** The wish, if the caller is staff / admin / social worker covering its community (403 otherwise). */
  async staffWish(m: EntityManager, principal: Principal, id: number): Promise<{ wish: Wish; role: string }> {
    const wish = await this.findWish(m, id);
    const community = await this.tree.getNode(wish.communityId, m);
    const grant = requireRoleOn(principal, community, WISH_STAFF_ROLES, '该心愿不在您管辖的社区');
    return { wish, role: grant.role };
  }

  /** Applies one status move with a conditional UPDATE and writes its timeline row. */
  async move(m: EntityManager, wish: Wish, to: WishStatus, action: string, patch: Partial<Wish>, actor: WishActorRef, reason: string | null = null, detail: Record<string, unknown> = {}): Promise<void> {
    const rule = assertWishMove(wish.status, action);
    if (rule.to !== to) throw new Error(`wish move ${action} goes to ${rule.to}, not ${to}`);
    const res = await m
      .createQueryBuilder()
      .update(Wish)
      .set({ ...patch, status: to, updatedAt: this.clock.now() })
      .where('id = :id AND status = :from', { id: wish.id, from: wish.status })
      .execute();
    if (!res.affected) throw conflict('这个心愿刚刚已被他人处理，请刷新后再操作');
    await this.record(m, wish, action, actor, { fromState: wish.status, toState: to, reason, detail });
    Object.assign(wish, patch, { status: to });
  }

  /** Ends the active claim (withdrawn by the claimer or released by the deadline): the wish is open again. */
  async endClaim(m: EntityManager, wish: Wish, claim: WishClaim, status: 'withdrawn' | 'released', action: string, actor: WishActorRef): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(Wish)
      // A photo the ended claim's holder uploaded goes with the claim (the next claimer hands over their own).
      .set({ status: 'open', activeClaimId: null, deliveryPhotoUploadId: null, updatedAt: this.clock.now() })
      .where('id = :id AND status = :claimed AND active_claim_id = :claimId', { id: wish.id, claimed: 'claimed', claimId: claim.id })
      .execute();
    if (!res.affected) throw conflict('这个心愿刚刚已被他人处理，请刷新后再操作');
    assertWishMove('claimed', action);
    await m.update(WishClaim, { id: claim.id }, { status, activeWishId: null, endedAt: this.clock.now() });
    await this.record(m, wish, action, actor, { fromState: 'claimed', toState: 'open', detail: { claimId: claim.id } });
  }

  /** A timeline row of the wish (an audit row on it). */
  record(
    m: EntityManager,
    wish: Wish,
    action: string,
    actor: WishActorRef,
    extra: { fromState?: WishStatus; toState?: WishStatus; reason?: string | null; detail?: Record<string, unknown> } = {},
  ): Promise<unknown> {
    return this.audit.record(m, { actorId: actor.actorId, actorRole: actor.role, action, entityType: WISH_ENTITY, entityId: wish.id, nodeId: wish.communityId, ...extra });
  }
}
