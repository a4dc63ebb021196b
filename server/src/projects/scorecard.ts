import { badRequest } from '../common/errors';
import { residentsScore, weightedScore } from '../contract/projects';
import type { CriterionScore, EvalCriterion } from './project.entity';

/** The weighted total (contract/projects.ts: the client's evaluation form shows the same number). */
export { weightedScore };

/**
 * The scorecard of an evaluation: one typed score for every active criterion the evaluator scores,
 * no unknown or repeated one and none for a residents' criterion (居民满意度 is computed from the
 * residents' ratings: average × 20, with n; none rated → null, 无数据, left out of the total), with
 * each criterion's label, weight and source frozen next to its score.
 */
export function scorecard(
  criteria: EvalCriterion[],
  scores: ReadonlyArray<{ criterionId: number; score: number }>,
  rating: { average: number | null; count: number },
): CriterionScore[] {
  const given = new Map<number, number>();
  for (const s of scores) {
    if (given.has(s.criterionId)) throw badRequest('同一指标只能打一次分', 'scores');
    given.set(s.criterionId, s.score);
  }
  const unknown = [...given.keys()].filter((k) => !criteria.some((c) => c.id === k));
  if (unknown.length) throw badRequest('评分中有不存在或已停用的指标，请刷新评估表', 'scores');
  const computed = criteria.filter((c) => c.source === 'residents' && given.has(c.id));
  if (computed.length) throw badRequest(`${computed.map((c) => c.label).join('、')}由居民评价计算，不能填写分数`, 'scores');
  const missing = criteria.filter((c) => c.source !== 'residents' && !given.has(c.id));
  if (missing.length) throw badRequest(`请为以下指标打分：${missing.map((c) => c.label).join('、')}`, 'scores');
  return criteria.map((c) =>
    c.source === 'residents'
      ? { criterionId: c.id, key: c.key, label: c.label, weight: c.weight, source: 'residents', score: residentsScore(rating), ratings: rating.count }
      : { criterionId: c.id, key: c.key, label: c.label, weight: c.weight, source: 'scored', score: given.get(c.id)! },
  );
}
