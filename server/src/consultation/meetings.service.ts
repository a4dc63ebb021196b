import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/db-errors';
import { badRequest, conflict, notFound } from '../common/errors';
import { MEETING_KIND_LABEL, type MeetingSignupView, type MeetingView } from '../contract/consultation';
import { inTransaction } from '../database/transaction';
import { NeedWorkflow } from '../needs/need-workflow.service';
import { NotificationsService } from '../notifications/notifications.service';
import { requireConfirmedResident, requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import type { ServiceNode } from '../tree/service-node.entity';
import { rolesOnNodePolicy, UploadsService } from '../uploads/uploads.service';
import { User } from '../users/user.entity';
import { ContentSecurity } from '../wechat/content-security.service';
import { findMeeting, findTopic, linkedNeedsOfTopic } from './consultation-queries';
import { MEETING_ENTITY } from './consultation-rules';
import { ConsultationViews } from './consultation-views';
import type { CreateMeetingDto, RecordMeetingDto } from './dto/consultation.dto';
import { ConsultMeeting, MeetingSignup } from './meeting.entity';
import type { ConsultTopic } from './topic.entity';
import { TopicsService } from './topics.service';

/**
 * Consultation meetings (议事会): scheduled by staff, residents of the community sign up for a
 * bounded number of seats, staff record attendance, minutes and photos afterwards. Recording one
 * is a consultation step on each linked need's timeline.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly db: DataSource,
    private readonly topics: TopicsService,
    private readonly views: ConsultationViews,
    private readonly workflow: NeedWorkflow,
    private readonly notifications: NotificationsService,
    private readonly uploads: UploadsService,
    private readonly audit: AuditService,
    private readonly contentSecurity: ContentSecurity,
    private readonly clock: Clock,
  ) {
    // Meeting photos may show people: anyone holding a role on or above the community, never the public.
    uploads.registerPolicy(['meeting'], rolesOnNodePolicy());
  }

  async create(principal: Principal, topicId: number, dto: CreateMeetingDto): Promise<MeetingView> {
    const { topic, community } = await this.topics.load(this.db.manager, topicId);
    requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以安排议事会');
    const startsAt = new Date(dto.startsAt);
    if (startsAt <= this.clock.now()) throw badRequest('会议时间应晚于现在', 'startsAt');
    if (topic.status !== 'open') throw conflict('该议题已形成议定事项，不能再安排议事会');
    await this.contentSecurity.assertPublishable(
      [
        { field: 'place', label: '会议地点', text: dto.place },
        { field: 'agenda', label: '议程', text: dto.agenda },
      ],
      principal.openid,
      1,
    );
    const id = await inTransaction(this.db, async (m) => {
      const grant = requireRoleOn(principal, community, MANAGER_ROLES);
      const meeting = await m.save(
        ConsultMeeting,
        m.create(ConsultMeeting, {
          topicId: topic.id,
          kind: dto.kind,
          startsAt,
          place: dto.place,
          capacity: dto.capacity,
          signedUpCount: 0,
          agenda: dto.agenda,
          status: 'scheduled',
          minutes: null,
          attendedCount: null,
          walkInCount: null,
          recordedBy: null,
          recordedAt: null,
          createdBy: principal.userId,
        }),
      );
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'consult.meeting.schedule',
        entityType: MEETING_ENTITY,
        entityId: meeting.id,
        nodeId: community.id,
        toState: 'scheduled',
        detail: { topicId: topic.id, capacity: dto.capacity, kind: dto.kind },
      });
      return meeting.id;
    });
    return this.views.meeting(principal, id);
  }

  /**
   * A resident signs up for a meeting. A seat first (`UPDATE … SET signed_up_count + 1 WHERE
   * signed_up_count < capacity`), then the row, in one transaction: never over capacity on either
   * database. Signing up twice is answered with the existing sign-up.
   */
  async signUp(principal: Principal, meetingId: number, subscribed?: string[]): Promise<MeetingView> {
    try {
      await inTransaction(this.db, async (m) => {
        const { meeting, community } = await this.load(m, meetingId);
        requireConfirmedResident(principal, community, '报名参加议事会');
        if (await m.findOne(MeetingSignup, { where: { meetingId: meeting.id, userId: principal.userId } })) return;
        const now = this.clock.now();
        const seat = await m
          .createQueryBuilder()
          .update(ConsultMeeting)
          .set({ signedUpCount: () => 'signed_up_count + 1' })
          .where('id = :id AND status = :scheduled AND starts_at > :now AND signed_up_count < capacity', { id: meeting.id, scheduled: 'scheduled', now })
          .execute();
        if (!seat.affected) {
          const latest = await m.findOneOrFail(ConsultMeeting, { where: { id: meeting.id } });
          if (latest.status !== 'scheduled' || latest.startsAt <= now) throw conflict('该议事会已开始或已结束，不能再报名');
          throw conflict(`该议事会 ${latest.capacity} 个名额已满，可关注议题在线投票或下次议事会`);
        }
        await m.insert(MeetingSignup, { meetingId: meeting.id, userId: principal.userId, attended: false, createdAt: now });
        await this.notifications.grant(m, principal.userId, subscribed);
        await this.audit.record(m, {
          actorId: principal.userId,
          actorRole: 'resident',
          action: 'consult.meeting.signup',
          entityType: MEETING_ENTITY,
          entityId: meeting.id,
          nodeId: community.id,
        });
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // the same person pressed twice at once: already signed up
    }
    return this.views.meeting(principal, meetingId);
  }

  /** Cancels the caller's sign-up before the meeting starts: the seat first (same lock order as sign-up), then the row. */
  async cancelSignup(principal: Principal, meetingId: number): Promise<MeetingView> {
    await inTransaction(this.db, async (m) => {
      const { meeting, community } = await this.load(m, meetingId);
      requireRoleOn(principal, community, ['resident'], `只有${community.name}的居民可以报名参加议事会`);
      const now = this.clock.now();
      if (meeting.status !== 'scheduled' || meeting.startsAt <= now) throw conflict('该议事会已开始或已结束，不能再取消报名');
      const signup = await m.findOne(MeetingSignup, { where: { meetingId: meeting.id, userId: principal.userId } });
      if (!signup) throw notFound('您的报名');
      const seat = await m
        .createQueryBuilder()
        .update(ConsultMeeting)
        .set({ signedUpCount: () => 'signed_up_count - 1' })
        .where('id = :id AND signed_up_count > 0', { id: meeting.id })
        .execute();
      const gone = await m.delete(MeetingSignup, { meetingId: meeting.id, userId: principal.userId });
      if (!seat.affected || !gone.affected) throw conflict('报名刚刚已取消，请刷新');
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'resident',
        action: 'consult.meeting.cancel_signup',
        entityType: MEETING_ENTITY,
        entityId: meeting.id,
        nodeId: community.id,
      });
    });
    return this.views.meeting(principal, meetingId);
  }

  /** Staff: who signed up (nickname and masked phone only: enough to take attendance). */
  async signups(principal: Principal, meetingId: number): Promise<MeetingSignupView[]> {
    const { meeting, community } = await this.load(this.db.manager, meetingId);
    const grant = requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以查看报名名单');
    const rows = await this.db.manager.find(MeetingSignup, { where: { meetingId: meeting.id }, order: { id: 'ASC' } });
    const users = rows.length ? await this.db.manager.find(User, { where: { id: In(rows.map((r) => r.userId)) } }) : [];
    await inTransaction(this.db, (m) =>
      this.audit
        .record(m, { actorId: principal.userId, actorRole: grant.role, action: 'consult.meeting.view_signups', entityType: MEETING_ENTITY, entityId: meeting.id, nodeId: community.id, detail: { count: rows.length } })
        .then(() => undefined),
    );
    return rows.map((r) => {
      const u = users.find((x) => x.id === r.userId);
      return { userId: r.userId, nickname: u?.nickname ?? null, phoneMasked: u?.phoneMasked ?? null, attended: r.attended, signedUpAt: r.createdAt.toISOString() };
    });
  }

  /** After the meeting: attendance (signed-up residents present + walk-ins), minutes and photos; a consultation step on each linked need's timeline. */
  async record(principal: Principal, meetingId: number, dto: RecordMeetingDto): Promise<MeetingView> {
    const { meeting, community } = await this.load(this.db.manager, meetingId);
    requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以记录议事会');
    if (meeting.startsAt > this.clock.now()) throw conflict('议事会还没有开始，请在会后记录到会情况和纪要');
    await this.contentSecurity.assertPublishable([{ field: 'minutes', label: '会议纪要', text: dto.minutes }], principal.openid, 1);
    await inTransaction(this.db, async (m) => {
      const grant = requireRoleOn(principal, community, MANAGER_ROLES);
      const attended = [...new Set(dto.attendedUserIds ?? [])];
      const signups = await m.find(MeetingSignup, { where: { meetingId: meeting.id } });
      const unknown = attended.filter((u) => !signups.some((s) => s.userId === u));
      if (unknown.length) throw badRequest('到会名单中有未报名的居民，未报名的请计入现场参会人数', 'attendedUserIds');
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(ConsultMeeting)
        .set({ status: 'held', minutes: dto.minutes, attendedCount: attended.length + (dto.walkIns ?? 0), walkInCount: dto.walkIns ?? 0, recordedBy: principal.userId, recordedAt: now })
        .where('id = :id AND status = :scheduled', { id: meeting.id, scheduled: 'scheduled' })
        .execute();
      if (!res.affected) throw conflict('该议事会已记录过，请刷新查看');
      if (attended.length) await m.update(MeetingSignup, { meetingId: meeting.id, userId: In(attended) }, { attended: true });
      await this.uploads.attach(m, principal.userId, dto.photoIds, 'meeting', meeting.id, community.id);
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'consult.meeting.record',
        entityType: MEETING_ENTITY,
        entityId: meeting.id,
        nodeId: community.id,
        fromState: 'scheduled',
        toState: 'held',
        detail: { attended: attended.length, walkIns: dto.walkIns ?? 0, photos: dto.photoIds?.length ?? 0 },
      });
      const topic = await findTopic(m, meeting.topicId);
      for (const need of await linkedNeedsOfTopic(m, topic.id)) {
        await this.workflow.recordStep(m, need, 'consultation', { userId: principal.userId, role: grant.role }, {
          action: `召开${MEETING_KIND_LABEL[meeting.kind]}`,
          note: `议题“${topic.title}”，到会 ${attended.length + (dto.walkIns ?? 0)} 人`,
          topicId: topic.id,
          meetingId: meeting.id,
        });
      }
    });
    return this.views.meeting(principal, meetingId);
  }

  private async load(m: EntityManager, id: number): Promise<{ meeting: ConsultMeeting; topic: ConsultTopic; community: ServiceNode }> {
    const meeting = await findMeeting(m, id);
    return { meeting, ...(await this.topics.load(m, meeting.topicId)) };
  }
}
