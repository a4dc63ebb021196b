import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fake } from './stubs/taro';
import { created, me, ok, on, posts, role, sentTo, serve } from './fixtures';
import CertificatePage from '../../client/loop/pages/certificate/index';
import MyDataPage from '../../client/account/pages/data/index';
import AccessLogPage from '../../client/workbench/pages/access-log/index';
import VolunteerApplicationsPage from '../../client/workbench/pages/volunteers/index';
import { registration } from './volunteer-fixtures';
import CriteriaPage, { checkCriteria } from '../../client/workbench/pages/criteria/index';
import PeoplePage, { phoneOk } from '../../client/workbench/pages/people/index';
import ResidentsPage from '../../client/workbench/pages/residents/index';
import { resetSession } from '../../client/store/session';

const STREET_ADMIN = me({
  id: 30,
  nickname: '黄卫东',
  residence: null,
  roles: [role({ id: 9, role: 'admin', roleLabel: '管理员', nodeId: 2, nodeName: '古南街道', nodeLevel: 'street', nodeLevelLabel: '街道' })],
  workbench: true,
  manager: true,
});
const TREE = [{ id: 1, name: '綦江区', level: 'district', levelLabel: '区县', children: [{ id: 2, name: '古南街道', level: 'street', levelLabel: '街道', children: [{ id: 3, name: '文昌社区', level: 'community', levelLabel: '社区', children: [] }] }] }];
const member = { id: 50, userId: 21, nickname: '李娜', phoneMasked: '138****1005', role: 'staff', roleLabel: '社区工作人员', nodeId: 3, nodeName: '文昌社区', nodeLevelLabel: '社区', orgId: null, orgName: null, grantedAt: '2026-11-01T00:00:00.000Z' };

/** 人员与角色 (#13): a street admin finds a person by phone, appoints them, adds a community. */
describe('人员与角色 (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  it('checks the phone before asking', () => {
    expect(phoneOk('13800001111')).toBe(true);
    expect(phoneOk('1380000111')).toBe(false);
    expect(phoneOk('23800001111')).toBe(false);
  });

  it('lists the members, finds a person by exact phone (masked), appoints them as staff, and adds a community under the street', async () => {
    let tree = TREE;
    serve(
      on('GET', '/api/me', () => ok(STREET_ADMIN)),
      on('GET', '/api/nodes/tree', () => ok(tree)),
      on('GET', /^\/api\/roles\?nodeId=2/, () => ok({ items: [member], total: 1 })),
      on('GET', /^\/api\/orgs\?nodeId=2/, () => ok([])),
      on('GET', '/api/users/lookup?phone=13800001111', () => ok({ user: { id: 44, nickname: '周敏', phoneMasked: '138****1111' } })),
      on('GET', '/api/users/lookup?phone=13900009999', () => ok({ user: null })),
      on('POST', '/api/roles', () => created({ id: 77 })),
      on('POST', '/api/nodes', () => {
        tree = [{ ...TREE[0], children: [{ ...TREE[0].children[0], children: [...TREE[0].children[0].children, { id: 5, name: '河滨社区', level: 'community', levelLabel: '社区', children: [] }] }] }];
        return created({ id: 5, name: '河滨社区', level: 'community' });
      }),
    );
    const { container } = render(<PeoplePage />);
    await screen.findByText('李娜 · 138****1005');
    expect(screen.getByText('社区工作人员 · 文昌社区')).toBeTruthy();

    // A wrong number is caught here; an unknown one says what to do.
    fireEvent.change(container.querySelector('.people-grant__phone')!, { target: { value: '138' } });
    fireEvent.click(screen.getByText('查找'));
    expect(container.querySelector('[data-field="phone"]')?.textContent).toBe('请输入对方绑定小程序的 11 位手机号');
    fireEvent.change(container.querySelector('.people-grant__phone')!, { target: { value: '13900009999' } });
    fireEvent.click(screen.getByText('查找'));
    await screen.findByText('没有找到：请对方先登录小程序，在“我的”中绑定手机号并选择所在社区');

    fireEvent.change(container.querySelector('.people-grant__phone')!, { target: { value: '13800001111' } });
    fireEvent.click(screen.getByText('查找'));
    await screen.findByText('周敏 · 138****1111');
    fireEvent.click(screen.getByText('任命为社区工作人员'));
    await waitFor(() => expect(posts('/api/roles')).toHaveLength(1));
    expect(posts('/api/roles')[0].data).toEqual({ userId: 44, nodeId: 2, role: 'staff' });

    await waitFor(() => expect(fake.toasts).toContain('已任命为社区工作人员'));
    fireEvent.click(container.querySelector('.people-community__submit')!);
    expect(container.querySelector('[data-field="name"]')?.textContent).toBe('请填写社区名称，例如：河滨社区');
    fireEvent.change(container.querySelector('.people-community__name')!, { target: { value: '河滨社区' } });
    fireEvent.click(container.querySelector('.people-community__submit')!);
    await waitFor(() => expect(posts('/api/nodes')).toHaveLength(1));
    expect(posts('/api/nodes')[0].data).toEqual({ parentId: 2, name: '河滨社区' });
    // The new community joins the picker, ready for its first staff.
    await screen.findByText('河滨社区');
  });

  it('registers a social organization with its contact, checking the phone first (#13)', async () => {
    serve(
      on('GET', '/api/me', () => ok(STREET_ADMIN)),
      on('GET', '/api/nodes/tree', () => ok(TREE)),
      on('GET', /^\/api\/roles\?nodeId=2/, () => ok({ items: [], total: 0 })),
      on('GET', /^\/api\/orgs\?nodeId=2/, () => ok([])),
      on('POST', '/api/orgs', () => created({ id: 8, name: '古南街道为老服务中心', kind: 'social_work_agency', kindLabel: '社会工作服务机构', creditCode: null, description: '', nodeId: 2, nodeName: '古南街道', contact: { name: '周丽华', phoneMasked: '139****5678' } })),
    );
    const { container } = render(<PeoplePage />);
    await waitFor(() => expect(container.querySelector('.people-orgs__name')).toBeTruthy());
    fireEvent.change(container.querySelector('.people-orgs__name')!, { target: { value: '古南街道为老服务中心' } });
    fireEvent.change(container.querySelector('.people-orgs__contact')!, { target: { value: '周丽华' } });
    fireEvent.change(container.querySelector('.people-orgs__phone')!, { target: { value: '12345' } });
    fireEvent.click(container.querySelector('.people-orgs__submit')!);
    expect(container.querySelector('[data-field="contactPhone"]')?.textContent).toBe('请填写联系人的手机号或座机（如 023-12345678）');
    expect(posts('/api/orgs')).toHaveLength(0);
    fireEvent.change(container.querySelector('.people-orgs__phone')!, { target: { value: '13912345678' } });
    fireEvent.click(screen.getByText('社会工作服务机构'));
    fireEvent.click(container.querySelector('.people-orgs__submit')!);
    await waitFor(() => expect(posts('/api/orgs')).toHaveLength(1));
    expect(posts('/api/orgs')[0].data).toEqual({ nodeId: 2, name: '古南街道为老服务中心', kind: 'social_work_agency', contactName: '周丽华', contactPhone: '13912345678' });
  });
});

