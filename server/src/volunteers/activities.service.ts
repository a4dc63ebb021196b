import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PiiCipher } from '../common/crypto';
import { badRequest, conflict, forbidden, notFound } from '../common/errors';
import { toDate, toNum } from '../database/raw';
import { Need } from '../needs/need.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { Organization } from '../orgs/organization.entity';
import { hasRoleOn } from '../roles/access';
import { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { ContentSecurity } from '../wechat/content-security.service';
import { Activity, ActivitySkill } from './activity.entity';
import type { ActivitiesQuery, CreateActivityDto } from './dto/volunteer.dto';
import { hoursOf } from './hours';
import { ATTENDANCE_LABEL, HOLDING_STATUSES, SEAT_STATUSES, Signup, SIGNUP_STATUS_LABEL, type SignupStatus } from './signup.entity';
import { beijingMinute } from '../contract/format';
import { isUniqueViolation } from '../common/db-errors';
import { cut, iso, ORGANIZER_ROLES, requireOrganizer } from './volunteer-access';
import { VolunteerSkill } from './volunteer-skill.entity';
import { Volunteer, VolunteerSkillLink } from './volunteer.entity';
import { inTransaction } from '../database/transaction';

export const activityPage = (id: number) => `volunteer/pages/activity/index?id=${id}`;

export interface ActivityView {
  id: number;
  communityId: number;
  communityName: string;
  orgId: number | null;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  extendedUntil: string | null;
  signupDeadline: string;
  address: string;
  lat: number | null;
  lng: number | null;
  maxDistanceMeters: number | null;
  capacity: number;
  confirmedCount: number;
  seatsLeft: number;
  waitlistCount: number;
  requiredSkills: Array<{ id: number; label: string }>;
  needsApproval: boolean;
  cancelCutoffMinutes: number;
  lateCancel: Activity['lateCancel'];
  needId: number | null;
  projectId: number | null;
  status: Activity['status'];
  attendanceConfirmed: boolean;
  /** The caller's own sign-up, if any. */
  mySignup: MySignupView | null;
  /** Whether the caller may organize it (QR codes, attendance). */
  organizer: boolean;
}

export interface MySignupView {
  id: number;
  status: SignupStatus;
  statusLabel: string;
  /** Current place in the queue while waitlisted (1 = next). */
  waitlistPosition: number | null;
  lateCancel: boolean;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  attendance: Signup['attendance'];
  creditedMinutes: number | null;
}

export interface SignupResult {
  signupId: number;
  status: SignupStatus;
  statusLabel: string;
  /** Place in the queue at the moment of joining it (1 = next), for a waitlisted sign-up. */
  waitlistPosition: number | null;
  message: string;
}

/**
 * Volunteer activities: publishing, sign-up with capacity and a waitlist, cancellation with
 * automatic promotion, the organizer's approval of sign-ups.
 *
 * Concurrency (both databases; STACK.md): a sign-up first bumps the volunteer's own row (so one
 * person's sign-ups run one at a time and the time-overlap check sees the other), then takes a
 * seat with `UPDATE … SET confirmed_count = confirmed_count + 1 WHERE id = ? AND
 * confirmed_count < capacity`, and only then writes its row. If no seat was free it takes a
 * queue ticket with another UPDATE of the same row. Cancellations lock the activity row first
 * and promote the head of the queue in the same transaction. Locks are always taken in the
 * order volunteer row → activity row → sign-up rows, so these transactions cannot deadlock.
 */
@Injectable()
export class ActivitiesService {
  private readonly logger = new Logger(ActivitiesService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly contentSecurity: ContentSecurity,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
  ) {}

  // ------------------------------------------------------------------------ publishing

  async create(principal: Principal, dto: CreateActivityDto): Promise<ActivityView> {
    const community = await this.tree.getNode(dto.communityId);
    if (community.level !== 'community') throw badRequest('请选择具体的社区（而不是街道或区县）', 'communityId');
    const grant = requireOrganizer(principal, community);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const deadline = new Date(dto.signupDeadline);
    const now = this.clock.now();
    if (startsAt.getTime() <= now.getTime()) throw badRequest('开始时间应晚于现在', 'startsAt');
    if (endsAt.getTime() <= startsAt.getTime()) throw badRequest('结束时间应晚于开始时间', 'endsAt');
    if (endsAt.getTime() - startsAt.getTime() > 24 * 3600_000) throw badRequest('单次活动不能超过 24 小时，多日活动请分场次发布', 'endsAt');
    if (deadline.getTime() > startsAt.getTime()) throw badRequest('报名截止时间不能晚于开始时间', 'signupDeadline');
    if ((dto.lat == null) !== (dto.lng == null)) throw badRequest('请同时提供活动地点的经度和纬度', 'lat');
    if (dto.maxDistanceMeters != null && dto.lat == null) throw badRequest('设置签到距离限制时，请在地图上选择活动地点', 'maxDistanceMeters');
    const skillIds = [...new Set(dto.requiredSkillIds ?? [])];
    if (skillIds.length && (await this.db.manager.count(VolunteerSkill, { where: { id: In(skillIds), active: true } })) !== skillIds.length) {
      throw badRequest('请选择有效的技能', 'requiredSkillIds');
    }
    if (dto.needId) {
      const need = await this.db.manager.findOne(Need, { where: { id: dto.needId } });
      if (!need || need.communityId !== community.id) throw badRequest('关联的需求不存在或不属于该社区', 'needId');
    }
    if (dto.orgId) {
      const org = await this.db.manager.findOne(Organization, { where: { id: dto.orgId } });
      const orgNode = org ? await this.tree.getNode(org.nodeId) : null;
      if (!orgNode || !community.path.startsWith(orgNode.path)) throw badRequest('组织方不在该社区服务范围内', 'orgId');
      if (grant.role === 'org_member' && !principal.roles.some((g) => g.role === 'org_member' && g.orgId === dto.orgId)) {
        throw forbidden('社会组织成员只能以本组织的名义发布活动');
      }
    }
    await this.contentSecurity.assertPublishable(
      [
        { field: 'title', label: '活动名称', text: dto.title },
        { field: 'description', label: '活动介绍', text: dto.description },
      ],
      principal.openid,
      3,
    );

    const id = await inTransaction(this.db, async (m) => {
      const a = await m.save(
        Activity,
        m.create(Activity, {
          communityId: community.id,
          orgId: dto.orgId ?? (grant.role === 'org_member' ? grant.orgId : null),
          createdBy: principal.userId,
          title: dto.title,
          description: dto.description,
          startsAt,
          endsAt,
          extendedUntil: null,
          signupDeadline: deadline,
          address: dto.address,
          latE6: dto.lat == null ? null : Math.round(dto.lat * 1e6),
          lngE6: dto.lng == null ? null : Math.round(dto.lng * 1e6),
          maxDistanceM: dto.maxDistanceMeters ?? null,
          capacity: dto.capacity,
          confirmedCount: 0,
          waitlistCount: 0,
          waitlistSeq: 0,
          needsApproval: dto.needsApproval,
          cancelCutoffMinutes: dto.cancelCutoffMinutes,
          lateCancel: dto.lateCancel,
          needId: dto.needId ?? null,
          projectId: dto.projectId ?? null,
          status: 'published',
          attendanceConfirmedAt: null,
          attendanceConfirmedBy: null,
          version: 0,
        }),
      );
      if (skillIds.length) await m.insert(ActivitySkill, skillIds.map((skillId) => ({ activityId: a.id, skillId })));
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer_activity.publish',
        entityType: 'volunteer_activity',
        entityId: a.id,
        nodeId: community.id,
        toState: 'published',
        detail: { capacity: dto.capacity, needId: dto.needId, projectId: dto.projectId },
      });
      return a.id;
    });
    return this.get(principal, id);
  }

  /** Published activities not yet over, in a node's subtree (or everywhere), soonest first. */
  async list(principal: Principal, q: ActivitiesQuery): Promise<{ items: ActivityView[]; total: number }> {
    const qb = this.db.manager
      .createQueryBuilder(Activity, 'a')
      .where('a.status = :s AND a.ends_at > :now', { s: 'published', now: this.clock.now() })
      .orderBy('a.starts_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(q.limit ?? 20)
      .skip(q.offset ?? 0);
    if (q.nodeId) {
      const node = await this.tree.getNode(q.nodeId);
      qb.innerJoin(ServiceNode, 'c', 'c.id = a.community_id').andWhere('c.path LIKE :path', { path: `${node.path}%` });
    }
    const [rows, total] = await qb.getManyAndCount();
    return { items: await this.views(principal, rows), total };
  }

  async get(principal: Principal, id: number): Promise<ActivityView> {
    const a = await this.db.manager.findOne(Activity, { where: { id } });
    if (!a) throw notFound('该活动');
    return (await this.views(principal, [a]))[0];
  }

  // ------------------------------------------------------------------------ sign-up

  /** `subscribed`: the reminder subscription accepted in the same tap (granted with the sign-up, waitlisted or not). */
  async signup(principal: Principal, id: number, subscribed?: readonly string[]): Promise<SignupResult> {
    try {
      return await inTransaction(this.db, (m) => this.signupIn(m, principal, id, subscribed));
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('您已报名该活动，请勿重复提交');
      throw err;
    }
  }

  private async signupIn(m: EntityManager, principal: Principal, id: number, subscribed?: readonly string[]): Promise<SignupResult> {
    const now = this.clock.now();
    // 1. The volunteer's own row: must be an approved volunteer; serializes this person's sign-ups.
    const me = await m
      .createQueryBuilder()
      .update(Volunteer)
      .set({ lockVersion: () => 'lock_version + 1' })
      .where('user_id = :uid AND status = :s', { uid: principal.userId, s: 'approved' })
      .execute();
    if (!me.affected) throw forbidden('请先完成志愿者实名注册，并等待社区审核通过后再报名');

    const a = await m.findOne(Activity, { where: { id } });
    if (!a) throw notFound('该活动');
    if (a.status !== 'published') throw conflict('该活动已取消');
    if (now.getTime() > a.signupDeadline.getTime()) throw conflict(`报名已于 ${beijingMinute(a.signupDeadline)} 截止`);
    if (now.getTime() >= a.startsAt.getTime()) throw conflict('活动已开始，不能再报名');

    const required = await m.find(ActivitySkill, { where: { activityId: a.id } });
    if (required.length) {
      const volunteer = await m.findOneOrFail(Volunteer, { where: { userId: principal.userId } });
      const mine = new Set((await m.find(VolunteerSkillLink, { where: { volunteerId: volunteer.id } })).map((l) => l.skillId));
      const missing = required.filter((r) => !mine.has(r.skillId));
      if (missing.length) {
        const labels = await m.find(VolunteerSkill, { where: { id: In(missing.map((r) => r.skillId)) } });
        throw forbidden(`该活动需要以下技能：${labels.map((s) => s.label).join('、')}。如已具备，请先在志愿者资料中补充`);
      }
    }

    const existing = await m.findOne(Signup, { where: { activityId: a.id, userId: principal.userId } });
    if (existing && HOLDING_STATUSES.includes(existing.status)) throw conflict(`您已报名该活动（${SIGNUP_STATUS_LABEL[existing.status]}）`);
    if (existing?.status === 'rejected') throw conflict('组织者未通过您对该活动的报名，如有疑问请联系组织者');

    // 2. No two activities at overlapping times (waitlisted ones included: they may be promoted).
    const clash = await m
      .createQueryBuilder(Signup, 's')
      .innerJoin(Activity, 'o', 'o.id = s.activity_id')
      .select(['o.id AS id', 'o.title AS title', 'o.starts_at AS starts_at', 'o.ends_at AS ends_at'])
      .where('s.user_id = :uid AND s.status IN (:...holding) AND o.id <> :aid AND o.status = :pub', {
        uid: principal.userId,
        holding: HOLDING_STATUSES,
        aid: a.id,
        pub: 'published',
      })
      .andWhere('o.starts_at < :end AND o.ends_at > :start', { end: a.endsAt, start: a.startsAt })
      .orderBy('o.starts_at', 'ASC')
      .limit(1)
      .getRawOne<{ id: unknown; title: string; starts_at: unknown; ends_at: unknown }>();
    if (clash) {
      throw conflict(
        `与您已报名的活动“${clash.title}”（${beijingMinute(toDate(clash.starts_at))}–${beijingMinute(toDate(clash.ends_at)).slice(11)}）时间冲突，请先取消该活动的报名`,
      );
    }

    // 3. A seat first (conditional UPDATE), then the row.
    const seat = await m
      .createQueryBuilder()
      .update(Activity)
      .set({ confirmedCount: () => 'confirmed_count + 1' })
      .where('id = :id AND status = :pub AND confirmed_count < capacity', { id: a.id, pub: 'published' })
      .execute();
    let status: SignupStatus;
    let waitlistSeq: number | null = null;
    let position: number | null = null;
    if (seat.affected) {
      status = a.needsApproval ? 'pending' : 'confirmed';
    } else {
      status = 'waitlisted';
      await m
        .createQueryBuilder()
        .update(Activity)
        .set({ waitlistSeq: () => 'waitlist_seq + 1', waitlistCount: () => 'waitlist_count + 1' })
        .where('id = :id', { id: a.id })
        .execute();
      // This transaction holds the row lock now, so it reads its own, latest counters.
      const row = await m
        .createQueryBuilder(Activity, 'a')
        .select(['a.waitlist_seq AS seq', 'a.waitlist_count AS cnt'])
        .where('a.id = :id', { id: a.id })
        .getRawOne<{ seq: unknown; cnt: unknown }>();
      waitlistSeq = toNum(row!.seq);
      position = toNum(row!.cnt);
    }
    const fields = {
      status,
      waitlistSeq,
      lateCancel: false,
      cancelledAt: null,
      promotedAt: null,
      checkedInAt: null,
      checkedOutAt: null,
      attendance: null,
      attendanceReason: null,
      attendanceBy: null,
      creditedMinutes: null,
      confirmedAt: null,
    };
    let signupId: number;
    if (existing) {
      const res = await m
        .createQueryBuilder()
        .update(Signup)
        .set({ ...fields, updatedAt: now })
        .where('id = :id AND status = :s', { id: existing.id, s: 'cancelled' })
        .execute();
      if (!res.affected) throw conflict('您的报名状态刚刚发生了变化，请刷新后再试');
      signupId = existing.id;
    } else {
      const res = await m.insert(Signup, { activityId: a.id, userId: principal.userId, ...fields, createdAt: now, updatedAt: now });
      signupId = Number(res.identifiers[0].id);
    }
    // Waitlisted too: a later promotion still sends the reminders. After the activity row, the
    // same order as a cancellation that promotes this person and spends their grant.
    await this.notifications.grant(m, principal.userId, subscribed);
    await this.audit.record(m, {
      actorId: principal.userId,
      actorRole: 'volunteer',
      action: 'volunteer_signup.create',
      entityType: 'volunteer_activity',
      entityId: a.id,
      nodeId: a.communityId,
      toState: status,
      detail: { signupId, waitlistSeq: waitlistSeq ?? undefined },
    });
    const message =
      status === 'confirmed'
        ? `报名成功，请于 ${beijingMinute(a.startsAt)} 准时到达${a.address}签到`
        : status === 'pending'
          ? '已提交报名，等待组织者审核'
          : `名额已满，您已进入候补，当前排第 ${position} 位；有人取消时将按顺序自动递补并通知您`;
    return { signupId, status, statusLabel: SIGNUP_STATUS_LABEL[status], waitlistPosition: position, message };
  }

  /** The volunteer cancels; a freed seat goes to the head of the waitlist in the same transaction. */
  async cancel(principal: Principal, id: number): Promise<{ status: SignupStatus; lateCancel: boolean; promotedSignupId: number | null; message: string }> {
    return inTransaction(this.db, async (m) => {
      const a = await this.lockActivity(m, id);
      const s = await m.findOne(Signup, { where: { activityId: a.id, userId: principal.userId } });
      if (!s || !HOLDING_STATUSES.includes(s.status)) throw conflict('您没有该活动的有效报名');
      const now = this.clock.now();
      if (now.getTime() >= a.startsAt.getTime()) throw conflict('活动已开始，不能再取消报名；如无法到场，请联系组织者请假');
      let late = false;
      if (s.status !== 'waitlisted' && a.cancelCutoffMinutes > 0 && now.getTime() > a.startsAt.getTime() - a.cancelCutoffMinutes * 60_000) {
        if (a.lateCancel === 'refuse') {
          throw conflict(`活动开始前 ${a.cancelCutoffMinutes} 分钟内不能取消报名；如确实无法到场，请联系组织者请假`);
        }
        late = true;
      }
      const res = await m
        .createQueryBuilder()
        .update(Signup)
        .set({ status: 'cancelled', lateCancel: late, cancelledAt: now, waitlistSeq: null, updatedAt: now })
        .where('id = :id AND status = :s', { id: s.id, s: s.status })
        .execute();
      if (!res.affected) throw conflict('您的报名状态刚刚发生了变化，请刷新后再试');
      let promoted: number | null = null;
      if (SEAT_STATUSES.includes(s.status)) {
        await this.releaseSeat(m, a.id);
        promoted = await this.promote(m, a, now);
      } else {
        await m.createQueryBuilder().update(Activity).set({ waitlistCount: () => 'waitlist_count - 1' }).where('id = :id', { id: a.id }).execute();
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
        message: late ? '已取消报名（临时取消，已记录）' : '已取消报名',
      };
    });
  }

  /** The organizer approves a pending sign-up (activities that need approval). */
  async approveSignup(principal: Principal, id: number, signupId: number): Promise<MySignupView> {
    await inTransaction(this.db, async (m) => {
      const a = await this.lockActivity(m, id);
      const grant = requireOrganizer(principal, await this.tree.getNode(a.communityId, m));
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(Signup)
        .set({ status: 'confirmed', updatedAt: now })
        .where('id = :sid AND activity_id = :aid AND status = :s', { sid: signupId, aid: a.id, s: 'pending' })
        .execute();
      if (!res.affected) throw conflict('该报名不是待审核状态');
      const s = await m.findOneOrFail(Signup, { where: { id: signupId } });
      await this.audit.record(m, { actorId: principal.userId, actorRole: grant.role, action: 'volunteer_signup.approve', entityType: 'volunteer_activity', entityId: a.id, nodeId: a.communityId, fromState: 'pending', toState: 'confirmed', detail: { signupId } });
      await this.notifications.notify(m, { userIds: [s.userId], title: '活动报名已通过', body: `您报名的“${cut(a.title, 20)}”已通过审核，请于 ${beijingMinute(a.startsAt)} 准时签到`, page: activityPage(a.id) });
    });
    return this.signupView(signupId);
  }

  /** The organizer turns down a pending sign-up: its seat goes to the head of the waitlist. */
  async rejectSignup(principal: Principal, id: number, signupId: number, reason?: string): Promise<MySignupView> {
    await inTransaction(this.db, async (m) => {
      const a = await this.lockActivity(m, id);
      const grant = requireOrganizer(principal, await this.tree.getNode(a.communityId, m));
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(Signup)
        .set({ status: 'rejected', updatedAt: now })
        .where('id = :sid AND activity_id = :aid AND status = :s', { sid: signupId, aid: a.id, s: 'pending' })
        .execute();
      if (!res.affected) throw conflict('该报名不是待审核状态');
      await this.releaseSeat(m, a.id);
      const promoted = await this.promote(m, a, now);
      const s = await m.findOneOrFail(Signup, { where: { id: signupId } });
      await this.audit.record(m, { actorId: principal.userId, actorRole: grant.role, action: 'volunteer_signup.reject', entityType: 'volunteer_activity', entityId: a.id, nodeId: a.communityId, fromState: 'pending', toState: 'rejected', reason: reason ?? null, detail: { signupId, promotedSignupId: promoted ?? undefined } });
      await this.notifications.notify(m, { userIds: [s.userId], title: '活动报名未通过', body: `您报名的“${cut(a.title, 20)}”未通过审核${reason ? `：${reason}` : ''}`, page: activityPage(a.id) });
    });
    return this.signupView(signupId);
  }

  /** The organizer's roster: names in full (they call the roll), phones masked. */
  async roster(principal: Principal, id: number) {
    const a = await this.db.manager.findOne(Activity, { where: { id } });
    if (!a) throw notFound('该活动');
    requireOrganizer(principal, await this.tree.getNode(a.communityId));
    const rows = await this.db.manager.find(Signup, { where: { activityId: a.id }, order: { id: 'ASC' } });
    const vols = rows.length ? await this.db.manager.find(Volunteer, { where: { userId: In(rows.map((r) => r.userId)) } }) : [];
    const byUser = new Map(vols.map((v) => [v.userId, v]));
    const waiting = rows.filter((r) => r.status === 'waitlisted').sort((x, y) => x.waitlistSeq! - y.waitlistSeq!);
    return rows.map((s) => {
      const v = byUser.get(s.userId);
      return {
        signupId: s.id,
        userId: s.userId,
        realName: v ? this.pii.decrypt(v.realNameEnc) : null,
        phoneMasked: v?.phoneMasked ?? null,
        status: s.status,
        statusLabel: SIGNUP_STATUS_LABEL[s.status],
        waitlistPosition: s.status === 'waitlisted' ? waiting.indexOf(s) + 1 : null,
        lateCancel: s.lateCancel,
        checkedInAt: iso(s.checkedInAt),
        checkedOutAt: iso(s.checkedOutAt),
        attendance: s.attendance,
        attendanceLabel: s.attendance ? ATTENDANCE_LABEL[s.attendance] : null,
        attendanceReason: s.attendanceReason,
        creditedMinutes: s.creditedMinutes,
        creditedHours: s.creditedMinutes == null ? null : hoursOf(s.creditedMinutes),
      };
    });
  }

  // ------------------------------------------------------------------------ internals

  /** Takes the activity's row lock (a no-op counter bump), then reads it: the first statement of the transaction. */
  async lockActivity(m: EntityManager, id: number): Promise<Activity> {
    const res = await m.createQueryBuilder().update(Activity).set({ version: () => 'version + 1' }).where('id = :id', { id }).execute();
    if (!res.affected) throw notFound('该活动');
    return m.findOneOrFail(Activity, { where: { id } });
  }

  private async releaseSeat(m: EntityManager, activityId: number): Promise<void> {
    await m
      .createQueryBuilder()
      .update(Activity)
      .set({ confirmedCount: () => 'confirmed_count - 1' })
      .where('id = :id AND confirmed_count > 0', { id: activityId })
      .execute();
  }

  /**
   * Gives a free seat to the first on the waitlist (lowest ticket), notifies them. Caller holds
   * the activity lock. Nothing is promoted once the activity has started.
   */
  private async promote(m: EntityManager, a: Activity, now: Date): Promise<number | null> {
    if (a.status !== 'published' || now.getTime() >= a.startsAt.getTime()) return null;
    const first = await m.findOne(Signup, { where: { activityId: a.id, status: 'waitlisted' }, order: { waitlistSeq: 'ASC', id: 'ASC' } });
    if (!first) return null;
    const seat = await m
      .createQueryBuilder()
      .update(Activity)
      .set({ confirmedCount: () => 'confirmed_count + 1', waitlistCount: () => 'waitlist_count - 1' })
      .where('id = :id AND confirmed_count < capacity', { id: a.id })
      .execute();
    if (!seat.affected) return null;
    const status: SignupStatus = a.needsApproval ? 'pending' : 'confirmed';
    const res = await m
      .createQueryBuilder()
      .update(Signup)
      .set({ status, waitlistSeq: null, promotedAt: now, updatedAt: now })
      .where('id = :id AND status = :s', { id: first.id, s: 'waitlisted' })
      .execute();
    if (!res.affected) throw conflict('候补递补失败，请重试');
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

  private async signupView(signupId: number): Promise<MySignupView> {
    const s = await this.db.manager.findOneOrFail(Signup, { where: { id: signupId } });
    return this.mySignupView(s);
  }

  private async mySignupView(s: Signup): Promise<MySignupView> {
    let position: number | null = null;
    if (s.status === 'waitlisted' && s.waitlistSeq != null) {
      const ahead = await this.db.manager
        .createQueryBuilder(Signup, 's')
        .where('s.activity_id = :aid AND s.status = :w AND s.waitlist_seq < :seq', { aid: s.activityId, w: 'waitlisted', seq: s.waitlistSeq })
        .getCount();
      position = ahead + 1;
    }
    return {
      id: s.id,
      status: s.status,
      statusLabel: SIGNUP_STATUS_LABEL[s.status],
      waitlistPosition: position,
      lateCancel: s.lateCancel,
      checkedInAt: iso(s.checkedInAt),
      checkedOutAt: iso(s.checkedOutAt),
      attendance: s.attendance,
      creditedMinutes: s.creditedMinutes,
    };
  }

  private async views(principal: Principal, rows: Activity[]): Promise<ActivityView[]> {
    if (!rows.length) return [];
    const m = this.db.manager;
    const ids = rows.map((a) => a.id);
    const communities = await m.find(ServiceNode, { where: { id: In([...new Set(rows.map((a) => a.communityId))]) } });
    const links = await m.find(ActivitySkill, { where: { activityId: In(ids) } });
    const skills = links.length ? await m.find(VolunteerSkill, { where: { id: In([...new Set(links.map((l) => l.skillId))]) } }) : [];
    const mine = await m.find(Signup, { where: { activityId: In(ids), userId: principal.userId } });
    const out: ActivityView[] = [];
    for (const a of rows) {
      const community = communities.find((c) => c.id === a.communityId)!;
      const my = mine.find((s) => s.activityId === a.id);
      out.push({
        id: a.id,
        communityId: a.communityId,
        communityName: community.name,
        orgId: a.orgId,
        title: a.title,
        description: a.description,
        startsAt: a.startsAt.toISOString(),
        endsAt: a.endsAt.toISOString(),
        extendedUntil: iso(a.extendedUntil),
        signupDeadline: a.signupDeadline.toISOString(),
        address: a.address,
        lat: a.latE6 == null ? null : a.latE6 / 1e6,
        lng: a.lngE6 == null ? null : a.lngE6 / 1e6,
        maxDistanceMeters: a.maxDistanceM,
        capacity: a.capacity,
        confirmedCount: a.confirmedCount,
        seatsLeft: Math.max(0, a.capacity - a.confirmedCount),
        waitlistCount: a.waitlistCount,
        requiredSkills: links
          .filter((l) => l.activityId === a.id)
          .map((l) => skills.find((s) => s.id === l.skillId)!)
          .map((s) => ({ id: s.id, label: s.label })),
        needsApproval: a.needsApproval,
        cancelCutoffMinutes: a.cancelCutoffMinutes,
        lateCancel: a.lateCancel,
        needId: a.needId,
        projectId: a.projectId,
        status: a.status,
        attendanceConfirmed: a.attendanceConfirmedAt != null,
        mySignup: my ? await this.mySignupView(my) : null,
        organizer: hasRoleOn(principal, community, ORGANIZER_ROLES),
      });
    }
    return out;
  }
}
