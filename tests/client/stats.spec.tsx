import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fake } from './stubs/taro';
import { gets, me, ok, on, role, serve } from './fixtures';
import StatsPage, { periodDays, rateText, statsNodes } from '../../client/stats/pages/index/index';
import type { NeedStatsView, NodeStatsView } from '../../server/src/contract/stats';
import { resetSession } from '../../client/store/session';

function needs(over: Partial<NeedStatsView> = {}): NeedStatsView {
  return {
    reported: 4,
    accepted: 2,
    done: 2,
    reopened: 0,
    closedNoFeedback: 1,
    dissatisfiedTwice: 1,
    byStatus: [{ key: 'rated', label: '已评价', count: 2 }, { key: 'reported', label: '待受理', count: 2 }],
    byCategory: [{ key: '5', label: '环境设施', count: 4 }],
    responseRate: { numerator: 2, denominator: 4, percent: 50 },
    resolutionRate: { numerator: 2, denominator: 2, percent: 100 },
    satisfactionRate: { numerator: 1, denominator: 2, percent: 50 },
    acceptHours: { median: 1, p90: 80 },
    doneHours: { median: 30, p90: 81 },
    ...over,
  };
}

const admin = me({ id: 30, nickname: '黄卫东', residence: null, roles: [role({ id: 9, role: 'admin', roleLabel: '管理员', nodeId: 2, nodeName: '古南街道', nodeLevel: 'street', nodeLevelLabel: '街道' })], workbench: true, manager: true });