const STAFF = me({
  id: 31,
  nickname: '李娜',
  residence: null,
  roles: [role({ id: 10, role: 'staff', roleLabel: '社区工作人员', nodeId: 3, nodeName: '文昌社区', nodeLevel: 'community', nodeLevelLabel: '社区' })],
  workbench: true,
  manager: true,
});
const applicant = (id: number, nickname: string, phoneMasked: string | null) => ({
  id,
  userId: id + 100,
  nickname,
  phoneMasked,
  communityId: 3,
  communityName: '文昌社区',
  building: '8栋',
  unit: '2单元',
  status: 'applicant',
  statusLabel: '待社区确认',
  returnReason: null,
  appliedAt: '2026-12-01T02:00:00.000Z',
  reviewedAt: null,
});

/** 居民认证 (#13): staff tick residents and confirm them together, or return them with a reason. */
describe('居民认证 (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  it('confirms the ticked residents in one go and says, by name, which could not be', async () => {
    let queue = [applicant(1, '黄德明', '138****1006'), applicant(2, '何阿姨', null)];
    serve(
      on('GET', '/api/me', () => ok(STAFF)),
      on('GET', /^\/api\/residents\?nodeId=3&status=applicant/, () => ok({ items: queue, total: queue.length })),
      on('POST', '/api/residents/confirm', () => {
        queue = queue.filter((r) => r.id !== 1);
        return ok({ done: [1], refused: [{ id: 2, message: '何阿姨还没有绑定手机号，请提醒其在“我的”中绑定后再确认' }] });
      }),
      on('POST', '/api/residents/return', () => ok({ done: [2], refused: [] })),
    );
    const { container } = render(<ResidentsPage />);
    await screen.findByText('黄德明');
    expect(screen.getByText('尚未绑定手机号（需绑定后才能确认）')).toBeTruthy();
    fireEvent.click(container.querySelector('[data-pick="1"]')!);
    fireEvent.click(container.querySelector('[data-pick="2"]')!);
    fireEvent.click(screen.getByText('确认所选 2 位'));
    await waitFor(() => expect(posts('/api/residents/confirm')).toHaveLength(1));
    expect(posts('/api/residents/confirm')[0].data).toEqual({ ids: [1, 2] });
    await screen.findByText('确认 1 位；1 位未能确认（何阿姨：何阿姨还没有绑定手机号，请提醒其在“我的”中绑定后再确认）');
    await waitFor(() => expect(screen.queryByText('黄德明')).toBeNull());

    // Returning asks for the reason first.
    fireEvent.click(container.querySelector('[data-pick="2"]')!);
    fireEvent.click(screen.getByText('退回'));
    fireEvent.click(screen.getByText('确定退回 1 位'));
    await screen.findByText('请写明退回原因');
    expect(posts('/api/residents/return')).toHaveLength(0);
    fireEvent.input(container.querySelector('.residents-return input, .residents-return .form-input')!, { target: { value: '本社区没有该楼栋' } });
    fireEvent.click(screen.getByText('确定退回 1 位'));
    await waitFor(() => expect(posts('/api/residents/return')).toHaveLength(1));
    expect(posts('/api/residents/return')[0].data).toEqual({ ids: [2], reason: '本社区没有该楼栋' });
  });
});

