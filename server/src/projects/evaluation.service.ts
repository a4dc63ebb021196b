import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { conflict, forbidden } from '../common/errors';
import { cut } from '../common/text';
import type { EvalCriterionView, ProjectView } from '../contract/projects';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { orgMemberIds } from '../roles/directory';
import { ContentSecurity } from '../wechat/content-security.service';
import type { EvaluateDto } from './dto/project.dto';
import { activeCriteria, residentRating } from './project-queries';
import { PROJECT_ENTITY, projectPage, projectRelation } from './project-rules';
import { ProjectEvaluation, ServiceProject } from './project.entity';
import { ProjectsService } from './projects.service';
import { scorecard, weightedScore } from './scorecard';

/**
 * The evaluation (评估) of a completed project: a score for every active criterion of the scorecard
 * (rows of eval_criterion), weighted into the total; the scorecard and the residents' ratings at
 * that moment are frozen into project_evaluation.
 */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly db: DataSource,
    private readonly projects: ProjectsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly contentSecurity: ContentSecurity,
    private readonly clock: Clock,
  ) {}

  async criteria(): Promise<EvalCriterionView[]> {
    const rows = await activeCriteria(this.db.manager);
    return rows.map((c) => ({ id: c.id, key: c.key, label: c.label, weight: c.weight, source: c.source }));
  }

  /** The scorecard of a completed project, by covering staff or an admin who neither guided nor implemented it. */
  async evaluate(principal: Principal, id: number, dto: EvaluateDto): Promise<ProjectView> {
    const { project, community } = await this.projects.load(this.db.manager, id);
    const rel = projectRelation(principal, project, community);
    if (!rel.staff) throw forbidden('只有管辖本社区的工作人员或上级管理员可以评估服务项目');
    if (rel.socialWorker || rel.orgMember) throw forbidden('项目的指导社工或实施组织成员不能评估自己参与的项目');
    await this.contentSecurity.assertPublishable([{ field: 'comment', label: '评估意见', text: dto.comment }], principal.openid, 1);
    await inTransaction(this.db, async (m) => {
      const criteria = await activeCriteria(m);
      const rating = await residentRating(m, project.id);
      const scores = scorecard(criteria, dto.scores, rating);
      if (scores.reduce((s, c) => s + (c.score == null ? 0 : c.weight), 0) <= 0) throw conflict('没有可计分的评估指标（权重未设置，或只有尚无居民评价的指标），请联系管理员');
      const total = weightedScore(scores);
      const now = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(ServiceProject)
        .set({ status: 'evaluated', score: total, updatedAt: now })
        .where('id = :id AND status = :completed', { id: project.id, completed: 'completed' })
        .execute();
      if (!res.affected) {
        const fresh = await m.findOneOrFail(ServiceProject, { where: { id: project.id } });
        throw conflict(fresh.status === 'evaluated' ? '该项目已经评估过' : '项目结项后才能评估');
      }
      await m.insert(ProjectEvaluation, {
        projectId: project.id,
        evaluatorId: principal.userId,
        scores: JSON.stringify(scores),
        totalScore: total,
        residentRatingX100: rating.average == null ? null : Math.round(rating.average * 100),
        residentRatingCount: rating.count,
        comment: dto.comment,
        createdAt: now,
      });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: rel.staff!.role,
        action: 'project.evaluate',
        entityType: PROJECT_ENTITY,
        entityId: project.id,
        nodeId: community.id,
        fromState: 'completed',
        toState: 'evaluated',
        detail: { totalScore: total, residentRatings: rating.count },
      });
      const members = await orgMemberIds(m, project.orgId);
      await this.notifications.notify(m, {
        userIds: [project.socialWorkerId, ...members],
        title: '项目评估结果',
        body: `服务项目“${cut(project.title, 20)}”评估得分 ${total} 分`,
        page: projectPage(project.id),
      });
    });
    return this.projects.view(principal, id);
  }
}
