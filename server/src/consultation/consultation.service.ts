import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RoleGrant } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, conflict, notFound } from '../common/errors';
import { redactText } from '../common/redact';
import { toNum } from '../database/raw';
import { isUniqueViolation } from '../common/db-errors';
import { beijingMinute } from '../contract/format';
import { NEED_STATUS_LABEL, type NeedStatus } from '../needs/need-status';
import { type NeedActor, NeedWorkflow } from '../needs/need-workflow.service';
import { Need } from '../needs/need.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { covers, hasRoleOn, requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import type { PhotoView } from '../contract/uploads';
import { UploadsService } from '../uploads/uploads.service';
import { User } from '../users/user.entity';
import { ContentSecurity } from '../wechat/content-security.service';
import type { CreateMeetingDto, CreateTopicDto, OfflineVotesDto, PublishResolutionDto, RecordMeetingDto } from './dto/consultation.dto';
import { ConsultMeeting, MEETING_KIND_LABEL, MEETING_STATUS_LABEL, type MeetingKind, MeetingSignup, type MeetingStatus } from './meeting.entity';
import { ConsultOption, ConsultTopic, ConsultTopicNeed, TOPIC_STATUS_LABEL, type TopicStatus } from './topic.entity';
import { ConsultResolution, ConsultVote, RESOLUTION_OUTCOME_LABEL, type ResolutionFigures, type ResolutionOutcome } from './vote.entity';
import { cut } from '../common/text';
import { inTransaction } from '../database/transaction';

export const TOPIC_ENTITY = 'consult_topic';
/** The mini-program page (loop subpackage) an inbox row or subscribe message opens. */
export const topicPage = (id: number) => `loop/pages/topic/index?id=${id}`;
const DAY = 86_400_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface MeetingView {
  id: number;
  topicId: number;
  kind: MeetingKind;
  kindLabel: string;
  startsAt: string;
  place: string;
  capacity: number;
  signedUp: number;
  seatsLeft: number;
  agenda: string;
  status: MeetingStatus;
  statusLabel: string;
  minutes: string | null;
  attendedCount: number | null;
  walkInCount: number | null;
  recordedAt: string | null;
  photoCount: number;
  /** Only for people with a role on or above the community (photos may show people). */
  photos: PhotoView[] | null;
  /** The caller's own sign-up (null when not logged in). */
  mySignup: { signedUp: boolean; attended: boolean } | null;
}

export interface ResolutionView {
  id: number;
  topicId: number;
  text: string;
  outcome: ResolutionOutcome;
  outcomeLabel: string;
  adoptedOptionId: number | null;
  adoptedOptionLabel: string | null;
  figures: ResolutionFigures;
  closeReason: string | null;
  publishedAt: string;
  projectId: number | null;
}

export interface TopicView {
  id: number;
  communityId: number;
  communityName: string;
  title: string;
  description: string;
  status: TopicStatus;
  statusLabel: string;
  voteStartsAt: string;
  voteEndsAt: string;
  /** not_started | open | closed: where the voting window is now. */
  voting: 'not_started' | 'open' | 'closed';
  options: Array<{ id: number; label: string }>;
  /** Linked needs: public ones by title, private ones counted only. */
  needs: Array<{ id: number; title: string; status: NeedStatus; statusLabel: string }>;
  privateNeedCount: number;
  /** How many residents voted online so far (the split by option waits for the window to close). */
  onlineVoters: number;
  /** Online and offline (hand-counted at the meeting) figures, shown separately; null while voting is open. */
  results: ResolutionFigures | null;
  meetings: MeetingView[];
  resolution: ResolutionView | null;
  /** The caller's relation (null when not logged in). */
  me: { canVote: boolean; myOptionId: number | null; staff: boolean } | null;
  createdAt: string;
}

export interface TopicListItem {
  id: number;
  title: string;
  status: TopicStatus;
  statusLabel: string;
  voteStartsAt: string;
  voteEndsAt: string;
  voting: TopicView['voting'];
  needCount: number;
  meetingCount: number;
  nextMeetingAt: string | null;
  createdAt: string;
}