/** 社工证 (#13): the social worker records level, number and expiry; the form checks before sending. */
describe('我的社工证 (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  it('checks the number and date before sending, then saves; an expired one asks for renewal', async () => {
    serve(
      on('GET', '/api/social-workers/me/certificate', () => ok({ certificate: { level: 'assistant', levelLabel: '助理社会工作师', number: 'A2020001', expiresOn: '2025-06-30', valid: false } })),
      on('PUT', '/api/social-workers/me/certificate', () => ok({ certificate: { level: 'intermediate', levelLabel: '社会工作师', number: 'S2026001', expiresOn: '2029-06-30', valid: true } })),
    );
    const { container } = render(<CertificatePage />);
    await screen.findByText('已于 2025-06-30 过期，请更新');
    fireEvent.input(container.querySelector('.loop-cert__number input, .loop-cert__number')!, { target: { value: '证书 1' } });
    fireEvent.click(screen.getByText('更新社工证'));
    expect(container.querySelector('[data-field="number"]')?.textContent).toBe('请照证书填写编号（数字和字母）');
    expect(container.querySelector('[data-field="expiresOn"]')?.textContent).toBe('这张证书已过有效期，请录入有效的证书');
    expect(sentTo('PUT', '/api/social-workers/me/certificate')).toHaveLength(0);
  });
});

/** 评估标准 (#13): the district revises the criteria as a new version; others read them. */
describe('评估标准 (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });
  const V1 = [
    { id: 1, key: 'satisfaction', label: '居民满意度', weight: 40, source: 'residents', version: 1 },
    { id: 2, key: 'goals', label: '目标达成', weight: 60, source: 'scored', version: 1 },
  ];

  it('checks the sum before sending, then saves the set with the kept keys', async () => {
    expect(checkCriteria([{ label: '甲', weight: 0, weightText: '50', source: 'scored' }, { label: '甲', weight: 0, weightText: '50', source: 'scored' }])).toBe('指标名称不能重复');
    const DISTRICT_ADMIN = me({ residence: null, roles: [role({ id: 3, role: 'admin', roleLabel: '管理员', nodeId: 1, nodeName: '綦江区', nodeLevel: 'district', nodeLevelLabel: '区县' })], workbench: true, manager: true });
    serve(
      on('GET', '/api/me', () => ok(DISTRICT_ADMIN)),
      on('GET', '/api/projects/criteria', () => ok(V1)),
      on('PUT', '/api/projects/criteria', () => ok([{ ...V1[0], id: 3, version: 2 }, { ...V1[1], id: 4, weight: 40, version: 2 }, { id: 5, key: 'v2-3', label: '可持续性', weight: 20, source: 'scored', version: 2 }])),
    );
    const { container } = render(<CriteriaPage />);
    await screen.findByText('项目评估标准 · 第 1 版');
    await waitFor(() => expect(container.querySelectorAll('.criteria-row')).toHaveLength(2));
    fireEvent.click(screen.getByText('＋ 添加指标'));
    const inputs = () => container.querySelectorAll('.criteria-row__label');
    fireEvent.input(inputs()[2], { target: { value: '可持续性' } });
    fireEvent.input(container.querySelectorAll('.criteria-row__weight')[2], { target: { value: '20' } });
    expect(screen.getByText('权重合计 120 / 100')).toBeTruthy();
    fireEvent.click(screen.getByText('保存为新版本'));
    expect(container.querySelector('[data-field="criteria"]')?.textContent).toBe('各项权重之和应为 100，现在是 120');
    expect(sentTo('PUT', '/api/projects/criteria')).toHaveLength(0);
    fireEvent.input(container.querySelectorAll('.criteria-row__weight')[1], { target: { value: '40' } });
    fireEvent.click(screen.getByText('保存为新版本'));
    await screen.findByText(/^已保存为第 2 版/);
    expect(sentTo('PUT', '/api/projects/criteria')[0].data).toEqual({
      criteria: [
        { key: 'satisfaction', label: '居民满意度', weight: 40, source: 'residents' },
        { key: 'goals', label: '目标达成', weight: 40, source: 'scored' },
        { label: '可持续性', weight: 20, source: 'scored' },
      ],
    });
  });

  it('shows the criteria read-only to community staff', async () => {
    serve(on('GET', '/api/me', () => ok(STAFF)), on('GET', '/api/projects/criteria', () => ok(V1)));
    const { container } = render(<CriteriaPage />);
    await screen.findByText('全区统一的评估标准，由区县的工作人员或管理员修订。');
    expect(screen.getByText('权重 60')).toBeTruthy();
    expect(container.querySelector('.criteria-row__label')).toBeNull();
  });
});

