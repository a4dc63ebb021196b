import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/db-errors';
import { type BatchOutcome, KeyedBatches } from '../common/keyed-batches';
import { badRequest, conflict, forbidden } from '../common/errors';
import { beijingMinute } from '../contract/format';
import { type ActivityCancelResult, type ActivityEditInput, type ActivitySignupResult, type ActivitySignupView, HOLDING_STATUSES, SEAT_STATUSES, SIGNUP_STATUS_LABEL, type SignupStatus } from '../contract/volunteers';
import { insertRows } from '../database/raw';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { TreeService } from '../tree/tree.service';
import {
  findActivity,
  findOverlapsHeld,
  firstWaiting,
  leaveQueue,
  lockActivity,
  lockApprovedVolunteers,
  moveSignup,
  releaseSeat,
  seatFromQueue,
} from './activity-queries';
import { assertActivityTimes, cancelRule, signupClosed } from './activity-rules';
import { activityPage, signupView } from './activity-views';
import { Activity, ActivitySkill } from './activity.entity';
import { Signup } from './signup.entity';
import { cut, requireOrganizer } from './volunteer-access';
import { VolunteerSkill } from './volunteer-skill.entity';
import { VolunteerSkillLink } from './volunteer.entity';

/**
 * Sign-up with capacity and a waitlist, cancellation with automatic promotion, the organizer's
 * approval of sign-ups.
 *
 * Concurrency (both databases; STACK.md): sign-ups for one activity that arrive together are
 * written as one batch (KeyedBatches, #15) in one transaction: it first bumps the volunteers'
 * own rows (so one person's sign-ups run one at a time and the time-overlap check sees the
 * other), refuses each wrong one on its own, then takes the activity row once (`lockActivity`),
 * reads its counters under that lock and hands out the free seats and then queue tickets in
 * arrival order, with one UPDATE of the counters, one INSERT of the rows and one of the audit
 * entries. Cancellations lock the activity row first and promote the head of the queue in the
 * same transaction. Locks are always taken in the order volunteer rows → activity row → sign-up
 * rows, so these transactions cannot deadlock. Several server instances each batch their own
 * arrivals; the activity row orders the batches. The queries are activity-queries.ts; the time
 * rules activity-rules.ts.
 */
interface SignupAsk {
  principal: Principal;
  subscribed?: readonly string[];
}

