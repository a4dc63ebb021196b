import { findTransition, NEED_TRANSITIONS } from '../../../server/src/needs/need-status';
import { SEED_EVAL_CRITERIA } from '../../../server/src/database/migrations/1764200000000-Projects';
import { weightedScore } from '../../../server/src/projects/scorecard';

describe('need moves made by a service project', () => {
  it('lets the implementing organization start handling and finish, and nothing else', () => {
    const byProject = NEED_TRANSITIONS.filter((t) => t.by.includes('project')).map((t) => `${t.from}>${t.to}`);
    expect(byProject.sort()).toEqual(['in_progress>done', 'in_project>done', 'in_project>in_progress']);
    expect(findTransition('in_progress', 'done')?.requires).toEqual(['note']);
    expect(findTransition('accepted', 'in_consultation')?.by).toEqual(['staff']);
    expect(findTransition('in_consultation', 'in_project')?.by).toEqual(['staff']);
    expect(findTransition('in_consultation', 'closed_infeasible')?.requires).toContain('reason');
  });
});

describe(weightedScore.name, () => {
  it('weights each criterion and rounds to a whole point', () => {
    expect(weightedScore([{ score: 90, weight: 20 }, { score: 80, weight: 30 }, { score: 100, weight: 20 }, { score: 70, weight: 15 }, { score: 90, weight: 15 }])).toBe(86);
    expect(weightedScore([{ score: 85, weight: 1 }, { score: 90, weight: 2 }])).toBe(88);
  });
  it('refuses a scorecard without weight', () => {
    expect(() => weightedScore([{ score: 90, weight: 0 }])).toThrow(RangeError);
  });
  it('seeds criteria whose weights add up to 100', () => {
    expect(SEED_EVAL_CRITERIA.reduce((s, [, , w]) => s + w, 0)).toBe(100);
  });
});
