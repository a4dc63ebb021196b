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
    expect(periodDays('last', new Date('2026-01-10T00:00:00Z'))).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(rateText({ numerator: 0, denominator: 0, percent: null })).toBe('暂无');
    expect(statsNodes(me({ roles: [role(), role({ id: 2, role: 'staff' })] }))).toEqual([{ nodeId: 3, nodeName: '文昌社区' }]);
  });

  it('shows a street admin the three rates with fractions and each community side by side; 上月 asks again', async () => {
    const view: NodeStatsView = {
      node: { id: 2, name: '古南街道', level: 'street' },
      from: '2026-12-01',
      to: '2026-12-04',
      responseHours: { critical: 2, urgent: 24, normal: 72 },
      needs: needs(),
      volunteers: { registered: 3, active: 12, activitiesHeld: 4, confirmedHours: 56.5, tasksDone: 2 },
      loop: { topics: 1, meetingsHeld: 1, meetingParticipants: 23, resolutions: 1, projectsStarted: 1, projectsCompleted: 0, projectBudgetFen: 8_000_000, peopleServed: 36, averageScore: null },
      charity: { incomeFen: 710_000, spendingFen: 150_000, wishesPublished: 6, wishesClaimed: 5, wishesClaimedByPartyMembers: 2, wishesDelivered: 4 },
      children: [
        { node: { id: 3, name: '文昌社区', level: 'community' }, needs: needs({ reported: 3, responseRate: { numerator: 1, denominator: 3, percent: 33.3 } }) },
        { node: { id: 4, name: '清河社区', level: 'community' }, needs: needs({ reported: 1, resolutionRate: { numerator: 0, denominator: 0, percent: null } }) },
      ],
    };
    serve(on('GET', '/api/me', () => ok(admin)), on('GET', /^\/api\/stats\/nodes\/2\?/, () => ok(view)), on('GET', /^\/api\/stats\/nodes\/2\/ledgers\/needs\.xlsx/, () => ok({})));
    const { container } = render(<StatsPage />);
    await screen.findByText('下辖各单位');
    expect(container.querySelector('.st-rate__value')?.textContent).toBe('50%');
    expect(screen.getByText('2 / 4')).toBeTruthy();
    const rows = container.querySelectorAll('.st-child');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('文昌社区');
    expect(rows[0].textContent).toContain('33.3%');
    expect(rows[1].textContent).toContain('暂无');
    expect(screen.getByText(/超期未评价关闭 1 件，不计入满意/)).toBeTruthy();
    expect(container.querySelector('.st-volunteers')?.textContent).toContain('56.5 小时');
    expect(container.querySelector('.st-charity')?.textContent).toContain('¥7,100.00');
    expect(container.querySelector('.st-charity')?.textContent).toContain('党员认领 2 个');
    expect(container.querySelector('.st-loop')?.textContent).toContain('议事会 1 场（到会 23 人次）');
    expect(container.querySelector('.st-loop')?.textContent).toContain('服务 36 人次');
    // The 台账 comes down with the token; H5 then offers the file as a link.
    fireEvent.click(screen.getByText('导出需求台账'));
    await screen.findByText('打开台账文件 ›');
    expect(fake.downloads.map((d) => d.url)).toEqual([expect.stringMatching(/\/api\/stats\/nodes\/2\/ledgers\/needs\.xlsx\?from=\d{4}-\d{2}-01&to=/)]);
    fireEvent.click(container.querySelector('.st-period-last')!);
    await waitFor(() => expect(gets(/^\/api\/stats\/nodes\/2\?from=\d{4}-\d{2}-01&to=/)).toHaveLength(2));
  });
});
