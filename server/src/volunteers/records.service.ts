import { randomInt } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { PiiCipher } from '../common/crypto';
import { forbidden, notFound } from '../common/errors';
import {
  ATTENDANCE_LABEL,
  CERTIFICATE_PDF_PATH,
  SIGNUP_STATUS_LABEL,
  TASK_KIND_LABEL,
  type VolunteerCertificateCheck,
  type VolunteerCertificateView,
  type VolunteerRecord,
} from '../contract/volunteers';
import { inTransaction } from '../database/transaction';
import { TreeService } from '../tree/tree.service';
import { Activity } from './activity.entity';
import { VolunteerCertificate } from './certificate.entity';
import { certificateFont, renderCertificatePdf } from './certificate-pdf';
import { beijingYear, hoursOf, POINTS_PER_HOUR } from './hours';
import { PointsEntry } from './points-entry.entity';
import { Signup } from './signup.entity';
import { VolunteerTask } from './task.entity';
import { iso } from './volunteer-access';
import { Volunteer } from './volunteer.entity';

const CERT_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The volunteer's own record: hours (only what organizers confirmed), activities, the points
 * ledger, and the service certificate (志愿服务证明) with its PDF and its public check.
 */
@Injectable()
export class RecordsService {
  private readonly logger = new Logger(RecordsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Hours (total and per Beijing-time year), activities, points: only confirmed attendance counts. */
  async record(principal: Principal): Promise<VolunteerRecord> {
    const signups = await this.db.manager.find(Signup, { where: { userId: principal.userId }, order: { id: 'DESC' } });
    const activities = signups.length ? await this.db.manager.find(Activity, { where: { id: In(signups.map((s) => s.activityId)) } }) : [];
    const byId = new Map(activities.map((a) => [a.id, a]));
    const confirmed = signups.filter((s) => s.confirmedAt != null && s.creditedMinutes != null);
    // Tasks the volunteer did (claimed and marked done); staff-confirmed ones count.
    const tasks = await this.db.manager.find(VolunteerTask, { where: { claimedBy: principal.userId, status: 'done' }, order: { id: 'DESC' } });
    const credited = [
      ...confirmed.map((s) => ({ at: byId.get(s.activityId)!.startsAt, minutes: s.creditedMinutes ?? 0 })),
      ...tasks.filter((t) => t.creditedMinutes != null).map((t) => ({ at: t.startsAt, minutes: t.creditedMinutes! })),
    ];
    const totalMinutes = credited.reduce((sum, c) => sum + c.minutes, 0);
    const years = new Map<number, number>();
    for (const c of credited) {
      const year = beijingYear(c.at);
      years.set(year, (years.get(year) ?? 0) + c.minutes);
    }
    const ledger = await this.db.manager.find(PointsEntry, { where: { userId: principal.userId }, order: { id: 'DESC' } });
    return {
      totalMinutes,
      totalHours: hoursOf(totalMinutes),
      byYear: [...years.entries()].sort((a, b) => b[0] - a[0]).map(([year, minutes]) => ({ year, minutes, hours: hoursOf(minutes) })),
      activities: signups.map((s) => {
        const a = byId.get(s.activityId)!;
        return {
          signupId: s.id,
          activityId: a.id,
          title: a.title,
          startsAt: a.startsAt.toISOString(),
          endsAt: a.endsAt.toISOString(),
          status: s.status,
          statusLabel: SIGNUP_STATUS_LABEL[s.status],
          lateCancel: s.lateCancel,
          checkedInAt: iso(s.checkedInAt),
          checkedOutAt: iso(s.checkedOutAt),
          attendance: s.attendance,
          attendanceLabel: s.attendance ? ATTENDANCE_LABEL[s.attendance] : null,
          confirmed: s.confirmedAt != null,
          creditedMinutes: s.creditedMinutes,
          creditedHours: s.creditedMinutes == null ? null : hoursOf(s.creditedMinutes),
        };
      }),
      tasks: tasks.map((t) => ({
        taskId: t.id,
        title: t.title,
        kindLabel: TASK_KIND_LABEL[t.kind],
        startsAt: t.startsAt.toISOString(),
        endsAt: t.endsAt.toISOString(),
        doneAt: iso(t.doneAt),
        confirmed: t.confirmedAt != null,
        creditedMinutes: t.creditedMinutes,
        creditedHours: t.creditedMinutes == null ? null : hoursOf(t.creditedMinutes),
      })),
      points: {
        balance: ledger.reduce((sum, e) => sum + e.delta, 0),
        rule: `每确认服务 1 小时记 ${POINTS_PER_HOUR} 积分（按半小时向下取整后的时长计算）；志愿任务经社区确认后按安排的时长计`,
        entries: ledger.map((e) => ({ id: e.id, delta: e.delta, reason: e.reason, sourceType: e.sourceType, sourceId: e.sourceId, at: e.createdAt.toISOString() })),
      },
    };
  }

  /**
   * The data of a service certificate (志愿服务证明): confirmed activities and hours, the
   * community, and a verification code anyone can check. The same totals give the same
   * certificate; new confirmed hours issue a new one. The PDF is certificatePdf().
   */
  async certificate(principal: Principal): Promise<VolunteerCertificateView> {
    const v = await this.db.manager.findOne(Volunteer, { where: { userId: principal.userId } });
    if (!v || v.status !== 'approved') throw forbidden('只有审核通过的注册志愿者可以开具志愿服务证明');
    const community = await this.tree.getNode(v.communityId);
    const rows = await this.db.manager.find(Signup, { where: { userId: principal.userId, confirmedAt: Not(IsNull()) }, order: { id: 'ASC' } });
    const signups = rows.filter((s) => (s.creditedMinutes ?? 0) > 0);
    const activities = signups.length ? await this.db.manager.find(Activity, { where: { id: In(signups.map((s) => s.activityId)) } }) : [];
    const byId = new Map(activities.map((a) => [a.id, a]));
    const tasks = await this.db.manager.find(VolunteerTask, { where: { claimedBy: principal.userId, status: 'done', confirmedAt: Not(IsNull()) }, order: { id: 'ASC' } });
    // Activities and confirmed tasks alike, in time order.
    const credited = [
      ...signups.map((s) => {
        const a = byId.get(s.activityId)!;
        return { title: a.title, startsAt: a.startsAt, endsAt: a.endsAt, minutes: s.creditedMinutes! };
      }),
      ...tasks.filter((t) => (t.creditedMinutes ?? 0) > 0).map((t) => ({ title: `志愿任务：${t.title}`, startsAt: t.startsAt, endsAt: t.endsAt, minutes: t.creditedMinutes! })),
    ].sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
    const totalMinutes = credited.reduce((sum, c) => sum + c.minutes, 0);

    const cert = await inTransaction(this.db, async (m) => {
      const latest = await m.findOne(VolunteerCertificate, { where: { userId: principal.userId }, order: { id: 'DESC' } });
      if (latest && latest.totalMinutes === totalMinutes && latest.activityCount === credited.length && latest.communityId === community.id) return latest;
      const issued = await m.save(
        VolunteerCertificate,
        m.create(VolunteerCertificate, {
          code: Array.from({ length: 12 }, () => CERT_ALPHABET[randomInt(CERT_ALPHABET.length)]).join(''),
          userId: principal.userId,
          communityId: community.id,
          totalMinutes,
          activityCount: credited.length,
          issuedAt: this.clock.now(),
        }),
      );
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'volunteer',
        action: 'volunteer.certificate',
        entityType: 'volunteer_certificate',
        entityId: issued.id,
        nodeId: community.id,
        detail: { totalMinutes, activities: credited.length },
      });
      return issued;
    });
    return {
      code: cert.code,
      verifyPath: `/api/volunteer-certificates/${cert.code}`,
      verifyUrl: `${this.config.publicBaseUrl}/#/volunteer/pages/verify/index?code=${cert.code}`,
      issuedAt: cert.issuedAt.toISOString(),
      // The holder's own certificate carries the full name; the ID number stays masked.
      realName: this.pii.decrypt(v.realNameEnc),
      idNumberMasked: v.idNumberMasked,
      communityName: community.name,
      totalMinutes,
      totalHours: hoursOf(totalMinutes),
      activities: credited.map((c) => ({ title: c.title, startsAt: c.startsAt.toISOString(), endsAt: c.endsAt.toISOString(), minutes: c.minutes, hours: hoursOf(c.minutes) })),
      pdfPath: CERTIFICATE_PDF_PATH,
    };
  }

  /** The certificate as a PDF (Chinese, CJK font embedded); 503 with a clear message when the font is missing. */
  async certificatePdf(principal: Principal): Promise<{ filename: string; body: Buffer; code: string }> {
    // Who may have one comes first (403), then whether this server can draw Chinese (503).
    const cert = await this.certificate(principal);
    certificateFont();
    const body = await renderCertificatePdf({
      code: cert.code,
      issuedAt: new Date(cert.issuedAt),
      realName: cert.realName,
      idNumberMasked: cert.idNumberMasked,
      communityName: cert.communityName,
      totalHours: cert.totalHours,
      activities: cert.activities.map((a) => ({ title: a.title, startsAt: new Date(a.startsAt), hours: a.hours })),
      verifyHint: `用手机扫描右侧二维码，或在“五社联动”小程序“志愿服务证明查验”页输入验证码 ${cert.code}，或访问 ${cert.verifyUrl}`,
      verifyUrl: cert.verifyUrl,
    });
    this.logger.log({ msg: 'volunteer certificate pdf', userId: principal.userId, code: cert.code, bytes: body.length });
    return { filename: `volunteer-certificate-${cert.code}.pdf`, body, code: cert.code };
  }

  /** Public check of a certificate code: valid or not, with no personal data beyond a masked name. */
  async verifyCertificate(code: string): Promise<VolunteerCertificateCheck> {
    const cert = await this.db.manager.findOne(VolunteerCertificate, { where: { code } });
    if (!cert) throw notFound('该志愿服务证明');
    const v = await this.db.manager.findOne(Volunteer, { where: { userId: cert.userId } });
    const community = await this.tree.getNode(cert.communityId);
    return {
      valid: true,
      code: cert.code,
      nameMasked: v?.realNameMasked ?? '*',
      communityName: community.name,
      totalHours: hoursOf(cert.totalMinutes),
      activityCount: cert.activityCount,
      issuedAt: cert.issuedAt.toISOString(),
    };
  }
}
