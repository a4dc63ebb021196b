import { badRequest } from '../common/errors';
import { weightedScore } from '../contract/projects';
import type { CriterionScore, EvalCriterion } from './project.entity';

/** The weighted total (contract/projects.ts: the client's evaluation form shows the same number). */
export { weightedScore };

/**
 * The scorecard of an evaluation: one score for every active criterion, no unknown or repeated
 * one, with each criterion's label and weight frozen next to its score.
 */
export function scorecard(criteria: EvalCriterion[], scores: ReadonlyArray<{ criterionId: number; score: number }>): CriterionScore[] {
  const given = new Map<number, number>();
  for (const s of scores) {
    if (given.has(s.criterionId)) throw badRequest('同一指标只能打一次分', 'scores');
    given.set(s.criterionId, s.score);
  }
  const unknown = [...given.keys()].filter((k) => !criteria.some((c) => c.id === k));
  if (unknown.length) throw badRequest('评分中有不存在或已停用的指标，请刷新评估表', 'scores');
  const missing = criteria.filter((c) => !given.has(c.id));
  if (missing.length) throw badRequest(`请为以下指标打分：${missing.map((c) => c.label).join('、')}`, 'scores');
  return criteria.map((c) => ({ criterionId: c.id, key: c.key, label: c.label, weight: c.weight, score: given.get(c.id)! }));
}