describe('统计台账 (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  it('works out the Beijing days of 本月, 上月 and 本年', () => {
    const now = new Date('2026-12-03T20:00:00Z'); // 12-04 04:00 in Beijing
    expect(periodDays('month', now)).toEqual({ from: '2026-12-01', to: '2026-12-04' });
    expect(periodDays('last', now)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodDays('year', now)).toEqual({ from: '2026-01-01', to: '2026-12-04' });
    expect(periodDays('quarter', now)).toEqual({ from: '2026-10-01', to: '2026-12-04' });
    expect(periodDays('quarter', new Date('2026-03-31T15:59:00Z'))).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodDays('custom', now, { from: '2026-06-01', to: '2026-06-30' })).toEqual({ from: '2026-06-01', to: '2026-06-30' });
    expect(periodDays('last', new Date('2026-01-10T00:00:00Z'))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(rateText({ numerator: 0, denominator: 0, percent: null })).toBe('暂无');
    expect(statsNodes(me({ roles: [role(), role({ id: 2, role: 'staff' })] }))).toEqual([{ nodeId: 3, nodeName: '文昌社区' }]);
  });

  const subtree = (over: Partial<NodeStatsView['children'][number]> & { node: NodeStatsView['node'] }): NodeStatsView['children'][number] => ({
    needs: needs(),
    volunteers: { registered: 3, active: 12, activitiesHeld: 4, confirmedHours: 56.5, tasksDone: 2 },
    loop: { topics: 1, votes: 40, meetingsHeld: 1, meetingParticipants: 23, resolutions: 1, projectsStarted: 1, projectsCompleted: 0, projectBudgetFen: 8_000_000, projectFundedFen: 300_000, peopleServed: 36, averageScore: null },
    charity: { incomeFen: 710_000, spendingFen: 150_000, inKindDonations: 3, wishesPublished: 6, wishesClaimed: 5, wishesClaimedByPartyMembers: 2, wishesDelivered: 4 },
    overdue: { late: 0, red: 0 },
    ...over,
  });

  it('shows a street admin the three rates with fractions and each community side by side, the latest first; 上月 and 本季度 ask again', async () => {
    const view: NodeStatsView = {
      ...subtree({ node: { id: 2, name: '古南街道', level: 'street' }, overdue: { late: 3, red: 1 } }),
      from: '2026-12-01',
      to: '2026-12-04',
      responseHours: { critical: 2, urgent: 24, normal: 72 },
      progressDays: 7,
      children: [
        subtree({ node: { id: 3, name: '文昌社区', level: 'community' }, needs: needs({ reported: 3, responseRate: { numerator: 1, denominator: 3, percent: 33.3 } }), overdue: { late: 1, red: 0 } }),
        subtree({ node: { id: 4, name: '清河社区', level: 'community' }, needs: needs({ reported: 1, resolutionRate: { numerator: 0, denominator: 0, percent: null } }), overdue: { late: 2, red: 1 } }),
      ],
      trend: [
        { month: '2026-07', reported: 0, done: 0 },
        { month: '2026-08', reported: 2, done: 1 },
        { month: '2026-09', reported: 5, done: 4 },
        { month: '2026-10', reported: 3, done: 3 },
        { month: '2026-11', reported: 6, done: 2 },
        { month: '2026-12', reported: 4, done: 2 },
      ],
    };
    const child = { ...view, ...view.children[1], children: [] };
    serve(
      on('GET', '/api/me', () => ok(admin)),
      on('GET', /^\/api\/stats\/nodes\/2\?/, () => ok(view)),
      on('GET', /^\/api\/stats\/nodes\/4\?/, () => ok(child)),
      on('GET', /^\/api\/stats\/nodes\/2\/ledgers\//, () => ok({})),
    );
    const { container } = render(<StatsPage />);
    await screen.findByText('下辖各单位（超时多的在前）');
    expect(container.querySelector('.st-rate__value')?.textContent).toBe('50%');
    expect(screen.getByText('2 / 4')).toBeTruthy();
    expect(container.querySelector('.st-overdue')?.textContent).toBe('现在超时未办 3 件，其中严重超时 1 件');
    // Sorted by overdue: 清河 (2, one red) before 文昌 (1).
    const rows = container.querySelectorAll('.st-child');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('清河社区');
    expect(rows[0].querySelector('.st-table__cell--red')?.textContent).toBe('2·红1');
    expect(rows[0].textContent).toContain('暂无');
    expect(rows[1].textContent).toContain('文昌社区');
    expect(rows[1].textContent).toContain('33.3%');
    expect(screen.getByText(/超期未评价关闭 1 件，不计入满意；重新办理后仍不满意 1 件/)).toBeTruthy();
    // The trend: one column pair per month, the figures written above the bars.
    const months = container.querySelectorAll('.st-trend__month');
    expect(Array.from(months).map((m) => m.querySelector('.st-trend__label')?.textContent)).toEqual(['7月', '8月', '9月', '10月', '11月', '12月']);
    expect(months[4].textContent).toContain('6');
    expect((months[4].querySelector('.st-trend__bar--reported') as HTMLElement).style.height).toBe('100%');
    expect(container.querySelector('.st-volunteers')?.textContent).toContain('56.5 小时');
    expect(container.querySelector('.st-charity')?.textContent).toContain('¥7,100.00');
    expect(container.querySelector('.st-charity')?.textContent).toContain('实物捐赠 3 笔');
    expect(container.querySelector('.st-charity')?.textContent).toContain('党员认领 2 个');
    expect(container.querySelector('.st-loop')?.textContent).toContain('线上投票 40 人次，议事会 1 场（到会 23 人次）');
    expect(container.querySelector('.st-loop')?.textContent).toContain('服务 36 人次');
    expect(container.querySelector('.st-loop')?.textContent).toContain('慈善资金拨付项目 ¥3,000.00');
    // Five 台账; each comes down with the token; H5 then offers the file as a link.
    expect(container.querySelectorAll('.st-ledger__download')).toHaveLength(5);
    fireEvent.click(container.querySelector('.st-ledger--fund .st-ledger__download')!);
    await screen.findByText('打开慈善资金台账 ›');
    expect(fake.downloads.map((d) => d.url)).toEqual([expect.stringMatching(/\/api\/stats\/nodes\/2\/ledgers\/fund\.xlsx\?from=\d{4}-\d{2}-01&to=/)]);
    fireEvent.click(container.querySelector('.st-period-last')!);
    await waitFor(() => expect(gets(/^\/api\/stats\/nodes\/2\?from=\d{4}-\d{2}-01&to=/)).toHaveLength(2));
    fireEvent.click(container.querySelector('.st-period-quarter')!);
    const quarter = periodDays('quarter');
    await waitFor(() => expect(gets(new RegExp(`^/api/stats/nodes/2\\?from=${quarter.from}&to=${quarter.to}$`)).length).toBeGreaterThanOrEqual(1));
    // A row opens that community's own figures; a link goes back up.
    fireEvent.click(rows[0]);
    await waitFor(() => expect(gets(/^\/api\/stats\/nodes\/4\?/)).toHaveLength(1));
    fireEvent.click(await screen.findByText('‹ 返回古南街道'));
    await waitFor(() => expect(container.querySelectorAll('.st-child')).toHaveLength(2));
  });
});
