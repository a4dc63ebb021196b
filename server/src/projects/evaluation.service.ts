import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/db-errors';
import { badRequest, conflict, forbidden } from '../common/errors';
import { cut } from '../common/text';
import { criteriaSetProblem, type EvalCriterionView, type ProjectView, type ReviseCriteriaInput } from '../contract/projects';
import { MANAGER_ROLES } from '../roles/role';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { orgMemberIds } from '../roles/directory';
import { ContentSecurity } from '../wechat/content-security.service';
import type { EvaluateDto } from './dto/project.dto';
import { activeCriteria, residentRating } from './project-queries';
import { PROJECT_ENTITY, projectPage, projectRelation } from './project-rules';
import { EvalCriterion, ProjectEvaluation, ServiceProject } from './project.entity';
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
    return rows.map((c) => ({ id: c.id, key: c.key, label: c.label, weight: c.weight, source: c.source, version: c.version }));
  }

  /**
   * A district's staff or admin revise the evaluation criteria (评估指标和权重): the whole set at
   * once, weights adding up to 100. The current rows are never edited — they are deactivated and
   * the set is inserted again as the next version — so an evaluation already given keeps the
   * labels and weights it was scored with (frozen in its scorecard) and names its version.
   * An unchanged set makes no new version.
   */
  async reviseCriteria(principal: Principal, input: ReviseCriteriaInput): Promise<EvalCriterionView[]> {
    const grant = principal.roles.find((r) => MANAGER_ROLES.includes(r.role) && r.nodeLevel === 'district');
    if (!grant) throw forbidden('评估指标全区统一，只有区县的工作人员或管理员可以修改');
    const items = input.criteria.map((c) => ({ ...c, label: c.label.trim() }));
    const problem = criteriaSetProblem(items);
    if (problem) throw badRequest(problem, 'criteria');
    await inTransaction(this.db, async (m) => {
      const current = await activeCriteria(m);
      const known = new Set(current.map((c) => c.key));
      for (const [i, c] of items.entries()) if (c.key && !known.has(c.key)) throw badRequest('要修改的指标已不是当前版本，请刷新后再改', `criteria.${i}.key`);
      const same =
        current.length === items.length &&
        current.every((c, i) => c.key === items[i].key && c.label === items[i].label && c.weight === items[i].weight && c.source === items[i].source);
      if (same) return;
      const [{ v }] = await m.query('SELECT MAX(version) AS v FROM eval_criterion');
      const version = Number(v ?? 0) + 1;
      await m.update(EvalCriterion, { active: true }, { active: false });
      try {
        for (const [i, c] of items.entries()) {
          await m.insert(EvalCriterion, { key: c.key ?? `v${version}-${i + 1}`, label: c.label, weight: c.weight, sort: i, active: true, source: c.source, version });
        }
      } catch (err) {
        // Two revisions at once: the second finds its version taken.
        if (isUniqueViolation(err)) throw conflict('评估指标刚刚被他人修改，请刷新后再改');
        throw err;
      }
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'eval_criteria.revise',
        entityType: 'eval_criteria',
        entityId: version,
        nodeId: grant.nodeId,
        detail: { from: current.map((c) => `${c.label}:${c.weight}`), to: items.map((c) => `${c.label}:${c.weight}`) },
      });
    });
    return this.criteria();
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
        criteriaVersion: criteria[0]?.version ?? null,
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