/**
 * Community consultation (社区协商): topics opened from needs, meetings with capacity-bounded
 * sign-up, one online vote per resident of the community, hand counts from the meeting, and the
 * published resolution that moves the linked needs on through NeedWorkflow. Every method checks
 * the caller's role on the topic's community first; texts others will read pass the content
 * check before any transaction; audit rows commit with the change they describe.
 */
@Injectable()
export class ConsultationService {
  private readonly logger = new Logger(ConsultationService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly workflow: NeedWorkflow,
    private readonly notifications: NotificationsService,
    private readonly uploads: UploadsService,
    private readonly audit: AuditService,
    private readonly contentSecurity: ContentSecurity,
    private readonly clock: Clock,
  ) {}

  // ------------------------------------------------------------------------------ topics

  async createTopic(principal: Principal, dto: CreateTopicDto): Promise<TopicView> {
    const community = await this.tree.getNode(dto.communityId);
    if (community.level !== 'community') throw badRequest('议题应属于具体的社区（而不是街道或区县）', 'communityId');
    requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以发起议题');
    const labels = dto.options.map((o) => o.trim());
    if (new Set(labels).size !== labels.length) throw badRequest('表决选项不能重复', 'options');
    const now = this.clock.now();
    const startsAt = dto.voteStartsAt ? new Date(dto.voteStartsAt) : now;
    const endsAt = new Date(dto.voteEndsAt);
    if (endsAt <= now) throw badRequest('投票截止时间应晚于现在', 'voteEndsAt');
    if (endsAt <= startsAt) throw badRequest('投票截止时间应晚于开始时间', 'voteEndsAt');
    if (endsAt.getTime() - startsAt.getTime() > 60 * DAY) throw badRequest('投票时间最长 60 天', 'voteEndsAt');
    const needIds = [...new Set(dto.needIds ?? [])];
    await this.contentSecurity.assertPublishable(
      [
        { field: 'title', label: '议题', text: dto.title },
        { field: 'description', label: '议题说明', text: dto.description },
        { field: 'options', label: '表决选项', text: labels.join('\n') },
      ],
      principal.openid,
      1,
    );

    const id = await inTransaction(this.db, async (m) => {
      const grant = requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以发起议题');
      const needs = needIds.length ? await m.find(Need, { where: { id: In(needIds) } }) : [];
      if (needs.length !== needIds.length) throw badRequest('部分关联的需求不存在', 'needIds');
      for (const n of needs) {
        if (n.communityId !== community.id) throw badRequest(`需求“${cut(n.title, 12)}”不属于${community.name}，不能纳入本社区的议题`, 'needIds');
        if (n.status !== 'accepted' && n.status !== 'in_consultation') {
          throw conflict(`需求“${cut(n.title, 12)}”当前状态为“${NEED_STATUS_LABEL[n.status]}”，只有已受理的需求可以提交社区协商`);
        }
      }
      const topic = await m.save(
        ConsultTopic,
        m.create(ConsultTopic, {
          communityId: community.id,
          title: dto.title,
          description: dto.description,
          status: 'open',
          voteStartsAt: startsAt,
          voteEndsAt: endsAt,
          createdBy: principal.userId,
          resolvedAt: null,
        }),
      );
      await m.insert(
        ConsultOption,
        labels.map((label, sort) => ({ topicId: topic.id, sort, label, offlineVotes: 0 })),
      );
      const actor = this.staffActor(principal, grant);
      for (const need of needs) {
        await m.insert(ConsultTopicNeed, { topicId: topic.id, needId: need.id, createdAt: now });
        const detail = { topicId: topic.id, topicTitle: topic.title };
        if (need.status === 'accepted') {
          await this.workflow.transition(m, need, 'in_consultation', actor, { note: `议题：${topic.title}`, detail });
        } else {
          await this.workflow.recordStep(m, need, 'consultation', { userId: principal.userId, role: grant.role }, { action: '纳入议题', note: `议题：${topic.title}`, ...detail });
        }
      }
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'consult.topic.open',
        entityType: TOPIC_ENTITY,
        entityId: topic.id,
        nodeId: community.id,
        toState: 'open',
        detail: { options: labels.length, needIds, voteEndsAt: endsAt.toISOString() },
      });
      return topic.id;
    });
    this.logger.log({ msg: 'topic opened', topicId: id, needs: needIds.length });
    return this.getTopic(principal, id);
  }

  /** A community's topics, newest first. Public: topics are community matters, not personal data. */
  async listTopics(communityId: number): Promise<TopicListItem[]> {
    const community = await this.tree.getNode(communityId);
    const topics = await this.db.manager.find(ConsultTopic, { where: { communityId: community.id }, order: { id: 'DESC' }, take: 100 });
    if (!topics.length) return [];
    const ids = topics.map((t) => t.id);
    const links = await this.db.manager.find(ConsultTopicNeed, { where: { topicId: In(ids) } });
    const meetings = await this.db.manager.find(ConsultMeeting, { where: { topicId: In(ids) }, order: { startsAt: 'ASC' } });
    const now = this.clock.now();
    return topics.map((t) => {
      const ms = meetings.filter((x) => x.topicId === t.id);
      const next = ms.find((x) => x.status === 'scheduled' && x.startsAt > now);
      return {
        id: t.id,
        title: t.title,
        status: t.status,
        statusLabel: TOPIC_STATUS_LABEL[t.status],
        voteStartsAt: t.voteStartsAt.toISOString(),
        voteEndsAt: t.voteEndsAt.toISOString(),
        voting: this.votingState(t, now),
        needCount: links.filter((l) => l.topicId === t.id).length,
        meetingCount: ms.length,
        nextMeetingAt: next ? next.startsAt.toISOString() : null,
        createdAt: t.createdAt.toISOString(),
      };
    });
  }

  /** One topic: anyone may read it; results only once the voting window has closed. */
  async getTopic(principal: Principal | undefined, id: number, m: EntityManager = this.db.manager): Promise<TopicView> {
    const topic = await this.findTopic(m, id);
    const community = await this.tree.getNode(topic.communityId, m);
    const staff = principal ? hasRoleOn(principal, community, MANAGER_ROLES) : false;
    const now = this.clock.now();
    const options = await m.find(ConsultOption, { where: { topicId: topic.id }, order: { sort: 'ASC' } });
    const links = await m.find(ConsultTopicNeed, { where: { topicId: topic.id }, order: { id: 'ASC' } });
    const needs = links.length ? await m.find(Need, { where: { id: In(links.map((l) => l.needId)) }, order: { id: 'ASC' } }) : [];
    const shown = needs.filter((n) => n.isPublic || staff);
    const voting = this.votingState(topic, now);
    const [{ n: voters }] = await m.query('SELECT COUNT(*) AS n FROM consult_vote WHERE topic_id = ?', [topic.id]);
    const mine = principal ? await m.findOne(ConsultVote, { where: { topicId: topic.id, userId: principal.userId } }) : null;
    const resolution = await m.findOne(ConsultResolution, { where: { topicId: topic.id } });
    return {
      id: topic.id,
      communityId: community.id,
      communityName: community.name,
      title: topic.title,
      description: topic.description,
      status: topic.status,
      statusLabel: TOPIC_STATUS_LABEL[topic.status],
      voteStartsAt: topic.voteStartsAt.toISOString(),
      voteEndsAt: topic.voteEndsAt.toISOString(),
      voting,
      options: options.map((o) => ({ id: o.id, label: o.label })),
      needs: shown.map((n) => ({ id: n.id, title: n.title, status: n.status, statusLabel: NEED_STATUS_LABEL[n.status] })),
      privateNeedCount: needs.length - shown.length,
      onlineVoters: toNum(voters),
      results: voting === 'closed' || topic.status === 'resolved' ? await this.figures(m, topic.id, options) : null,
      meetings: await this.meetingViews(m, principal, community, await m.find(ConsultMeeting, { where: { topicId: topic.id }, order: { startsAt: 'ASC', id: 'ASC' } })),
      resolution: resolution ? await this.resolutionView(m, resolution, options) : null,
      me: principal
        ? {
            canVote: voting === 'open' && topic.status === 'open' && hasRoleOn(principal, community, ['resident']),
            myOptionId: mine?.optionId ?? null,
            staff,
          }
        : null,
      createdAt: topic.createdAt.toISOString(),
    };
  }

  // ------------------------------------------------------------------------------ meetings

  async createMeeting(principal: Principal, topicId: number, dto: CreateMeetingDto): Promise<MeetingView> {
    const { topic, community } = await this.loadTopic(this.db.manager, topicId);
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
        entityType: 'consult_meeting',
        entityId: meeting.id,
        nodeId: community.id,
        toState: 'scheduled',
        detail: { topicId: topic.id, capacity: dto.capacity, kind: dto.kind },
      });
      return meeting.id;
    });
    return this.meetingView(principal, id);
  }

  /**
   * A resident signs up for a meeting. A seat first (`UPDATE … SET signed_up_count + 1 WHERE
   * signed_up_count < capacity`), then the row, in one transaction: never over capacity on either
   * database. Signing up twice is answered with the existing sign-up.
   */
  async signUp(principal: Principal, meetingId: number, subscribed?: string[]): Promise<MeetingView> {
    try {
      await inTransaction(this.db, async (m) => {
        const { meeting, community } = await this.loadMeeting(m, meetingId);
        requireRoleOn(principal, community, ['resident'], `只有${community.name}的居民可以报名参加议事会，请先在“我的”中设置居住地`);
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
          entityType: 'consult_meeting',
          entityId: meeting.id,
          nodeId: community.id,
        });
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // the same person pressed twice at once: already signed up
    }
    return this.meetingView(principal, meetingId);
  }

  /** Cancels the caller's sign-up before the meeting starts: the seat first (same lock order as sign-up), then the row. */
  async cancelSignup(principal: Principal, meetingId: number): Promise<MeetingView> {
    await inTransaction(this.db, async (m) => {
      const { meeting, community } = await this.loadMeeting(m, meetingId);
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
        entityType: 'consult_meeting',
        entityId: meeting.id,
        nodeId: community.id,
      });
    });
    return this.meetingView(principal, meetingId);
  }

  /** Staff: who signed up (nickname and masked phone only: enough to take attendance). */
  async signups(principal: Principal, meetingId: number): Promise<Array<{ userId: number; nickname: string | null; phoneMasked: string | null; attended: boolean; signedUpAt: string }>> {
    const { meeting, community } = await this.loadMeeting(this.db.manager, meetingId);
    const grant = requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以查看报名名单');
    const rows = await this.db.manager.find(MeetingSignup, { where: { meetingId: meeting.id }, order: { id: 'ASC' } });
    const users = rows.length ? await this.db.manager.find(User, { where: { id: In(rows.map((r) => r.userId)) } }) : [];
    await inTransaction(this.db, (m) =>
      this.audit
        .record(m, { actorId: principal.userId, actorRole: grant.role, action: 'consult.meeting.view_signups', entityType: 'consult_meeting', entityId: meeting.id, nodeId: community.id, detail: { count: rows.length } })
        .then(() => undefined),
    );
    return rows.map((r) => {
      const u = users.find((x) => x.id === r.userId);
      return { userId: r.userId, nickname: u?.nickname ?? null, phoneMasked: u?.phoneMasked ?? null, attended: r.attended, signedUpAt: r.createdAt.toISOString() };
    });
  }

  /** After the meeting: attendance (signed-up residents present + walk-ins), minutes and photos; a consultation step on each linked need's timeline. */
  async recordMeeting(principal: Principal, meetingId: number, dto: RecordMeetingDto): Promise<MeetingView> {
    const { meeting, community } = await this.loadMeeting(this.db.manager, meetingId);
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
      await this.uploads.link(m, principal.userId, dto.photoIds, 'meeting', meeting.id, community.id);
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'consult.meeting.record',
        entityType: 'consult_meeting',
        entityId: meeting.id,
        nodeId: community.id,
        fromState: 'scheduled',
        toState: 'held',
        detail: { attended: attended.length, walkIns: dto.walkIns ?? 0, photos: dto.photoIds?.length ?? 0 },
      });
      const topic = await m.findOneOrFail(ConsultTopic, { where: { id: meeting.topicId } });
      for (const need of await this.linkedNeeds(m, topic.id)) {
        await this.workflow.recordStep(m, need, 'consultation', { userId: principal.userId, role: grant.role }, {
          action: `召开${MEETING_KIND_LABEL[meeting.kind]}`,
          note: `议题“${topic.title}”，到会 ${attended.length + (dto.walkIns ?? 0)} 人`,
          topicId: topic.id,
          meetingId: meeting.id,
        });
      }
    });
    return this.meetingView(principal, meetingId);
  }

  // ------------------------------------------------------------------------------ votes

  /**
   * One vote per resident of the community, changeable while the window is open. The vote is one
   * upsert on the unique (topic_id, user_id) key — INSERT … ON DUPLICATE KEY UPDATE on MariaDB,
   * INSERT … ON CONFLICT DO UPDATE on SQLite — so two votes of one person at the same moment
   * leave exactly one row.
   */
  async vote(principal: Principal, topicId: number, optionId: number, subscribed?: string[]): Promise<TopicView> {
    await inTransaction(this.db, async (m) => {
      const { topic, community } = await this.loadTopic(m, topicId);
      requireRoleOn(principal, community, ['resident'], `只有${community.name}的居民可以参与投票，请先在“我的”中设置居住地`);
      const now = this.clock.now();
      if (topic.status !== 'open') throw conflict('该议题已形成议定事项，投票已结束');
      if (now < topic.voteStartsAt) throw conflict(`投票尚未开始，开始时间：${beijingMinute(topic.voteStartsAt)}`);
      if (now >= topic.voteEndsAt) throw conflict(`投票已于 ${beijingMinute(topic.voteEndsAt)} 截止，不能再投票或改票`);
      const option = await m.findOne(ConsultOption, { where: { id: optionId, topicId: topic.id } });
      if (!option) throw badRequest('请选择该议题的一个选项', 'optionId');
      const before = await m.findOne(ConsultVote, { where: { topicId: topic.id, userId: principal.userId } });
      await m
        .createQueryBuilder()
        .insert()
        .into(ConsultVote)
        .values({ topicId: topic.id, optionId: option.id, userId: principal.userId, createdAt: now, updatedAt: now })
        .orUpdate(['option_id', 'updated_at'], ['topic_id', 'user_id'])
        .execute();
      await this.notifications.grant(m, principal.userId, subscribed);
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'resident',
        action: before ? 'consult.vote.change' : 'consult.vote',
        entityType: TOPIC_ENTITY,
        entityId: topic.id,
        nodeId: community.id,
        // Which option a person chose stays out of the audit trail (a secret ballot); only that they voted.
      });
    });
    return this.getTopic(principal, topicId);
  }

  /** Hand-counted votes from the meeting, entered by staff per option (replacing earlier figures), before the resolution. */
  async enterOfflineVotes(principal: Principal, topicId: number, dto: OfflineVotesDto): Promise<TopicView> {
    await inTransaction(this.db, async (m) => {
      const { topic, community } = await this.loadTopic(m, topicId);
      const grant = requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以录入现场表决结果');
      if (topic.status !== 'open') throw conflict('该议题已形成议定事项，现场票数不能再修改');
      const options = await m.find(ConsultOption, { where: { topicId: topic.id } });
      const ids = dto.counts.map((c) => c.optionId);
      if (new Set(ids).size !== ids.length) throw badRequest('同一选项只能填写一次', 'counts');
      if (ids.some((id) => !options.some((o) => o.id === id))) throw badRequest('请填写该议题的选项', 'counts');
      if (dto.meetingId !== undefined) {
        const meeting = await m.findOne(ConsultMeeting, { where: { id: dto.meetingId, topicId: topic.id } });
        if (!meeting) throw badRequest('该议事会不属于本议题', 'meetingId');
        if (meeting.attendedCount != null && dto.counts.reduce((s, c) => s + c.count, 0) > meeting.attendedCount) {
          throw badRequest(`现场票数合计超过了到会人数（${meeting.attendedCount} 人），请核对`, 'counts');
        }
      }
      for (const c of dto.counts) await m.update(ConsultOption, { id: c.optionId, topicId: topic.id }, { offlineVotes: c.count });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'consult.vote.offline',
        entityType: TOPIC_ENTITY,
        entityId: topic.id,
        nodeId: community.id,
        detail: {
          meetingId: dto.meetingId,
          before: Object.fromEntries(options.map((o) => [o.id, o.offlineVotes])),
          after: Object.fromEntries(dto.counts.map((c) => [c.optionId, c.count])),
        },
      });
    });
    return this.getTopic(principal, topicId);
  }

  // ------------------------------------------------------------------------------ resolution

  /**
   * Publishes the resolution (议定事项) once voting has closed, with the figures frozen into it,
   * and moves the linked needs on: to a project (they wait for it in 社区协商中 and move when it is
   * created), to resourcing, to direct handling, or closed with the reason given. Reporters and
   * voters are told (inbox + subscribe message).
   */
  async publishResolution(principal: Principal, topicId: number, dto: PublishResolutionDto): Promise<TopicView> {
    const { topic, community } = await this.loadTopic(this.db.manager, topicId);
    requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员或上级管理员可以发布议定事项');
    if (dto.outcome === 'close' && !dto.reason?.trim()) throw badRequest('暂不实施时请说明原因，居民会看到这个原因', 'reason');
    if (this.clock.now() < topic.voteEndsAt) throw conflict(`投票将于 ${beijingMinute(topic.voteEndsAt)} 截止，截止后才能发布议定事项`);
    await this.contentSecurity.assertPublishable(
      [
        { field: 'text', label: '议定事项', text: dto.text },
        { field: 'reason', label: '原因', text: dto.reason ?? '' },
      ],
      principal.openid,
      1,
    );
    await inTransaction(this.db, async (m) => {
      const grant = requireRoleOn(principal, community, MANAGER_ROLES);
      const options = await m.find(ConsultOption, { where: { topicId: topic.id }, order: { sort: 'ASC' } });
      if (dto.adoptedOptionId !== undefined && !options.some((o) => o.id === dto.adoptedOptionId)) throw badRequest('通过的选项不属于该议题', 'adoptedOptionId');
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(ConsultTopic)
        .set({ status: 'resolved', resolvedAt: now, updatedAt: now })
        .where('id = :id AND status = :open', { id: topic.id, open: 'open' })
        .execute();
      if (!res.affected) throw conflict('该议题的议定事项已经发布');
      const figures = await this.figures(m, topic.id, options);
      const resolution = await m.save(
        ConsultResolution,
        m.create(ConsultResolution, {
          topicId: topic.id,
          text: dto.text,
          outcome: dto.outcome,
          adoptedOptionId: dto.adoptedOptionId ?? null,
          figures: JSON.stringify(figures),
          closeReason: dto.outcome === 'close' ? dto.reason!.trim() : null,
          publishedBy: principal.userId,
          publishedAt: now,
        }),
      );
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'consult.resolution.publish',
        entityType: TOPIC_ENTITY,
        entityId: topic.id,
        nodeId: community.id,
        fromState: 'open',
        toState: 'resolved',
        reason: dto.outcome === 'close' ? dto.reason!.trim() : null,
        detail: { resolutionId: resolution.id, outcome: dto.outcome, online: figures.online, offline: figures.offline },
      });

      const actor = this.staffActor(principal, grant);
      const toldByTransition = new Set<number>();
      const stillToTell = new Set<number>();
      const detail = { topicId: topic.id, resolutionId: resolution.id };
      for (const need of await this.linkedNeeds(m, topic.id)) {
        const to = this.outcomeTarget(dto.outcome);
        if (need.status === 'in_consultation' && to) {
          await this.workflow.transition(m, need, to, actor, { reason: dto.outcome === 'close' ? dto.reason!.trim() : null, note: `议定事项：${cut(dto.text, 200)}`, detail });
          for (const id of await this.workflow.concerned(m, need)) toldByTransition.add(id);
        } else {
          await this.workflow.recordStep(m, need, 'consultation', { userId: principal.userId, role: grant.role }, {
            action: `形成议定事项：${RESOLUTION_OUTCOME_LABEL[dto.outcome]}`,
            note: cut(dto.text, 200),
            ...detail,
          });
          for (const id of await this.workflow.concerned(m, need)) stillToTell.add(id);
        }
      }
      const voters = await m.find(ConsultVote, { where: { topicId: topic.id }, select: { userId: true } });
      for (const v of voters) stillToTell.add(v.userId);
      const recipients = [...stillToTell].filter((id) => !toldByTransition.has(id) && id !== principal.userId);
      await this.notifications.notify(m, {
        userIds: recipients,
        title: '议事结果',
        body: `您参与的议题“${cut(topic.title, 16)}”已形成议定事项：${cut(dto.text, 80)}（线上 ${figures.online} 票，现场 ${figures.offline} 票）`,
        page: topicPage(topic.id),
        subscribe: {
          key: 'need_status',
          data: {
            thing1: { value: cut(topic.title, 20) },
            phrase2: { value: '已出结果' },
            time3: { value: beijingMinute(now) },
            thing4: { value: '点击查看议定事项' },
          },
        },
      });
    });
    this.logger.log({ msg: 'resolution published', topicId, outcome: dto.outcome });
    return this.getTopic(principal, topicId);
  }

  // ------------------------------------------------------------------------------ internals

  private outcomeTarget(outcome: ResolutionOutcome): NeedStatus | null {
    switch (outcome) {
      case 'project':
        return null; // moves to in_project when the project is created from the resolution
      case 'resourcing':
        return 'resourcing';
      case 'handle':
        return 'in_progress';
      case 'close':
        return 'closed_infeasible';
    }
  }

  private staffActor(principal: Principal, grant: RoleGrant): NeedActor {
    return { userId: principal.userId, kinds: ['staff'], roles: { staff: grant.role } };
  }

  private votingState(topic: ConsultTopic, now: Date): TopicView['voting'] {
    if (topic.status === 'resolved' || now >= topic.voteEndsAt) return 'closed';
    return now < topic.voteStartsAt ? 'not_started' : 'open';
  }

  /** Online votes counted per option, offline (hand-counted) kept separate. */
  private async figures(m: EntityManager, topicId: number, options: ConsultOption[]): Promise<ResolutionFigures> {
    const rows: Array<{ option_id: unknown; n: unknown }> = await m.query('SELECT option_id, COUNT(*) AS n FROM consult_vote WHERE topic_id = ? GROUP BY option_id', [topicId]);
    const online = new Map(rows.map((r) => [toNum(r.option_id), toNum(r.n)]));
    const list = options.map((o) => {
      const on = online.get(o.id) ?? 0;
      return { optionId: o.id, label: o.label, online: on, offline: o.offlineVotes, total: on + o.offlineVotes };
    });
    const sum = (k: 'online' | 'offline') => list.reduce((s, x) => s + x[k], 0);
    return { options: list, online: sum('online'), offline: sum('offline'), total: sum('online') + sum('offline') };
  }

  async resolutionView(m: EntityManager, r: ConsultResolution, options?: ConsultOption[]): Promise<ResolutionView> {
    const opts = options ?? (await m.find(ConsultOption, { where: { topicId: r.topicId } }));
    const project: Array<{ id: unknown }> = await m.query('SELECT id FROM service_project WHERE resolution_id = ?', [r.id]);
    return {
      id: r.id,
      topicId: r.topicId,
      text: r.text,
      outcome: r.outcome,
      outcomeLabel: RESOLUTION_OUTCOME_LABEL[r.outcome],
      adoptedOptionId: r.adoptedOptionId,
      adoptedOptionLabel: opts.find((o) => o.id === r.adoptedOptionId)?.label ?? null,
      figures: JSON.parse(r.figures) as ResolutionFigures,
      closeReason: r.closeReason,
      publishedAt: r.publishedAt.toISOString(),
      projectId: project.length ? toNum(project[0].id) : null,
    };
  }

  async linkedNeeds(m: EntityManager, topicId: number): Promise<Need[]> {
    const links = await m.find(ConsultTopicNeed, { where: { topicId }, order: { id: 'ASC' } });
    return links.length ? m.find(Need, { where: { id: In(links.map((l) => l.needId)) }, order: { id: 'ASC' } }) : [];
  }

  private async findTopic(m: EntityManager, id: number): Promise<ConsultTopic> {
    const topic = await m.findOne(ConsultTopic, { where: { id } });
    if (!topic) throw notFound('该议题');
    return topic;
  }

  private async loadTopic(m: EntityManager, id: number): Promise<{ topic: ConsultTopic; community: ServiceNode }> {
    const topic = await this.findTopic(m, id);
    return { topic, community: await this.tree.getNode(topic.communityId, m) };
  }

  private async loadMeeting(m: EntityManager, id: number): Promise<{ meeting: ConsultMeeting; topic: ConsultTopic; community: ServiceNode }> {
    const meeting = await m.findOne(ConsultMeeting, { where: { id } });
    if (!meeting) throw notFound('该议事会');
    const { topic, community } = await this.loadTopic(m, meeting.topicId);
    return { meeting, topic, community };
  }

  private async meetingView(principal: Principal | undefined, id: number): Promise<MeetingView> {
    const { meeting, community } = await this.loadMeeting(this.db.manager, id);
    return (await this.meetingViews(this.db.manager, principal, community, [meeting]))[0];
  }

  private async meetingViews(m: EntityManager, principal: Principal | undefined, community: ServiceNode, meetings: ConsultMeeting[]): Promise<MeetingView[]> {
    if (!meetings.length) return [];
    const ids = meetings.map((x) => x.id);
    const photos = await this.uploads.listLinked('meeting', ids, m);
    const member = principal ? principal.roles.some((g) => covers(g, community)) : false;
    const mine = principal ? await m.find(MeetingSignup, { where: { meetingId: In(ids), userId: principal.userId } }) : [];
    return meetings.map((x) => {
      const list = photos.get(x.id) ?? [];
      const own = mine.find((s) => s.meetingId === x.id);
      return {
        id: x.id,
        topicId: x.topicId,
        kind: x.kind,
        kindLabel: MEETING_KIND_LABEL[x.kind],
        startsAt: x.startsAt.toISOString(),
        place: x.place,
        capacity: x.capacity,
        signedUp: x.signedUpCount,
        seatsLeft: Math.max(0, x.capacity - x.signedUpCount),
        agenda: x.agenda,
        status: x.status,
        statusLabel: MEETING_STATUS_LABEL[x.status],
        minutes: x.minutes ? (member ? x.minutes : redactText(x.minutes)) : null,
        attendedCount: x.attendedCount,
        walkInCount: x.walkInCount,
        recordedAt: iso(x.recordedAt),
        photoCount: list.length,
        photos: member ? list : null,
        mySignup: principal ? { signedUp: Boolean(own), attended: own?.attended ?? false } : null,
      };
    });
  }
}
