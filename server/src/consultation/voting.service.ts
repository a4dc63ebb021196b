import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, conflict } from '../common/errors';
import { cut } from '../common/text';
import { RESOLUTION_OUTCOME_LABEL, type TopicView } from '../contract/consultation';
import { beijingMinute } from '../contract/format';
import { inTransaction } from '../database/transaction';
import { NeedWorkflow } from '../needs/need-workflow.service';
import { NotificationsService } from '../notifications/notifications.service';
import { requireConfirmedResident, requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { ContentSecurity } from '../wechat/content-security.service';
import { linkedNeedsOfTopic, onlineVotesByOption, optionsOfTopic } from './consultation-queries';
import { TOPIC_ENTITY, outcomeTarget, staffActor, tally, topicPage } from './consultation-rules';
import type { OfflineVotesDto, PublishResolutionDto } from './dto/consultation.dto';
import { ConsultMeeting } from './meeting.entity';
import { ConsultOption, ConsultTopic } from './topic.entity';
import { TopicsService } from './topics.service';
import { ConsultResolution, ConsultVote } from './vote.entity';

/**
 * Votes and the resolution: one online vote per resident of the community, hand counts from the
 * meeting, and the published resolution (议定事项) that freezes the figures and moves the linked
 * needs on through NeedWorkflow. Which option a person chose never enters the audit trail.
 */
@Injectable()
export class VotingService {
  private readonly logger = new Logger(VotingService.name);

  constructor(
    private readonly db: DataSource,
    private readonly topics: TopicsService,
    private readonly workflow: NeedWorkflow,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly contentSecurity: ContentSecurity,
    private readonly clock: Clock,
  ) {}

  /**
   * One vote per resident of the community, changeable while the window is open. The vote is one
   * upsert on the unique (topic_id, user_id) key — INSERT … ON DUPLICATE KEY UPDATE on MariaDB,
   * INSERT … ON CONFLICT DO UPDATE on SQLite — so two votes of one person at the same moment
   * leave exactly one row.
   */
  async vote(principal: Principal, topicId: number, optionId: number, subscribed?: string[]): Promise<TopicView> {
    await inTransaction(this.db, async (m) => {
      const { topic, community } = await this.topics.load(m, topicId);
      requireConfirmedResident(principal, community, '参与投票');
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
    return this.topics.get(principal, topicId);
  }

  /** Hand-counted votes from the meeting, entered by staff per option (replacing earlier figures), before the resolution. */
  async enterOfflineVotes(principal: Principal, topicId: number, dto: OfflineVotesDto): Promise<TopicView> {
    await inTransaction(this.db, async (m) => {
      const { topic, community } = await this.topics.load(m, topicId);
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
    return this.topics.get(principal, topicId);
  }

  /**
   * Publishes the resolution (议定事项) once voting has closed, with the figures frozen into it,
   * and moves the linked needs on: to a project (they wait for it in 社区协商中 and move when it is
   * created), to resourcing, to direct handling, or closed with the reason given. Reporters and
   * voters are told (inbox + subscribe message).
   */
  async publishResolution(principal: Principal, topicId: number, dto: PublishResolutionDto): Promise<TopicView> {
    const { topic, community } = await this.topics.load(this.db.manager, topicId);
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
      const options = await optionsOfTopic(m, topic.id);
      if (dto.adoptedOptionId !== undefined && !options.some((o) => o.id === dto.adoptedOptionId)) throw badRequest('通过的选项不属于该议题', 'adoptedOptionId');
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(ConsultTopic)
        .set({ status: 'resolved', resolvedAt: now, updatedAt: now })
        .where('id = :id AND status = :open', { id: topic.id, open: 'open' })
        .execute();
      if (!res.affected) throw conflict('该议题的议定事项已经发布');
      const figures = tally(options, await onlineVotesByOption(m, topic.id));
      const reason = dto.outcome === 'close' ? dto.reason!.trim() : null;
      const resolution = await m.save(
        ConsultResolution,
        m.create(ConsultResolution, {
          topicId: topic.id,
          text: dto.text,
          outcome: dto.outcome,
          adoptedOptionId: dto.adoptedOptionId ?? null,
          figures: JSON.stringify(figures),
          closeReason: reason,
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
        reason,
        detail: { resolutionId: resolution.id, outcome: dto.outcome, online: figures.online, offline: figures.offline },
      });

      const actor = staffActor(principal, grant);
      const toldByTransition = new Set<number>();
      const stillToTell = new Set<number>();
      const detail = { topicId: topic.id, resolutionId: resolution.id };
      for (const need of await linkedNeedsOfTopic(m, topic.id)) {
        const to = outcomeTarget(dto.outcome);
        if (need.status === 'in_consultation' && to) {
          await this.workflow.transition(m, need, to, actor, { reason, note: `议定事项：${cut(dto.text, 200)}`, detail });
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
    return this.topics.get(principal, topicId);
  }
}
