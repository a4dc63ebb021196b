import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fake } from './stubs/taro';
import { listItem, me, ok, on, serve } from './fixtures';
import IndexPage, { needsInProgress } from '../../client/pages/index/index';
import MePage from '../../client/pages/me/index';
import { isElder, pageClass, setElder } from '../../client/store/elder';
import { resetSession } from '../../client/store/session';

/** #17: the resident's home starts with what she came for; 长辈模式 is offered, switched and kept. */
describe('首页 and 长辈模式 (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
    if (isElder()) act(() => setElder(false));
    fake.navigations.length = 0;
  });

  it('puts 我要反映 and my needs in progress before the loop explanation', async () => {
    serve(
      on('GET', '/api/me', () => ok(me())),
      on('GET', '/api/needs/mine', () =>
        ok([
          { ...listItem({ id: 1, title: '楼道灯坏了', status: 'accepted', statusLabel: '已受理' }), relation: 'reporter' },
          { ...listItem({ id: 2, title: '旧事', status: 'rated', statusLabel: '已评价' }), relation: 'reporter' },
        ]),
      ),
    );
    const { container } = render(<IndexPage />);
    await screen.findByText('楼道灯坏了');
    expect(screen.queryByText('旧事')).toBeNull();
    const order = Array.from(container.querySelectorAll('.home-report, .home-mine, .home-loop')).map((e) => ['home-report', 'home-mine', 'home-loop'].find((c) => e.classList.contains(c)));
    expect(order).toEqual(['home-report', 'home-mine', 'home-loop']);
    fireEvent.click(screen.getByText('我要反映'));
    expect(fake.navigations).toContain('navigateTo /resident/pages/report/index');
  });

  it('shows a volunteer the next activity and open tasks first', async () => {
    const soon = new Date(Date.now() + 86_400_000).toISOString();
    serve(
      on('GET', '/api/me', () => ok(me({ roles: [{ role: 'volunteer', roleLabel: '志愿者', nodeId: 3, nodeName: '文昌社区', nodeLevel: 'community' } as never] }))),
      on('GET', '/api/needs/mine', () => ok([])),
      on('GET', /^\/api\/volunteer-activities/, () => ok({ items: [{ id: 5, title: '敬老院陪伴', startsAt: soon, address: '敬老院', status: 'open', mySignup: null }], total: 1 })),
      on('GET', /^\/api\/volunteer-tasks/, () => ok([{ id: 8, title: '帮张奶奶买菜' }])),
    );
    const { container } = render(<IndexPage />);
    await screen.findByText('敬老院陪伴');
    await screen.findByText('待认领的任务：1 个');
    const order = Array.from(container.querySelectorAll('.home-volunteer, .home-report')).map((e) => e.className.split(' ')[0]);
    expect(order).toEqual(['home-volunteer', 'home-report']);
  });

  it('filters my needs to those under way or waiting for my rating', () => {
    const items = ['reported', 'done', 'rated', 'closed_no_feedback', 'in_progress'].map((status, i) => ({ ...listItem({ id: i, status: status as never }), relation: 'reporter' as const }));
    expect(needsInProgress(items).map((n) => n.status)).toEqual(['reported', 'done', 'in_progress']);
  });

  it('offers 长辈模式 on first launch; 不用了 is remembered', async () => {
    serve(on('GET', '/api/me', () => ok(me())), on('GET', '/api/needs/mine', () => ok([])));
    const { container, unmount } = render(<IndexPage />);
    await screen.findByText('字太小看不清？');
    fireEvent.click(screen.getByText('不用了'));
    await waitFor(() => expect(container.querySelector('.home-elder-offer')).toBeNull());
    unmount();
    render(<IndexPage />);
    await screen.findByText('我要反映');
    expect(screen.queryByText('字太小看不清？')).toBeNull();
  });

  it('is switched in 我的, kept on the phone, and marks every page root', async () => {
    serve(on('GET', '/api/me', () => ok(me())), on('GET', /^\/api\/inbox/, () => ok({ count: 0 })));
    const { container } = render(<MePage />);
    await screen.findByText('长辈模式');
    expect(container.querySelector('.page')?.className).not.toContain('elder');
    fireEvent.click(container.querySelector('.me-elder')!);
    expect(isElder()).toBe(true);
    expect(Taro.getStorageSync('elder-mode')).toBe(true);
    expect(fake.navigations).toContain('reLaunch /pages/me/index');
    expect(pageClass('page home')).toBe('page home elder');
    act(() => setElder(false));
    expect(pageClass('page home')).toBe('page home');
  });
});
