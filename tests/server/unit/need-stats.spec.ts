import { needStats, quantileHours, rate } from '../../../server/src/stats/need-stats';

/** The pure half of the needs statistics (#12): the database counts, this combines. */
describe('needs statistics from the aggregates', () => {
  it('takes quantiles from a histogram by nearest rank, exact in a bucket of one value, placed linearly in a wider one', () => {
    expect(quantileHours([], 0.5)).toBeNull();
    // 1 h ×3, 2.5 h ×1, 80 h ×1: five needs; the median is the 3rd (1 h), the 90th percentile the 5th (80 h).
    const hist = [{ lo: 80, hi: 80, count: 1 }, { lo: 1, hi: 1, count: 3 }, { lo: 2.5, hi: 2.5, count: 1 }];
    expect(quantileHours(hist, 0.5)).toBe(1);
    expect(quantileHours(hist, 0.8)).toBe(2.5);
    expect(quantileHours(hist, 0.9)).toBe(80);
    // Five needs between 76 h and 80 h in one bucket: the 3rd of them sits halfway.
    expect(quantileHours([{ lo: 76, hi: 80, count: 5 }], 0.5)).toBe(78);
    expect(rate(1, 3)).toEqual({ numerator: 1, denominator: 3, percent: 33.3 });
    expect(rate(0, 0).percent).toBeNull();
  });

  it('adds up the groups of the subtree or of one child', () => {
    const g = (child: number, status: 'rated' | 'reported' | 'closed_no_feedback', n: number, extra: Partial<Record<'responded' | 'accepted' | 'done' | 'rated' | 'satisfied', number>> = {}) => ({
      child, categoryId: 5, status, reported: n, responded: 0, accepted: 0, done: 0, reopened: 0, rated: 0, satisfied: 0, dissatisfiedTwice: 0, ...extra,
    });
    const groups = [g(3, 'rated', 2, { responded: 2, accepted: 2, done: 2, rated: 2, satisfied: 1 }), g(4, 'reported', 1), g(4, 'closed_no_feedback', 1, { accepted: 1, responded: 1 })];
    const all = needStats(groups, [], new Map([[5, '环境设施']]));
    expect(all).toMatchObject({ reported: 4, accepted: 3, done: 2, closedNoFeedback: 1, responseRate: { numerator: 3, denominator: 4 }, satisfactionRate: { numerator: 1, denominator: 2 } });
    expect(all.byCategory).toEqual([{ key: '5', label: '环境设施', count: 4 }]);
    const four = needStats(groups, [], new Map(), (c) => c === 4);
    expect(four).toMatchObject({ reported: 2, resolutionRate: { numerator: 0, denominator: 1, percent: 0 }, satisfactionRate: { percent: null } });
    expect(four.byStatus.map((s) => s.key)).toEqual(['reported', 'closed_no_feedback']);
  });
});
