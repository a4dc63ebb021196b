import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fake } from './stubs/taro';
import { fail, me, ok, role } from './fixtures';
import MePage from '../../client/pages/me/index';
import IndexPage, { LOOP_STEPS } from '../../client/pages/index/index';
import LoginPage from '../../client/pages/login/index';
import { safeRedirect } from '../../client/utils/nav';
import CommunityPage, { moveNotice } from '../../client/resident/pages/community/index';
import WorkbenchPage from '../../client/workbench/pages/index/index';
import { RoleList } from '../../client/components/RoleList';
import { resetSession, setMe } from '../../client/store/session';
import type { MeView } from '@contract/users';

function serve(view: MeView) {
  Taro.setStorageSync('token', 't-1');
  fake.setHandler((req) => (req.url.endsWith('/api/me') ? ok(view) : fail(404, 'NOT_FOUND', '没有找到')));
}

const staff = me({
  nickname: '李娜',
  residence: null,
  roles: [role({ id: 9, role: 'staff', roleLabel: '社区工作人员' })],
  workbench: true,
  manager: true,
});

describe('pages', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  describe('RoleList', () => {
    it('shows each role with its label, node and level', () => {
      const { container } = render(
        <RoleList
          roles={[
            role(),
            role({ id: 2, role: 'org_member', roleLabel: '社会组织成员', orgId: 4, orgName: '文昌社区邻里互助会' }),
            role({ id: 3, role: 'admin', roleLabel: '管理员', nodeName: '古南街道', nodeLevel: 'street', nodeLevelLabel: '街道' }),
          ]}
        />,
      );
      const items = Array.from(container.querySelectorAll('.role-item')).map((el) => el.textContent);
      expect(items).toEqual(['居民文昌社区社区', '社会组织成员文昌社区社区 · 文昌社区邻里互助会', '管理员古南街道街道']);
    });

    it('says so when there are no roles', () => {
      render(<RoleList roles={[]} />);
      expect(screen.getByText('暂无身份')).toBeTruthy();
    });
  });

  describe('我的 (me page)', () => {
    it('shows a resident their nickname, masked phone, residence and roles, and no workbench entry', async () => {
      serve(me());
      const { container } = render(<MePage />);

      await screen.findByText('王秀英');
      expect(container.querySelector('.me-nickname')?.textContent).toBe('王秀英');
      expect(container.querySelector('.me-phone')?.textContent).toBe('手机号 138****1001');
      expect(screen.getByText('文昌社区', { selector: '.me-residence .menu-item__title' })).toBeTruthy();
      expect(container.querySelector('.me-roles')?.textContent).toContain('居民');
      expect(container.querySelector('.workbench-entry')).toBeNull();
      // On H5 the phone cannot be bound: the page says where it works instead.
      expect(container.querySelector('.me-bind-phone')).toBeNull();
    });

    it('explains phone binding happens in WeChat when no phone is bound (H5)', async () => {
      serve(me({ phoneMasked: null }));
      const { container } = render(<MePage />);
      await screen.findByText('尚未绑定手机号');
      expect(container.querySelector('.me-bind-hint')?.textContent).toContain('微信');
    });

    it('shows the workbench entry to staff and opens the subpackage page', async () => {
      serve(staff);
      const { container } = render(<MePage />);

      await screen.findByText('李娜');
      const entry = container.querySelector('.workbench-entry');
      expect(entry).not.toBeNull();
      fireEvent.click(entry!);
      expect(fake.navigations).toContain('navigateTo /workbench/pages/index/index');
      expect(container.querySelector('.me-roles')?.textContent).toContain('社区工作人员');
    });
  });

  describe('首页 (home page)', () => {
    it('shows the community name and the whole loop', async () => {
      serve(me());
      const { container } = render(<IndexPage />);
      await waitFor(() => expect(container.querySelector('.home-community')?.textContent).toBe('文昌社区'));
      expect(Array.from(container.querySelectorAll('.loop-step__title')).map((e) => e.textContent)).toEqual(LOOP_STEPS.map((s) => s.title));
      expect(LOOP_STEPS.map((s) => s.title)).toEqual(['居民需求', '社区协商', '慈善资源保障', '社会组织实施', '社工指导', '志愿者参与', '居民监督和反馈']);
      expect(fake.navigations).toEqual([]);
    });

    it('sends a new resident without a residence to the community picker, once', async () => {
      serve(me({ residence: null }));
      render(<IndexPage />);
      await waitFor(() => expect(fake.navigations).toEqual(['navigateTo /resident/pages/community/index']));
    });

    it('does not send staff (workbench role, no residence) to the community picker', async () => {
      serve(staff);
      const { container } = render(<IndexPage />);
      await waitFor(() => expect(container.querySelector('.home-community')?.textContent).toBe('文昌社区'));
      expect(fake.navigations).toEqual([]);
    });

    it('sends H5 visitors without an account to the login page', async () => {
      render(<IndexPage />);
      await waitFor(() => expect(fake.navigations).toEqual(['navigateTo /pages/login/index']));
    });

    it('sends a visitor of a shared page to login with the way back to that page', async () => {
      fake.path = '/volunteer/pages/activity/index';
      fake.params = { id: '5' };
      render(<IndexPage />);
      await waitFor(() => expect(fake.navigations).toEqual([`navigateTo /pages/login/index?redirect=${encodeURIComponent('/volunteer/pages/activity/index?id=5')}`]));
    });
  });

  describe('选择社区 (changing one’s community)', () => {
    const TREE = [{ id: 1, name: '綦江区', level: 'district', children: [{ id: 2, name: '古南街道', level: 'street', children: [{ id: 3, name: '文昌社区', level: 'community', children: [] }, { id: 4, name: '清河社区', level: 'community', children: [] }] }] }];

    it('says what stays with the old community', () => {
      const text = moveNotice({ communityId: 3, communityName: '文昌社区' }, '清河社区', [role(), role({ id: 2, role: 'volunteer', roleLabel: '志愿者' })]);
      expect(text).toContain('楼栋和单元需要重新填写');
      expect(text).toContain('在文昌社区反映过的需求仍由文昌社区办理');
      expect(text).toContain('您的志愿者登记留在批准它的文昌社区');
    });

    it('clears the old building and unit, asks before moving, and saves only when confirmed', async () => {
      act(() => setMe(me({ roles: [role(), role({ id: 2, role: 'volunteer', roleLabel: '志愿者' })] })));
      Taro.setStorageSync('token', 'tk');
      let saved: unknown = null;
      fake.setHandler((req) => {
        if (req.url.endsWith('/api/nodes/tree')) return ok(TREE);
        if (req.url.endsWith('/api/me/residence')) {
          saved = req.data;
          return ok(me({ residence: { communityId: 4, communityName: '清河社区', streetName: '古南街道', districtName: '綦江区', building: '5栋', unit: '1单元', status: 'applicant', statusLabel: '待社区确认', returnReason: null } }));
        }
        return fail(404, 'NOT_FOUND', '没有找到');
      });
      const { container } = render(<CommunityPage />);
      fireEvent.click(await screen.findByText('清河社区'));
      expect((container.querySelector('.community-building') as HTMLInputElement).value).toBe('');
      expect(screen.getByText(/志愿者登记等身份留在批准它的社区/)).toBeTruthy();
      fireEvent.change(container.querySelector('.community-building')!, { target: { value: '5栋' } });
      fireEvent.change(container.querySelector('.community-unit')!, { target: { value: '1单元' } });

      fake.confirm = false;
      fireEvent.click(screen.getByText('保存'));
      await waitFor(() => expect(fake.modals).toHaveLength(1));
      expect(fake.modals[0]).toMatchObject({ title: '更换社区' });
      expect(fake.modals[0].content).toContain('您的志愿者登记留在批准它的文昌社区');
      expect(saved).toBeNull();

      fake.confirm = true;
      fireEvent.click(screen.getByText('保存'));
      await waitFor(() => expect(saved).toEqual({ communityId: 4, building: '5栋', unit: '1单元' }));
    });
  });

  describe('登录 (H5 demo login)', () => {
    it('lists the demo accounts as buttons and logs in with the chosen one', async () => {
      fake.setHandler((req) => {
        if (req.url.endsWith('/api/auth/demo-accounts'))
          return ok([
            { account: 'wenchang-resident', nickname: '王秀英', description: '文昌社区 · 居民' },
            { account: 'wenchang-staff', nickname: '李娜', description: '文昌社区 · 社区工作人员' },
          ]);
        if (req.url.endsWith('/api/auth/dev-login')) return ok({ token: 'tk', expiresIn: 3600, isNew: false, me: me() });
        return fail(404, 'NOT_FOUND', '没有找到');
      });
      const { container } = render(<LoginPage />);
      await screen.findByText('李娜');
      const buttons = container.querySelectorAll('.demo-account');
      expect(Array.from(buttons).map((b) => b.getAttribute('data-account'))).toEqual(['wenchang-resident', 'wenchang-staff']);

      fireEvent.click(buttons[0]);
      await waitFor(() => expect(fake.navigations).toEqual(['reLaunch /pages/index/index']));
      expect(fake.requests.find((r) => r.url.endsWith('/dev-login'))?.data).toEqual({ account: 'wenchang-resident' });
      expect(Taro.getStorageSync('token')).toBe('tk');
    });

    it('returns to the page a shared link pointed to, and only to a page of this app', async () => {
      fake.setHandler((req) => {
        if (req.url.endsWith('/api/auth/demo-accounts')) return ok([{ account: 'wenchang-resident', nickname: '王秀英', description: '文昌社区 · 居民' }]);
        if (req.url.endsWith('/api/auth/dev-login')) return ok({ token: 'tk', expiresIn: 3600, isNew: false, me: me() });
        return fail(404, 'NOT_FOUND', '没有找到');
      });
      fake.params = { redirect: encodeURIComponent('/charity/pages/wish/index?id=31') };
      const { container } = render(<LoginPage />);
      await screen.findByText('王秀英');
      fireEvent.click(container.querySelector('.demo-account')!);
      await waitFor(() => expect(fake.navigations).toEqual(['reLaunch /charity/pages/wish/index?id=31']));

      expect(safeRedirect('/pages/needs/detail/index?id=3')).toBe('/pages/needs/detail/index?id=3');
      expect(safeRedirect('https://evil.example/pages/index/index')).toBeNull();
      expect(safeRedirect('//evil.example/x')).toBeNull();
      expect(safeRedirect('/charity/pages/wish/index?id=1#x')).toBeNull();
    });

    it('says to open the mini-program in WeChat when demo login is off', async () => {
      fake.setHandler(() => fail(404, 'DEV_LOGIN_DISABLED', '开发登录未开启，请在微信中打开小程序'));
      const { container } = render(<LoginPage />);
      await screen.findByText('请在微信中打开');
      expect(container.querySelectorAll('.demo-account')).toHaveLength(0);
    });
  });

  describe('工作台 (workbench subpackage)', () => {
    it('shows the roles and nodes it covers and only the entries for those roles, which open the projects', async () => {
      serve(me({ nickname: '陈静', roles: [role({ id: 5, role: 'social_worker', roleLabel: '社工' }), role({ id: 6 })], workbench: true }));
      const { container } = render(<WorkbenchPage />);
      await screen.findByText('陈静的工作台');
      expect(container.querySelector('.workbench-scope')?.textContent).toBe('负责范围：文昌社区（社区）');
      // The resident role is not a workbench role.
      expect(container.querySelector('.workbench-roles')?.textContent).toBe('社工文昌社区社区');
      const titles = Array.from(container.querySelectorAll('.workbench-item__title')).map((e) => e.textContent);
      expect(titles).toEqual(['服务项目', '督导记录', '志愿活动']);
      expect(container.querySelectorAll('.workbench-item__soon')).toHaveLength(0);
      fireEvent.click(container.querySelector('.workbench-item--guidance')!);
      expect(fake.navigations).toContain('navigateTo /loop/pages/projects/index');
    });

    it('refuses people without a workbench role', async () => {
      serve(me());
      render(<WorkbenchPage />);
      await screen.findByText(/您还没有工作台权限/);
    });
  });
});
