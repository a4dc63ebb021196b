import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { AppError, ErrorCode, badRequest, conflict, forbidden, notFound } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { projectNeedIds } from '../needs/need-timeline';
import { Need } from '../needs/need.entity';
import { NeedWorkflow } from '../needs/need-workflow.service';
import { NotificationsService } from '../notifications/notifications.service';
import { TreeService } from '../tree/tree.service';
import { ActivitiesService } from './activities.service';
import { Activity } from './activity.entity';
import { CheckinTokens, type QrCheck, QR_WINDOW_MS } from './checkin-token';
import { findActivity, lockActivity } from './activity-queries';
import { confirmTooEarly, scanWindowRefusal } from './activity-rules';
import { rosterRows } from './activity-views';
import type { ExtendDto, MarkAttendanceDto, ScanDto } from './dto/volunteer.dto';
import { creditedMinutes, distanceMeters, hoursOf, LATE_AFTER_MINUTES, pointsFor } from './hours';
import { PointsEntry } from './points-entry.entity';
import { CodeMiss, QrUse, Signup } from './signup.entity';
import { ATTENDANCE_LABEL, type ActivityQrView, type ActivityRosterRow, type ActivityScanResult, type Attendance, type AttendanceConfirmation, type QrPurpose, QR_PURPOSE_LABEL as PURPOSE_LABEL, type VolunteerActivityView } from '../contract/volunteers';
import { PiiCipher } from '../common/crypto';
import { beijingMinute } from '../contract/format';
import { isUniqueViolation } from '../common/db-errors';
import { cut, requireOrganizer } from './volunteer-access';
import { Volunteer } from './volunteer.entity';
import { inTransaction } from '../database/transaction';

/** Wrong typed check-in codes allowed per person and activity within CODE_TRY_WINDOW_MS. */
export const CODE_TRIES = 5;
export const CODE_TRY_WINDOW_MS = 10 * 60_000;

/** Still exported from here, where the scan refusals used to live. */
export { CHECKIN_OPENS_MINUTES, CHECKOUT_GRACE_MINUTES } from './activity-rules';

/**
 * On-site attendance: the organizer's rotating QR code, volunteers' check-in and check-out by
 * scanning it, hand-marked attendance, extensions, and the organizer's confirmation after the
 * activity, which is the only moment hours and points are credited (hours.ts has the rules).
 */