/** 我的数据 (#14): export, and delete the account after typing 注销 and confirming. */
describe('我的数据 (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  it('exports the workbook, and deletes the account only after 注销 is typed and confirmed', async () => {
    serve(
      on('GET', '/api/me/data.xlsx', () => ({ statusCode: 200, data: '' })),
      on('POST', '/api/me/delete', () => ok({ deleted: true })),
    );
    const { container } = render(<MyDataPage />);
    fireEvent.click(container.querySelector('.my-data__export')!);
    await waitFor(() => expect(fake.downloads.some((r) => r.url.endsWith('/api/me/data.xlsx'))).toBe(true));
    await screen.findByText('打开“我的数据.xlsx” ›');

    fireEvent.click(screen.getByText('注销我的账号'));
    expect(container.querySelector('[data-field="confirm"]')?.textContent).toBe('请输入“注销”两个字确认');
    fake.confirm = false;
    fireEvent.input(container.querySelector('.my-data__confirm input, .my-data__confirm')!, { target: { value: '注销' } });
    fireEvent.click(screen.getByText('注销我的账号'));
    await waitFor(() => expect(fake.modals.length).toBeGreaterThan(0));
    expect(posts('/api/me/delete')).toHaveLength(0);
    fake.confirm = true;
    fireEvent.click(screen.getByText('注销我的账号'));
    await waitFor(() => expect(posts('/api/me/delete')).toHaveLength(1));
    expect(posts('/api/me/delete')[0].data).toEqual({ confirm: '注销' });
  });
});

/** 个人信息查阅记录 (#14): the street's admin reads who looked at what kind of personal data. */
describe('查阅记录 (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  it('lists the reads of the street, and tells community staff it is not theirs', async () => {
    serve(
      on('GET', '/api/me', () => ok(STREET_ADMIN)),
      on('GET', /^\/api\/audit\/access\?nodeId=2/, () => ok({ items: [{ id: 9, at: '2026-12-04T02:00:00.000Z', actorName: '李娜', actorRoleLabel: '社区工作人员', actionLabel: '查看志愿者实名登记', nodeName: '文昌社区' }], total: 1 })),
    );
    render(<AccessLogPage />);
    await screen.findByText('查看志愿者实名登记');
    expect(screen.getByText(/李娜（社区工作人员） · 文昌社区/)).toBeTruthy();
    expect(screen.getByText(/共 1 次查阅/)).toBeTruthy();
  });
});

/** Minors (#14): staff record a guardian's consent before the 通过 button appears. */
describe('志愿者审核: a minor (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  it('asks for the guardian’s consent first, then offers 通过', async () => {
    const teen = { ...registration({ id: 6, status: 'pending', statusLabel: '待审核', minor: true, guardianConsent: null }), userId: 46, realName: '李小红' };
    let current = teen;
    serve(
      on('GET', '/api/me', () => ok(STAFF)),
      on('GET', /^\/api\/volunteers\/applications/, () => ok([current])),
      on('POST', '/api/volunteers/6/guardian-consent', () => {
        current = { ...teen, guardianConsent: { relation: '母亲', at: '2026-12-04T02:00:00.000Z' } };
        return ok(current);
      }),
    );
    const { container } = render(<VolunteerApplicationsPage />);
    await screen.findByText('未满18岁 · 需先登记监护人同意');
    expect(screen.queryByText('通过')).toBeNull();
    fireEvent.click(container.querySelector('[data-relation="母亲"]')!);
    await waitFor(() => expect(posts('/api/volunteers/6/guardian-consent')[0]?.data).toEqual({ relation: '母亲' }));
    await screen.findByText('未满18岁 · 监护人（母亲）已同意');
    expect(screen.getByText('通过')).toBeTruthy();
  });
});
