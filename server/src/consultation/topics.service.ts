import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, conflict } from '../common/errors';
import { cut } from '../common/text';
import type { TopicListItem, TopicView } from '../contract/consultation';
import { inTransaction } from '../database/transaction';
import { NEED_STATUS_LABEL } from '../needs/need-status';
import { NeedWorkflow } from '../needs/need-workflow.service';
import { Need } from '../needs/need.entity';
import { requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import type { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { ContentSecurity } from '../wechat/content-security.service';
import { findTopic, findTopicListRows } from './consultation-queries';
import { MAX_VOTE_WINDOW_MS, TOPIC_ENTITY, staffActor } from './consultation-rules';
import { ConsultationViews, toTopicListItem } from './consultation-views';
import type { CreateTopicDto } from './dto/consultation.dto';
import { ConsultOption, ConsultTopic, ConsultTopicNeed } from './topic.entity';

/**
 * Consultation topics (议题): opened by staff of a community, from accepted needs or on their own
 * initiative, with 2–10 options and a voting window; read by anyone. Opening one moves its needs
 * accepted → in_consultation through NeedWorkflow, in the same transaction.
 */
@Injectable()
export class TopicsService {
  private readonly logger = new Logger(TopicsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly workflow: NeedWorkflow,
    private readonly views: ConsultationViews,
    private readonly audit: AuditService,
    private readonly contentSecurity: ContentSecurity,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, dto: CreateTopicDto): Promise<TopicView> {
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
    if (endsAt.getTime() - startsAt.getTime() > MAX_VOTE_WINDOW_MS) throw badRequest('投票时间最长 60 天', 'voteEndsAt');
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
      const actor = staffActor(principal, grant);
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
    return this.get(principal, id);
  }

  /**
   * A community's topics, newest first. Public: topics are community matters, not personal data.
   * One SELECT (counts and next meeting as subqueries); the community is looked up only when it has
   * no topic, to tell an empty list from a 404.
   */
  async list(communityId: number): Promise<TopicListItem[]> {
    const now = this.clock.now();
    const rows = await findTopicListRows(this.db.manager, communityId, now);
    if (!rows.length) {
      await this.tree.getNode(communityId);
      return [];
    }
    return rows.map((r) => toTopicListItem(r.topic, r.needCount, r.meetingCount, r.nextMeetingAt, now));
  }

  /** One topic: anyone may read it; results only once the voting window has closed. */
  get(principal: Principal | undefined, id: number): Promise<TopicView> {
    return this.views.topic(principal, id);
  }

  /** A topic and its community, for the services that act on it. */
  async load(m: EntityManager, id: number): Promise<{ topic: ConsultTopic; community: ServiceNode }> {
    const topic = await findTopic(m, id);
    return { topic, community: await this.tree.getNode(topic.communityId, m) };
  }
}