@Injectable()
export class AttendanceService {
  private readonly tokens: CheckinTokens;

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly activities: ActivitiesService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly workflow: NeedWorkflow,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tokens = new CheckinTokens(config.dataKey);
  }

  /** The QR payload the organizer shows; the client refreshes it at `refreshAt` (every 30 s). */
  async qr(principal: Principal, id: number, purpose: QrPurpose): Promise<ActivityQrView> {
    const a = await this.load(id);
    requireOrganizer(principal, await this.tree.getNode(a.communityId));
    if (a.status !== 'published') throw conflict('该活动已取消');
    if (a.attendanceConfirmedAt) throw conflict('该活动的出勤已确认，不能再签到签退');
    const issued = this.tokens.issue(a.id, purpose, this.clock.now());
    return { token: issued.token, code: issued.code, purpose, refreshAt: issued.refreshAt.toISOString(), expiresAt: issued.expiresAt.toISOString(), windowSeconds: QR_WINDOW_MS / 1000 };
  }

  async scan(principal: Principal, id: number, purpose: QrPurpose, dto: ScanDto): Promise<ActivityScanResult> {
    const now = this.clock.now();
    const a = await this.load(id);
    const refuse = (message: string) => new AppError(ErrorCode.BAD_REQUEST, message, [{ field: 'token', message }]);
    const typed = /^\d{6}$/.test(dto.token.trim());
    const check = typed ? await this.checkTypedCode(principal, a, purpose, dto.token.trim(), now) : this.tokens.verify(dto.token, now);
    if (!check.ok) {
      if (check.problem === 'expired') throw refuse('二维码已过期，请扫描组织者手机上正在显示的最新二维码');
      throw refuse('无法识别的二维码，请扫描活动组织者出示的签到码');
    }
    if (check.activityId !== a.id) throw refuse('这是另一个活动的二维码，请扫描本活动组织者出示的二维码');
    if (check.purpose !== purpose) throw refuse(`这是${PURPOSE_LABEL[check.purpose]}码，请扫描${PURPOSE_LABEL[purpose]}码`);
    if (a.status !== 'published') throw conflict('该活动已取消');
    if (a.attendanceConfirmedAt) throw conflict('该活动的出勤已确认，不能再签到签退');

    const outside = scanWindowRefusal(a, purpose, now);
    if (outside) throw conflict(outside);

    let distance: number | null = null;
    if (a.maxDistanceM != null && a.latE6 != null && a.lngE6 != null) {
      if (dto.lat == null || dto.lng == null) throw badRequest(`该活动需要在活动地点附近${PURPOSE_LABEL[purpose]}，请允许小程序获取您的位置`, 'lat');
      distance = Math.round(distanceMeters(dto.lat, dto.lng, a.latE6 / 1e6, a.lngE6 / 1e6));
      if (distance > a.maxDistanceM) {
        throw badRequest(`您距离活动地点约 ${distance} 米，超出了 ${a.maxDistanceM} 米的${PURPOSE_LABEL[purpose]}范围，请到达现场后再扫码`, 'lat');
      }
    }

    try {
      await inTransaction(this.db, async (m) => {
        // The used token first: the same person scanning the same code twice is refused (unique key).
        // A typed code is the window's code: stored as (activity, purpose, window), so typing it again is a replay too.
        const used = typed ? `code.${a.id}.${purpose}.${check.window}` : dto.token;
        await m.insert(QrUse, { userId: principal.userId, activityId: a.id, purpose, tokenHash: CheckinTokens.hash(used), createdAt: now });
        const s = await m.findOne(Signup, { where: { activityId: a.id, userId: principal.userId } });
        if (!s || s.status !== 'confirmed') throw forbidden('您没有该活动的有效报名（报名成功后才能签到）');
        if (purpose === 'in') {
          const res = await m
            .createQueryBuilder()
            .update(Signup)
            .set({ checkedInAt: now, updatedAt: now })
            .where('id = :id AND status = :c AND checked_in_at IS NULL', { id: s.id, c: 'confirmed' })
            .execute();
          if (!res.affected) throw conflict(`您已于 ${beijingMinute(s.checkedInAt ?? now).slice(11)} 签到，无需重复签到`);
        } else {
          if (!s.checkedInAt) throw conflict('您还没有签到，请先扫描签到码；如已到场未签到，请联系组织者补登');
          const res = await m
            .createQueryBuilder()
            .update(Signup)
            .set({ checkedOutAt: now, updatedAt: now })
            .where('id = :id AND checked_in_at IS NOT NULL AND checked_out_at IS NULL', { id: s.id })
            .execute();
          if (!res.affected) throw conflict(`您已于 ${beijingMinute(s.checkedOutAt ?? now).slice(11)} 签退`);
        }
        await this.audit.record(m, {
          actorId: principal.userId,
          actorRole: 'volunteer',
          action: purpose === 'in' ? 'volunteer_signup.check_in' : 'volunteer_signup.check_out',
          entityType: 'volunteer_activity',
          entityId: a.id,
          nodeId: a.communityId,
          detail: { signupId: s.id, distanceMeters: distance ?? undefined },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError(ErrorCode.CONFLICT, '该二维码您已使用过，请扫描组织者出示的最新二维码', [{ field: 'token', message: '二维码已使用过' }]);
      }
      throw err;
    }
    return { purpose, at: now.toISOString(), distanceMeters: distance, message: `${PURPOSE_LABEL[purpose]}成功` };
  }

  /** The organizer records attendance by hand (with a reason): present, late, on leave, absent. */
  /**
   * A typed 6-digit code: at most CODE_TRIES wrong tries per person and activity in
   * CODE_TRY_WINDOW_MS (429 saying when to try again); each wrong try is recorded.
   */
  private async checkTypedCode(principal: Principal, a: Activity, purpose: QrPurpose, code: string, now: Date): Promise<QrCheck> {
    const since = new Date(now.getTime() - CODE_TRY_WINDOW_MS);
    const misses = await this.db.manager.find(CodeMiss, { where: { activityId: a.id, userId: principal.userId, createdAt: MoreThan(since) }, order: { createdAt: 'ASC' } });
    if (misses.length >= CODE_TRIES) {
      const wait = Math.max(1, Math.ceil((misses[misses.length - CODE_TRIES].createdAt.getTime() + CODE_TRY_WINDOW_MS - now.getTime()) / 60_000));
      const err = new AppError(ErrorCode.RATE_LIMITED, `数字码输错次数过多，请 ${wait} 分钟后再试，或扫描组织者手机上的二维码`, [{ field: 'token', message: '输错次数过多' }]);
      err.retryAfterSeconds = wait * 60;
      throw err;
    }
    const check = this.tokens.verifyCode(a.id, purpose, code, now);
    if (!check.ok) {
      await this.db.manager.insert(CodeMiss, { activityId: a.id, userId: principal.userId, createdAt: now });
      const left = CODE_TRIES - misses.length - 1;
      throw new AppError(ErrorCode.BAD_REQUEST, `数字码不对或已过期，请输入组织者手机上正在显示的 6 位数字${left > 0 ? `（还可以再试 ${left} 次）` : ''}`, [{ field: 'token', message: '数字码不对' }]);
    }
    return check;
  }

  async mark(principal: Principal, id: number, dto: MarkAttendanceDto): Promise<ActivityRosterRow[]> {
    const checkedInAt = dto.checkedInAt ? new Date(dto.checkedInAt) : undefined;
    const checkedOutAt = dto.checkedOutAt ? new Date(dto.checkedOutAt) : undefined;
    if (checkedInAt && checkedOutAt && checkedOutAt <= checkedInAt) throw badRequest('签退时间应晚于签到时间', 'checkedOutAt');
    await inTransaction(this.db, async (m) => {
      const a = await lockActivity(m, id);
      const grant = requireOrganizer(principal, await this.tree.getNode(a.communityId, m));
      if (a.attendanceConfirmedAt) throw conflict('该活动的出勤已确认，不能再修改');
      const s = await m.findOne(Signup, { where: { id: dto.signupId, activityId: a.id } });
      if (!s) throw notFound('该报名');
      if (s.status !== 'confirmed') throw conflict('只能为报名成功的志愿者登记出勤');
      const patch: Partial<Signup> = { attendance: dto.attendance, attendanceReason: dto.reason, attendanceBy: principal.userId, updatedAt: this.clock.now() };
      if (dto.attendance === 'present' || dto.attendance === 'late') {
        if (checkedInAt) patch.checkedInAt = checkedInAt;
        if (checkedOutAt) patch.checkedOutAt = checkedOutAt;
      }
      await m.update(Signup, { id: s.id }, patch);
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer_signup.mark_attendance',
        entityType: 'volunteer_activity',
        entityId: a.id,
        nodeId: a.communityId,
        fromState: s.attendance,
        toState: dto.attendance,
        reason: dto.reason,
        detail: { signupId: s.id, checkedInAt: checkedInAt?.toISOString(), checkedOutAt: checkedOutAt?.toISOString() },
      });
    });
    return rosterRows(this.db.manager, this.pii, id);
  }

  /** The organizer extends the activity: hours may then count until the new end. */
  async extend(principal: Principal, id: number, dto: ExtendDto): Promise<VolunteerActivityView> {
    const until = new Date(dto.until);
    await inTransaction(this.db, async (m) => {
      const a = await lockActivity(m, id);
      const grant = requireOrganizer(principal, await this.tree.getNode(a.communityId, m));
      if (a.attendanceConfirmedAt) throw conflict('该活动的出勤已确认，不能再延长');
      if (until.getTime() <= a.endsAt.getTime()) throw badRequest('延长后的结束时间应晚于原定结束时间', 'until');
      if (until.getTime() - a.startsAt.getTime() > 24 * 3600_000) throw badRequest('单次活动不能超过 24 小时', 'until');
      await m.update(Activity, { id: a.id }, { extendedUntil: until, updatedAt: this.clock.now() });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer_activity.extend',
        entityType: 'volunteer_activity',
        entityId: a.id,
        nodeId: a.communityId,
        fromState: (a.extendedUntil ?? a.endsAt).toISOString(),
        toState: until.toISOString(),
        reason: dto.reason,
      });
    });
    return this.activities.get(principal, id);
  }

  /**
   * After the activity, the organizer confirms attendance, once. This certifies the record:
   * each confirmed sign-up gets its attendance and credited minutes (hours.ts), a points-ledger
   * row when minutes > 0, and a message. Who checked in but never out must be marked by hand
   * first; who neither checked in nor was marked is recorded absent without leave.
   */
  async confirm(principal: Principal, id: number): Promise<AttendanceConfirmation> {
    const summary = await inTransaction(this.db, async (m) => {
      const a = await lockActivity(m, id);
      const grant = requireOrganizer(principal, await this.tree.getNode(a.communityId, m));
      const now = this.clock.now();
      if (a.status !== 'published') throw conflict('该活动已取消');
      const early = confirmTooEarly(a, now);
      if (early) throw conflict(early);
      const res = await m
        .createQueryBuilder()
        .update(Activity)
        .set({ attendanceConfirmedAt: now, attendanceConfirmedBy: principal.userId, updatedAt: now })
        .where('id = :id AND attendance_confirmed_at IS NULL', { id: a.id })
        .execute();
      if (!res.affected) throw conflict('该活动的出勤已确认过');

      const rows = await m.find(Signup, { where: { activityId: a.id, status: 'confirmed' }, order: { id: 'ASC' } });
      const unresolved = rows.filter((s) => s.checkedInAt && !s.checkedOutAt && !s.attendance);
      if (unresolved.length) {
        const vols = await m.find(Volunteer, { where: { userId: In(unresolved.map((s) => s.userId)) } });
        const names = unresolved.map((s) => vols.find((v) => v.userId === s.userId)?.realNameMasked ?? `报名 ${s.id}`);
        throw conflict(`以下志愿者已签到但未签退，请先手动登记出勤：${names.join('、')}`);
      }
      const counts: Record<Attendance, number> = { present: 0, late: 0, leave: 0, absent: 0 };
      let totalMinutes = 0;
      for (const s of rows) {
        let attendance: Attendance;
        let minutes = 0;
        if (s.attendance === 'leave' || s.attendance === 'absent') {
          attendance = s.attendance;
        } else if (s.checkedInAt || s.attendance) {
          // Scanned in (and out), or marked present/late by hand: the organizer certifies it.
          const inAt = s.checkedInAt ?? a.startsAt;
          const outAt = s.checkedOutAt ?? a.endsAt;
          attendance = s.attendance ?? (inAt.getTime() > a.startsAt.getTime() + LATE_AFTER_MINUTES * 60_000 ? 'late' : 'present');
          minutes = creditedMinutes({ checkedInAt: inAt, checkedOutAt: outAt, startsAt: a.startsAt, endsAt: a.endsAt, extendedUntil: a.extendedUntil });
        } else {
          attendance = 'absent'; // absent without leave
        }
        counts[attendance]++;
        totalMinutes += minutes;
        await m.update(Signup, { id: s.id }, { attendance, creditedMinutes: minutes, confirmedAt: now, updatedAt: now });
        const points = pointsFor(minutes);
        if (points > 0) {
          await m.insert(PointsEntry, {
            userId: s.userId,
            delta: points,
            reason: cut(`参加“${a.title}”服务 ${hoursOf(minutes)} 小时`, 100),
            sourceType: 'activity',
            sourceId: s.id,
            createdBy: principal.userId,
            createdAt: now,
          });
        }
        await this.notifications.notify(m, {
          userIds: [s.userId],
          title: '服务时长已确认',
          body:
            minutes > 0
              ? `“${cut(a.title, 20)}”出勤已确认：${ATTENDANCE_LABEL[attendance]}，记录服务时长 ${hoursOf(minutes)} 小时，积分 +${points}`
              : `“${cut(a.title, 20)}”出勤已确认：${ATTENDANCE_LABEL[attendance]}，未记录服务时长`,
          page: 'volunteer/pages/record/index',
        });
      }
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'volunteer_activity.confirm_attendance',
        entityType: 'volunteer_activity',
        entityId: a.id,
        nodeId: a.communityId,
        toState: 'attendance_confirmed',
        detail: { ...counts, totalMinutes },
      });
      // 志愿者参与 on the need the activity served — or on every need of its project — once someone came.
      const came = counts.present + counts.late;
      const needIds = new Set<number>([...(a.needId ? [a.needId] : []), ...(a.projectId ? await projectNeedIds(m, a.projectId) : [])]);
      if (came > 0 && needIds.size) {
        for (const need of await m.find(Need, { where: { id: In([...needIds]) }, order: { id: 'ASC' } })) {
          await this.workflow.recordStep(m, need, 'volunteers', { userId: principal.userId, role: grant.role }, {
            action: `志愿活动“${cut(a.title, 20)}”完成`,
            volunteers: came,
            hours: hoursOf(totalMinutes),
            ...(a.projectId ? { projectId: a.projectId } : {}),
          });
        }
      }
      return { ...counts, totalMinutes, totalHours: hoursOf(totalMinutes) };
    });
    return { summary, roster: await rosterRows(this.db.manager, this.pii, id) };
  }

  private load(id: number): Promise<Activity> {
    return findActivity(this.db.manager, id);
  }
}

