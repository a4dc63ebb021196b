import type { CriterionScore } from './project.entity';

/** The weighted total of a scorecard, 0–100, rounded to the nearest point; weights need not add up to 100. */
export function weightedScore(scores: ReadonlyArray<Pick<CriterionScore, 'score' | 'weight'>>): number {
  const weights = scores.reduce((s, x) => s + x.weight, 0);
  if (weights <= 0) throw new RangeError('scorecard weights must add up to more than 0');
  return Math.round(scores.reduce((s, x) => s + x.score * x.weight, 0) / weights);
}