@Injectable()
export class SignupsService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  /**
   * `subscribed`: the reminder subscription accepted in the same tap (granted with the sign-up,
   * waitlisted or not). Sign-ups for one activity arriving together are written together (#15):
   * a crowd of 2,000 takes the activity row once per batch instead of once each.
   */
  signup(principal: Principal, id: number, subscribed?: readonly string[]): Promise<ActivitySignupResult> {
    return this.batches.submit(id, { principal, subscribed });
  }

  private readonly batches = new KeyedBatches<number, SignupAsk, ActivitySignupResult>((id, asks) => this.writeBatch(id, asks));

  private async writeBatch(id: number, asks: SignupAsk[]): Promise<Array<BatchOutcome<ActivitySignupResult>>> {
    try {
      return await inTransaction(this.db, (m) => this.signupAll(m, id, asks));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // Someone's row appeared under us (another instance): each alone, so only they are refused.
      if (asks.length > 1) return Promise.all(asks.map((ask) => this.writeBatch(id, [ask]).then((o) => o[0], (error: unknown) => ({ error }))));
      throw conflict('您已报名该活动，请勿重复提交');
    }
  }

  /** The sign-ups of one batch, in arrival order: each refused on its own, or given a seat or a ticket. */
  private async signupAll(m: EntityManager, id: number, asks: SignupAsk[]): Promise<Array<BatchOutcome<ActivitySignupResult>>> {
    const now = this.clock.now();
    const out: Array<BatchOutcome<ActivitySignupResult>> = [];
    const userIds = [...new Set(asks.map((a) => a.principal.userId))];
    // 1. The volunteers' own rows: approved volunteers only; serializes each person's sign-ups.
    const volunteerOf = await lockApprovedVolunteers(m, userIds);
    // The reads that follow do not depend on each other: sent together, the connection runs them
    // one after another without a turn of the event loop between (#15: under a crowd each turn is
    // long, and this part of a batch runs while the next batch waits).
    const [a, required, existingRows, clashes] = await Promise.all([
      findActivity(m, id),
      m.find(ActivitySkill, { where: { activityId: id } }),
      m.find(Signup, { where: { activityId: id, userId: In(userIds) } }),
      // 2. No two activities at overlapping times (waitlisted ones included: they may be promoted).
      findOverlapsHeld(m, userIds, id),
    ]);
    const closed = signupClosed(a, now);
    if (closed) throw conflict(closed);
    const existing = new Map(existingRows.map((s) => [s.userId, s]));
    const skillsOf = new Map<number, Set<number>>();
    const labels = new Map<number, string>();
    if (required.length) {
      const [links, skills] = await Promise.all([
        volunteerOf.size ? m.find(VolunteerSkillLink, { where: { volunteerId: In([...volunteerOf.values()]) } }) : [],
        m.find(VolunteerSkill, { where: { id: In(required.map((r) => r.skillId)) } }),
      ]);
      for (const l of links) skillsOf.set(l.volunteerId, (skillsOf.get(l.volunteerId) ?? new Set()).add(l.skillId));
      for (const k of skills) labels.set(k.id, k.label);
    }

    const admitted: number[] = [];
    const seen = new Set<number>();
    asks.forEach(({ principal }, i) => {
      const uid = principal.userId;
      const refuse = (error: unknown) => (out[i] = { error });
      if (seen.has(uid)) return refuse(conflict('您已报名该活动，请勿重复提交'));
      seen.add(uid);
      const volunteerId = volunteerOf.get(uid);
      if (volunteerId == null) return refuse(forbidden('请先完成志愿者实名注册，并等待社区审核通过后再报名'));
      const missing = required.filter((r) => !skillsOf.get(volunteerId)?.has(r.skillId));
      if (missing.length) return refuse(forbidden(`该活动需要以下技能：${missing.map((r) => labels.get(r.skillId)).join('、')}。如已具备，请先在志愿者资料中补充`));
      const ex = existing.get(uid);
      if (ex && HOLDING_STATUSES.includes(ex.status)) return refuse(conflict(`您已报名该活动（${SIGNUP_STATUS_LABEL[ex.status]}）`));
      if (ex?.status === 'rejected') return refuse(conflict('组织者未通过您对该活动的报名，如有疑问请联系组织者'));
      const clash = clashes.get(uid);
      if (clash) return refuse(conflict(`与您已报名的活动“${clash.title}”（${beijingMinute(clash.startsAt)}–${beijingMinute(clash.endsAt).slice(11)}）时间冲突，请先取消该活动的报名`));
      admitted.push(i);
    });
    if (!admitted.length) return out;

    // 3. The activity row, once for the batch: seats in arrival order, then queue tickets.
    const held = await lockActivity(m, a.id);
    const closedNow = signupClosed(held, now);
    if (closedNow) throw conflict(closedNow);
    const seats = Math.min(admitted.length, Math.max(0, held.capacity - held.confirmedCount));
    const waiting = admitted.length - seats;
    const placed = admitted.map((i, k) => {
      const status: SignupStatus = k < seats ? (a.needsApproval ? 'pending' : 'confirmed') : 'waitlisted';
      const ticket = k - seats;
      return { i, uid: asks[i].principal.userId, status, seq: status === 'waitlisted' ? held.waitlistSeq + ticket + 1 : null, position: status === 'waitlisted' ? held.waitlistCount + ticket + 1 : null };
    });

    // 4. The counters and the rows (new ones in one INSERT; a cancelled one comes back), sent together.
    const fields = { lateCancel: false, cancelledAt: null, promotedAt: null, checkedInAt: null, checkedOutAt: null, attendance: null, attendanceReason: null, attendanceBy: null, creditedMinutes: null, confirmedAt: null };
    const fresh = placed.filter((p) => !existing.has(p.uid));
    await Promise.all([
      m
        .createQueryBuilder()
        .update(Activity)
        .set({ confirmedCount: () => `confirmed_count + ${seats}`, waitlistSeq: () => `waitlist_seq + ${waiting}`, waitlistCount: () => `waitlist_count + ${waiting}` })
        .where('id = :id', { id: a.id })
        .execute(),
      insertRows(m, Signup, fresh.map((p) => ({ activityId: a.id, userId: p.uid, status: p.status, waitlistSeq: p.seq, ...fields, createdAt: now, updatedAt: now }))),
    ]);
    for (const p of placed.filter((x) => existing.has(x.uid))) {
      if (!(await moveSignup(m, { id: existing.get(p.uid)!.id }, 'cancelled', { status: p.status, waitlistSeq: p.seq, ...fields, updatedAt: now }))) throw conflict('您的报名状态刚刚发生了变化，请刷新后再试');
    }
    const signupIds = new Map((await m.find(Signup, { where: { activityId: a.id, userId: In(placed.map((p) => p.uid)) }, select: { id: true, userId: true } })).map((s) => [s.userId, s.id]));
    // Waitlisted too: a later promotion still sends the reminders. After the activity row, the
    // same order as a cancellation that promotes this person and spends their grant.
    for (const p of placed) await this.notifications.grant(m, p.uid, asks[p.i].subscribed);
    await this.audit.recordMany(
      m,
      placed.map((p) => ({
        actorId: p.uid,
        actorRole: 'volunteer',
        action: 'volunteer_signup.create',
        entityType: 'volunteer_activity',
        entityId: a.id,
        nodeId: a.communityId,
        toState: p.status,
        detail: { signupId: signupIds.get(p.uid), waitlistSeq: p.seq ?? undefined },
      })),
      now,
    );
    for (const p of placed) {
      const message =
        p.status === 'confirmed'
          ? `报名成功，请于 ${beijingMinute(a.startsAt)} 准时到达${a.address}签到`
          : p.status === 'pending'
            ? '已提交报名，等待组织者审核'
            : `名额已满，您已进入候补，当前排第 ${p.position} 位；有人取消时将按顺序自动递补并通知您`;
      out[p.i] = { result: { signupId: signupIds.get(p.uid)!, status: p.status, statusLabel: SIGNUP_STATUS_LABEL[p.status], waitlistPosition: p.position, message } };
    }
    return out;
  }

  /** The volunteer cancels; a freed seat goes to the head of the waitlist in the same transaction. */
  async cancel(principal: Principal, id: number): Promise<ActivityCancelResult> {
    return inTransaction(this.db, async (m) => {
      const a = await lockActivity(m, id);
      const s = await m.findOne(Signup, { where: { activityId: a.id, userId: principal.userId } });
      if (!s || !HOLDING_STATUSES.includes(s.status)) throw conflict('您没有该活动的有效报名');
      const now = this.clock.now();
      const rule = cancelRule(a, s.status, now);
      if ('refused' in rule) throw conflict(rule.refused);
      const late = rule.late;
      if (!(await moveSignup(m, { id: s.id }, s.status, { status: 'cancelled', lateCancel: late, cancelledAt: now, waitlistSeq: null, updatedAt: now }))) {
        throw conflict('您的报名状态刚刚发生了变化，请刷新后再试');
      }
      let promoted: number | null = null;
      if (SEAT_STATUSES.includes(s.status)) {
        await releaseSeat(m, a.id);
        promoted = await this.promote(m, a, now);
      } else {
        await leaveQueue(m, a.id);
      }
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'volunteer',
        action: late ? 'volunteer_signup.cancel_late' : 'volunteer_signup.cancel',
        entityType: 'volunteer_activity',
        entityId: a.id,
        nodeId: a.communityId,
        fromState: s.status,
        toState: 'cancelled',
        detail: { signupId: s.id, promotedSignupId: promoted ?? undefined, late: late || undefined },
      });
      return {
        status: 'cancelled' as const,
        lateCancel: late,
        promotedSignupId: promoted,
        message: s.status === 'waitlisted' ? '已取消候补' : late ? '已取消报名（临时取消，已记录）' : '已取消报名',
      };
    });
  }

  /**
   * The organizer changes time, place or places before the activity starts. More places promote
   * from the waitlist at once, in order; fewer than those already given a place are refused.
   * Everyone holding a place or waiting is told what changed (inbox, and the reminder template
   * to those who accepted one).
   */
  async edit(principal: Principal, id: number, input: ActivityEditInput): Promise<{ promoted: number }> {
    return inTransaction(this.db, async (m) => {
      const a = await lockActivity(m, id);
      const grant = requireOrganizer(principal, await this.tree.getNode(a.communityId, m));
      const now = this.clock.now();
      if (a.status !== 'published') throw conflict('活动已取消，不能再修改');
      if (now.getTime() >= a.startsAt.getTime()) throw conflict('活动已经开始，不能再修改时间、地点或人数');
      const startsAt = input.startsAt ? new Date(input.startsAt) : a.startsAt;
      const endsAt = input.endsAt ? new Date(input.endsAt) : a.endsAt;
      const deadline = input.signupDeadline ? new Date(input.signupDeadline) : a.signupDeadline;
      assertActivityTimes(startsAt, endsAt, deadline, now);
      const capacity = input.capacity ?? a.capacity;
      if (capacity < a.confirmedCount) throw conflict(`已有 ${a.confirmedCount} 人报名成功，招募人数不能少于 ${a.confirmedCount}`);
      const changes: string[] = [];
      if (startsAt.getTime() !== a.startsAt.getTime() || endsAt.getTime() !== a.endsAt.getTime()) changes.push(`时间改为 ${beijingMinute(startsAt)}–${beijingMinute(endsAt).slice(-5)}`);
      if (input.address && input.address !== a.address) changes.push(`地点改为 ${input.address}`);
      if (capacity !== a.capacity) changes.push(`招募人数改为 ${capacity} 人`);
      if (!changes.length && deadline.getTime() === a.signupDeadline.getTime()) throw badRequest('没有需要修改的内容');
      await m.update(Activity, { id: a.id }, { startsAt, endsAt, signupDeadline: deadline, address: input.address ?? a.address, capacity, updatedAt: now });
      const fresh = await m.findOneOrFail(Activity, { where: { id: a.id } });
      let promoted = 0;
      while (await this.promote(m, fresh, now)) promoted++;
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer_activity.edit',
        entityType: 'volunteer_activity',
        entityId: a.id,
        nodeId: a.communityId,
        detail: { changes, promoted },
      });
      const holders = (await m.find(Signup, { where: { activityId: a.id, status: In([...HOLDING_STATUSES]) } })).map((x) => x.userId);
      if (holders.length && changes.some((c) => !c.startsWith('招募人数'))) {
        const what = changes.filter((c) => !c.startsWith('招募人数')).join('，');
        await this.notifications.notify(m, {
          userIds: holders,
          title: '活动有变更',
          body: `您报名的“${cut(a.title, 20)}”${what}，请留意`,
          page: activityPage(a.id),
          subscribe: { key: 'activity_reminder', data: { thing1: { value: cut(a.title, 20) }, time2: { value: beijingMinute(startsAt) }, thing3: { value: cut(input.address ?? a.address, 20) }, thing4: { value: '活动有变更，请留意' } } },
        });
      }
      return { promoted };
    });
  }

  /** The organizer calls the activity off with a reason: every place and every wait ends, and everyone is told. */
  async cancelActivity(principal: Principal, id: number, reason: string): Promise<{ cancelledSignups: number }> {
    return inTransaction(this.db, async (m) => {
      const a = await lockActivity(m, id);
      const grant = requireOrganizer(principal, await this.tree.getNode(a.communityId, m));
      const now = this.clock.now();
      if (a.status !== 'published') throw conflict('活动已经取消');
      if (a.attendanceConfirmedAt) throw conflict('活动出勤已确认，不能再取消');
      if (now.getTime() >= a.endsAt.getTime()) throw conflict('活动已经结束，不能取消');
      const holders = await m.find(Signup, { where: { activityId: a.id, status: In([...HOLDING_STATUSES]) } });
      await m.update(Activity, { id: a.id }, { status: 'cancelled', confirmedCount: 0, waitlistCount: 0, updatedAt: now });
      if (holders.length) {
        await m.update(Signup, { id: In(holders.map((x) => x.id)) }, { status: 'cancelled', cancelledAt: now, waitlistSeq: null, updatedAt: now });
      }
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer_activity.cancel',
        entityType: 'volunteer_activity',
        entityId: a.id,
        nodeId: a.communityId,
        fromState: 'published',
        toState: 'cancelled',
        reason,
        detail: { signups: holders.length },
      });
      if (holders.length) {
        await this.notifications.notify(m, {
          userIds: holders.map((x) => x.userId),
          title: '活动已取消',
          body: `您报名的“${cut(a.title, 20)}”（${beijingMinute(a.startsAt)}）已取消：${cut(reason, 60)}`,
          page: activityPage(a.id),
          subscribe: { key: 'activity_reminder', data: { thing1: { value: cut(a.title, 20) }, time2: { value: beijingMinute(a.startsAt) }, thing3: { value: cut(a.address, 20) }, thing4: { value: '活动已取消' } } },
        });
      }
      return { cancelledSignups: holders.length };
    });
  }

  /** The organizer approves a pending sign-up (activities that need approval). */
  async approveSignup(principal: Principal, id: number, signupId: number): Promise<ActivitySignupView> {
    await inTransaction(this.db, async (m) => {
      const a = await lockActivity(m, id);
      const grant = requireOrganizer(principal, await this.tree.getNode(a.communityId, m));
      const now = this.clock.now();
      if (!(await moveSignup(m, { id: signupId, activityId: a.id }, 'pending', { status: 'confirmed', updatedAt: now }))) throw conflict('该报名不是待审核状态');
      const s = await m.findOneOrFail(Signup, { where: { id: signupId } });
      await this.audit.record(m, { actorId: principal.userId, actorRole: grant.role, action: 'volunteer_signup.approve', entityType: 'volunteer_activity', entityId: a.id, nodeId: a.communityId, fromState: 'pending', toState: 'confirmed', detail: { signupId } });
      await this.notifications.notify(m, { userIds: [s.userId], title: '活动报名已通过', body: `您报名的“${cut(a.title, 20)}”已通过审核，请于 ${beijingMinute(a.startsAt)} 准时签到`, page: activityPage(a.id) });
    });
    return signupView(this.db.manager, await this.db.manager.findOneOrFail(Signup, { where: { id: signupId } }));
  }

  /** The organizer turns down a pending sign-up: its seat goes to the head of the waitlist. */
  async rejectSignup(principal: Principal, id: number, signupId: number, reason?: string): Promise<ActivitySignupView> {
    await inTransaction(this.db, async (m) => {
      const a = await lockActivity(m, id);
      const grant = requireOrganizer(principal, await this.tree.getNode(a.communityId, m));
      const now = this.clock.now();
      if (!(await moveSignup(m, { id: signupId, activityId: a.id }, 'pending', { status: 'rejected', updatedAt: now }))) throw conflict('该报名不是待审核状态');
      await releaseSeat(m, a.id);
      const promoted = await this.promote(m, a, now);
      const s = await m.findOneOrFail(Signup, { where: { id: signupId } });
      await this.audit.record(m, { actorId: principal.userId, actorRole: grant.role, action: 'volunteer_signup.reject', entityType: 'volunteer_activity', entityId: a.id, nodeId: a.communityId, fromState: 'pending', toState: 'rejected', reason: reason ?? null, detail: { signupId, promotedSignupId: promoted ?? undefined } });
      await this.notifications.notify(m, { userIds: [s.userId], title: '活动报名未通过', body: `您报名的“${cut(a.title, 20)}”未通过审核${reason ? `：${reason}` : ''}`, page: activityPage(a.id) });
    });
    return signupView(this.db.manager, await this.db.manager.findOneOrFail(Signup, { where: { id: signupId } }));
  }

  /**
   * Gives a free seat to the first on the waitlist (lowest ticket), notifies them. Caller holds
   * the activity lock. Nothing is promoted once the activity has started.
   */
  private async promote(m: EntityManager, a: Activity, now: Date): Promise<number | null> {
    if (a.status !== 'published' || now.getTime() >= a.startsAt.getTime()) return null;
    const first = await firstWaiting(m, a.id);
    if (!first) return null;
    if (!(await seatFromQueue(m, a.id))) return null;
    const status: SignupStatus = a.needsApproval ? 'pending' : 'confirmed';
    if (!(await moveSignup(m, { id: first.id }, 'waitlisted', { status, waitlistSeq: null, promotedAt: now, updatedAt: now }))) throw conflict('候补递补失败，请重试');
    await this.audit.record(m, {
      actorId: null,
      actorRole: 'system',
      action: 'volunteer_signup.promote',
      entityType: 'volunteer_activity',
      entityId: a.id,
      nodeId: a.communityId,
      fromState: 'waitlisted',
      toState: status,
      detail: { signupId: first.id },
    });
    await this.notifications.notify(m, {
      userIds: [first.userId],
      title: '候补成功',
      body:
        status === 'confirmed'
          ? `您候补的活动“${cut(a.title, 20)}”有人取消，已为您自动递补为报名成功，请于 ${beijingMinute(a.startsAt)} 准时签到；如不能参加请及时取消`
          : `您候补的活动“${cut(a.title, 20)}”已有空位，已为您递补，等待组织者审核`,
      page: activityPage(a.id),
    });
    return first.id;
  }
}
