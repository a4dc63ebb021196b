import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fake } from './stubs/taro';
import { created, fail, gets, me, ok, on, path, posts, role, serve } from './fixtures';
import FundPage from '../../client/charity/pages/fund/index';
import WishWallPage, { filterWishes } from '../../client/charity/pages/wishes/index';
import WishPage from '../../client/charity/pages/wish/index';
import MyClaimsPage, { sortClaims } from '../../client/charity/pages/claims/index';
import FundWorkPage, { approvalHint } from '../../client/workbench/pages/fund/index';
import WishWorkPage from '../../client/workbench/pages/wishes/index';
import PublishWishPage, { validateWish } from '../../client/workbench/pages/wish-publish/index';
import { barScale, dateText, deadlineText, parseYuan, yuan } from '../../client/charity/format';
import { managedNodes } from '../../client/workbench/staff';
import type { AllocationView, PublicFundView } from '../../server/src/contract/funds';
import type { CampaignView, ClaimView, PublicWishView, WishDetailView } from '../../server/src/contract/wishes';
import { resetSession } from '../../client/store/session';

const DAY = 86_400_000;
const months = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ month: `2026-${String(i + 1).padStart(2, '0')}`, incomeFen: i === n - 1 ? 30_000 : i === n - 2 ? 80_000 : 0, spendingFen: i === n - 2 ? 150_000 : 0 }));

function fundView(over: Partial<PublicFundView> = {}): PublicFundView {
  return {
    node: { id: 3, name: '文昌社区', level: 'community', levelLabel: '社区' },
    fundId: 1,
    balanceFen: 560_000,
    totals: { incomeFen: 710_000, spendingFen: 150_000 },
    monthly: months(12),
    donations: [
      { id: 4, kind: 'donation', kindLabel: '捐赠收入', flow: 'in', amountFen: 30_000, occurredOn: '2026-11-25', donor: '退休教师张老师', donorKindLabel: '个人', channel: '区慈善会账户', note: null, needId: null, projectId: null, counterpartNodeName: null, reversesEntryId: null, reason: null, reversed: false },
      { id: 2, kind: 'donation', kindLabel: '捐赠收入', flow: 'in', amountFen: 100_000, occurredOn: '2026-10-26', donor: '爱心人士', donorKindLabel: '个人', channel: '区慈善会账户', note: null, needId: null, projectId: null, counterpartNodeName: null, reversesEntryId: null, reason: null, reversed: false },
    ],
    allocations: [{ id: 1, amountFen: 150_000, purpose: '为社区独居老人购买助餐餐券（30张）', needId: 12, projectId: null, grantToNodeName: null, postedOn: '2026-11-20', reversed: false }],
    inKind: [{ id: 1, item: '大米', quantity: 20, unit: '袋', donor: '綦江区爱心超市', donorKindLabel: '企业', receivedOn: '2026-11-01', destinationKind: 'household', destinationLabel: '困难家庭', needId: null, wishId: null, destinationNote: '困难家庭10户' }],
    ...over,
  };
}

function wish(over: Partial<PublicWishView> = {}): PublicWishView {
  return {
    id: 31,
    title: '一台收音机',
    story: '社区里87岁的独居老人，平时最爱听戏曲和新闻。',
    valueFen: 12_000,
    category: 'elderly_alone',
    categoryLabel: '独居老人',
    beneficiary: '张**',
    communityId: 3,
    communityName: '文昌社区',
    campaignId: 5,
    needId: null,
    status: 'open',
    statusLabel: '待认领',
    createdAt: '2026-11-26T02:00:00.000Z',
    hasPhoto: false,
    photoPublicAt: null,
    thanks: null,
    ...over,
  };
}

function claim(over: Partial<ClaimView> = {}): ClaimView {
  return {
    id: 8,
    wishId: 31,
    wishTitle: '一台收音机',
    status: 'active',
    statusLabel: '待送达',
    anonymous: true,
    asPartyMember: false,
    claimedAt: new Date(Date.now() - DAY).toISOString(),
    deadlineAt: new Date(Date.now() + 6 * DAY).toISOString(),
    contactText: '请送至文昌社区党群服务中心一楼，交社区工作人员',
    canAddPhoto: false,
    ...over,
  };
}

const campaign: CampaignView = { id: 5, nodeId: 2, nodeName: '古南街道', title: '冬日暖心·微心愿', description: '', organizer: '古南街道党工委', deadlineAt: '2026-12-31T16:00:00.000Z', ended: false, progress: { total: 5, claimed: 2, delivered: 1 } };

function allocation(over: Partial<AllocationView> = {}): AllocationView {
  return {
    id: 2, fundId: 1, nodeId: 3, amountFen: 60_000, purpose: '四点半课堂购买图书和文具', needId: null, projectId: null, grantToNodeId: null, grantToNodeName: null,
    invoiceRef: null, invoiceUploadId: null, status: 'proposed', statusLabel: '待审批', needsStreetApproval: false, proposedBy: 20, approvedBy: null,
    streetApprovedBy: null, rejectedBy: null, rejectReason: null, createdAt: '2026-11-30T02:00:00.000Z', approvedAt: null, streetApprovedAt: null, postedAt: null,
    proposerName: '王芳', approverName: null, streetApproverName: null, needTitle: null, projectTitle: null,
    ...over,
  };
}

const resident = on('GET', '/api/me', () => ok(me()));
const staffMe = me({ id: 20, nickname: '李娜', residence: null, roles: [role({ id: 5, role: 'staff', roleLabel: '社区工作人员' })], workbench: true, manager: true });
const adminMe = me({ id: 30, nickname: '黄卫东', residence: null, roles: [role({ id: 9, role: 'admin', roleLabel: '管理员', nodeId: 2, nodeName: '古南街道', nodeLevel: 'street', nodeLevelLabel: '街道' })], workbench: true, manager: true });

describe('charity (client)', () => {
  beforeEach(() => {
    fake.reset();
    act(() => resetSession());
  });

  describe('helpers', () => {
    it('says fen as ¥ with two decimals and reads typed 元 back', () => {
      expect(yuan(560_000)).toBe('¥5,600.00');
      expect(yuan(5)).toBe('¥0.05');
      expect(yuan(-150_000)).toBe('-¥1,500.00');
      expect(parseYuan('200')).toBe(20_000);
      expect(parseYuan('12.5')).toBe(1_250);
      expect(parseYuan('¥1,200.05')).toBe(120_005);
      expect(parseYuan('0')).toBeNull();
      expect(parseYuan('12.345')).toBeNull();
      expect(parseYuan('abc')).toBeNull();
      expect(dateText('2026-05-01', new Date('2026-11-30T00:00:00Z'))).toBe('5月1日');
      expect(dateText('2025-12-31', new Date('2026-11-30T00:00:00Z'))).toBe('2025年12月31日');
    });

    it('scales the bars to the largest month and words the claim deadline', () => {
      const h = barScale([{ month: '2026-10', incomeFen: 100, spendingFen: 50 }, { month: '2026-11', incomeFen: 1, spendingFen: 0 }]);
      expect([h(100), h(50), h(1), h(0)]).toEqual([100, 50, 4, 0]);
      const now = Date.parse('2026-11-30T02:00:00.000Z');
      expect(deadlineText('2026-12-05T04:30:00.000Z', now)).toBe('请在 12月5日 12:30 前送达（还剩 5 天）');
      expect(deadlineText('2026-11-30T08:00:00.000Z', now)).toBe('今天 16:00 前送达');
      expect(deadlineText('2026-11-29T08:00:00.000Z', now)).toBe('已超过送达期限');
    });

    it('sorts wishes and claims, validates a new wish, and hides approvals that would be refused', () => {
      const list = filterWishes([wish({ id: 1, status: 'completed', category: 'child' }), wish({ id: 2 }), wish({ id: 3, category: 'child' })], null);
      expect(list.map((w) => w.id)).toEqual([3, 2, 1]);
      expect(filterWishes(list, 'child').map((w) => w.id)).toEqual([3, 1]);
      expect(sortClaims([claim({ id: 1, status: 'delivered' }), claim({ id: 2 })]).map((c) => c.id)).toEqual([2, 1]);
      const e = validateWish({ title: '', story: '给张桂芳买收音机', value: 'x', category: null, beneficiaryName: '张桂芳', beneficiaryAddress: '', contactText: '', campaignId: null });
      expect(Object.keys(e).sort()).toEqual(['category', 'contactText', 'story', 'title', 'valueFen']);
      expect(e.story).toContain('不要写受助人的姓名');
      expect(approvalHint(allocation(), staffMe)).toEqual({ canAct: false, hint: '您提出的支出需由另一位工作人员审批' });
      expect(approvalHint(allocation(), adminMe).canAct).toBe(true);
      expect(approvalHint(allocation({ status: 'approved', needsStreetApproval: true, approvedBy: 20 }), staffMe).hint).toBe('金额较大，还需街道工作人员审批');
      expect(approvalHint(allocation({ status: 'approved', needsStreetApproval: true, approvedBy: 21 }), adminMe).canAct).toBe(true);
    });

    it('gives a street admin the street and its communities to manage', () => {
      const tree = [{ id: 1, name: '綦江区', level: 'district' as const, levelLabel: '区县', children: [{ id: 2, name: '古南街道', level: 'street' as const, levelLabel: '街道', children: [{ id: 3, name: '文昌社区', level: 'community' as const, levelLabel: '社区', children: [] }, { id: 4, name: '清河社区', level: 'community' as const, levelLabel: '社区', children: [] }] }] }];
      expect(managedNodes(adminMe, tree).map((n) => `${n.nodeName}:${n.level}`)).toEqual(['古南街道:street', '文昌社区:community', '清河社区:community']);
      expect(managedNodes(staffMe, tree).map((n) => n.nodeId)).toEqual([3]);
      expect(managedNodes(me(), tree)).toEqual([]);
    });
  });

  describe('fund page', () => {
    it('shows the balance, the monthly bars, where the money went and who gave (anonymous as 爱心人士)', async () => {
      serve(resident, on('GET', '/api/funds/nodes/3', () => ok(fundView())));
      const { container } = render(<FundPage />);
      await screen.findByText('¥5,600.00');
      expect(screen.getByText('文昌社区基金')).toBeTruthy();
      expect(container.querySelector('.ch-fund__income')?.textContent).toBe('¥7,100.00');
      expect(container.querySelector('.ch-fund__spending')?.textContent).toBe('¥1,500.00');
      // The last six months, one pair of bars each; the largest month's spending is full height.
      expect(container.querySelectorAll('.ch-chart__month')).toHaveLength(6);
      const bars = container.querySelectorAll<HTMLElement>('.ch-chart__month[data-month="2026-11"] .ch-chart__bar');
      expect([bars[0].style.height, bars[1].style.height]).toEqual(['53%', '100%']);
      expect(screen.getByText('为社区独居老人购买助餐餐券（30张）')).toBeTruthy();
      expect(container.querySelector('.ch-allocation__amount')?.textContent).toBe('¥1,500.00');
      expect(Array.from(container.querySelectorAll('.ch-donation__donor')).map((e) => e.textContent)).toEqual(['退休教师张老师', '爱心人士']);
      expect(screen.getByText('大米 20袋')).toBeTruthy();
      expect(screen.getByText('去向：困难家庭（困难家庭10户）')).toBeTruthy();
      expect(gets(/^\/api\/funds\/nodes\/3$/)[0].header.Authorization).toBeUndefined();
      fireEvent.click(screen.getByText('看看社区的微心愿 ›'));
      expect(fake.navigations).toContain('navigateTo /charity/pages/wishes/index?nodeId=3');
    });
  });

  describe('wish wall', () => {
    it('lists open wishes of my community with masked beneficiaries, filters by category and campaign', async () => {
      serve(
        resident,
        on('GET', /^\/api\/wishes\?/, (req) =>
          ok({ items: path(req).includes('campaignId=5') ? [wish()] : [wish(), wish({ id: 32, title: '一个新书包', category: 'child', categoryLabel: '困境儿童', beneficiary: '李**', campaignId: null })], total: 2 }),
        ),
        on('GET', '/api/campaigns?nodeId=3', () => ok([campaign])),
      );
      const { container } = render(<WishWallPage />);
      await screen.findByText('一个新书包');
      expect(gets(/^\/api\/wishes\?nodeId=3&status=open&limit=100$/).length).toBeGreaterThan(0);
      expect(screen.getByText('独居老人 · 张** · 文昌社区')).toBeTruthy();
      expect(screen.getAllByText('参考价值 ¥120.00')).toHaveLength(2);
      fireEvent.click(container.querySelector('.ch-wall__categories [data-category="child"]')!);
      expect(container.querySelectorAll('.ch-wish')).toHaveLength(1);
      fireEvent.click(screen.getByText('全部'));
      fireEvent.click(container.querySelector('.ch-wall__campaigns [data-campaign="5"]')!);
      await screen.findByText('共 5 个心愿，已认领 2 个，已送达 1 个');
      await waitFor(() => expect(container.querySelectorAll('.ch-wish')).toHaveLength(1));
      expect(gets(/campaignId=5/).length).toBeGreaterThan(0);
      fireEvent.click(container.querySelector('[data-wish="31"]')!);
      expect(fake.navigations).toContain('navigateTo /charity/pages/wish/index?id=31');
    });
  });

  describe('wish detail', () => {
    it('claims anonymously, then shows the deadline and where to deliver', async () => {
      let view: WishDetailView = { ...wish(), myClaim: null };
      serve(
        resident,
        on('GET', '/api/wishes/31', () => ok(view)),
        on('GET', '/api/wishes/31/timeline', () => ok([{ at: '2026-11-26T02:00:00.000Z', action: 'wish.publish', label: '发布心愿', fromStatus: null, toStatus: 'open', by: '社区工作人员' }])),
        on('POST', '/api/wishes/31/claim', () => {
          view = { ...view, status: 'claimed', statusLabel: '已认领', myClaim: claim() };
          return created(claim());
        }),
      );
      fake.params = { id: '31' };
      const { container } = render(<WishPage />);
      await screen.findByText('我要认领');
      expect(screen.getByText('独居老人 张**')).toBeTruthy();
      expect(screen.getByText('发布心愿')).toBeTruthy();
      fireEvent.click(container.querySelector('.ch-claim-anonymous')!);
      fireEvent.click(screen.getByText('我要认领'));
      await screen.findByText(/认领成功/);
      expect(posts('/api/wishes/31/claim')[0].data).toEqual({ anonymous: true, asPartyMember: false });
      await screen.findByText('送达方式：请送至文昌社区党群服务中心一楼，交社区工作人员');
      expect(container.querySelector('.ch-claim__deadline')?.textContent).toMatch(/^请在 .+ 前送达（还剩 6 天）$/);
      expect(screen.queryByText('我要认领')).toBeNull();
    });

    it('says so when someone else claimed it a moment ago', async () => {
      serve(resident, on('GET', '/api/wishes/31', () => ok({ ...wish(), myClaim: null })), on('GET', '/api/wishes/31/timeline', () => ok([])), on('POST', '/api/wishes/31/claim', () => fail(409, 'CONFLICT', '这个心愿刚刚已被他人认领，看看其他心愿吧')));
      fake.params = { id: '31' };
      render(<WishPage />);
      fireEvent.click(await screen.findByText('我要认领'));
      await screen.findByText('这个心愿刚刚已被他人认领，看看其他心愿吧');
      expect(fake.toasts).toEqual([]);
    });

    it('shows the thanks and the public photo of a completed wish', async () => {
      const done = wish({ status: 'completed', statusLabel: '已完成', hasPhoto: true, thanks: { claimer: '刘洋', partyMember: true, label: '感谢党员 刘洋认领并送达心愿', text: '谢谢好心人！', photoUrl: '/api/wishes/31/photo' } });
      serve(resident, on('GET', '/api/wishes/31', () => ok({ ...done, myClaim: claim({ status: 'delivered', statusLabel: '已送达', contactText: null }) })), on('GET', '/api/wishes/31/timeline', () => ok([])), on('GET', '/api/wishes/31/photo', () => ({ statusCode: 200, data: '' })));
      fake.params = { id: '31' };
      const { container } = render(<WishPage />);
      await screen.findByText('感谢党员 刘洋认领并送达心愿');
      expect(screen.getByText('“谢谢好心人！”')).toBeTruthy();
      expect(screen.getByText('您认领的这个心愿已送达，谢谢您的爱心！')).toBeTruthy();
      expect(screen.queryByText('撤回认领')).toBeNull();
      await waitFor(() => expect(container.querySelector('.ch-wish-page__thanks img')?.getAttribute('src')).toBe('tmp:http://api.test/api/wishes/31/photo'));
      expect(screen.queryByText('我要认领')).toBeNull();
    });
  });

  describe('my claims', () => {
    it('lists my claims, the active one first with its deadline', async () => {
      serve(resident, on('GET', '/api/wishes/my-claims', () => ok([claim({ id: 1, wishId: 30, wishTitle: '一床过冬的棉被', status: 'delivered', statusLabel: '已送达', contactText: null }), claim()])));
      const { container } = render(<MyClaimsPage />);
      await screen.findByText('一台收音机');
      const rows = container.querySelectorAll('.ch-claim-row');
      expect(rows[0].textContent).toContain('待送达');
      expect(rows[0].querySelector('.ch-claim-row__deadline')?.textContent).toContain('还剩 6 天');
      expect(rows[1].textContent).toContain('已送达');
      expect(rows[1].querySelector('.ch-claim-row__deadline')).toBeNull();
      expect(container.querySelector('.ch-claim-row__photo')).toBeNull();
    });

    it('lets the claimer add the delivery photo to a wish delivered without one', async () => {
      let mine = [claim({ id: 1, wishId: 30, wishTitle: '一床过冬的棉被', status: 'delivered', statusLabel: '已送达', contactText: null, canAddPhoto: true })];
      serve(
        resident,
        on('GET', '/api/wishes/my-claims', () => ok(mine)),
        on('POST', '/api/uploads', () => created({ id: 78, mime: 'image/png', size: 100, url: '/api/uploads/78' })),
        on('POST', '/api/wishes/30/delivery-photo', () => {
          mine = [{ ...mine[0], canAddPhoto: false }];
          return created(wish({ id: 30, status: 'delivered', statusLabel: '已送达', hasPhoto: true }));
        }),
      );
      const { container } = render(<MyClaimsPage />);
      await screen.findByText('补充送达照片（只给社区看，受助人同意后才会公开）');
      fireEvent.click(container.querySelector('.photo-picker__add')!);
      await waitFor(() => expect(container.querySelector('.photo-picker__status')).toBeNull());
      fireEvent.click(screen.getByText('交给社区'));
      await waitFor(() => expect(container.querySelector('.ch-claim-row__photo')).toBeNull());
      expect(posts('/api/wishes/30/delivery-photo')[0].data).toEqual({ photoUploadId: 78 });
    });
  });

  describe('workbench', () => {
    it('fund: records an anonymous donation and lets another person approve a proposal', async () => {
      serve(
        on('GET', '/api/me', () => ok(adminMe)),
        on('GET', /^\/api\/funds\/nodes\/2\/entries/, () => ok({ items: [], total: 0, balanceFen: 100_000 })),
        on('GET', '/api/funds/nodes/2/allocations', () => ok([allocation({ nodeId: 2 })])),
        on('POST', '/api/funds/nodes/2/donations', (req) => created({ id: 9, donor: '爱心人士', amountFen: (req.data as { amountFen: number }).amountFen })),
        on('POST', '/api/funds/allocations/2/approve', () => created(allocation({ status: 'posted', statusLabel: '已支出' }))),
        on('POST', '/api/uploads', () => ok({ id: 77, mime: 'image/png', size: 100, url: '/api/uploads/77' })),
      );
      const { container } = render(<FundWorkPage />);
      await screen.findByText('四点半课堂购买图书和文具');
      expect(container.querySelector('.wb-fund__balance')?.textContent).toBe('¥1,000.00');
      fireEvent.click(screen.getByText('同意支出'));
      await screen.findByText('已审批并支出 ¥600.00，已在公开账目中显示');
      expect(posts('/api/funds/allocations/2/approve')).toHaveLength(1);

      fireEvent.click(screen.getByText('登记捐款'));
      fireEvent.click(container.querySelector('.wb-donation__submit')!);
      expect(container.querySelector('[data-field="amountFen"]')?.textContent).toContain('请填写金额');
      fireEvent.change(container.querySelector('.wb-donation__amount')!, { target: { value: '1000' } });
      fireEvent.click(container.querySelector('.wb-donation__anonymous')!);
      fireEvent.change(container.querySelector('.wb-donation__donor')!, { target: { value: '刘明远' } });
      // The bank receipt's photo goes up first and is kept with the entry (never shown publicly).
      fireEvent.click(container.querySelector('.photo-picker__add')!);
      await waitFor(() => expect(fake.uploads).toHaveLength(1));
      await waitFor(() => expect(container.querySelector('.photo-picker__status')).toBeNull());
      fireEvent.click(container.querySelector('.wb-donation__submit')!);
      await screen.findByText('已登记 爱心人士 捐款 ¥1,000.00');
      expect(posts('/api/funds/nodes/2/donations')[0].data).toMatchObject({ amountFen: 100_000, anonymous: true, donorName: '刘明远', donorKind: 'individual', channel: '银行转账', receiptUploadId: 77 });
    });

    it('fund: the approval card names the proposer, the need and shows the invoice; a spending is linked by picking a need by name', async () => {
      serve(
        on('GET', '/api/me', () => ok(staffMe)),
        on('GET', /^\/api\/funds\/nodes\/3\/entries/, () =>
          ok({
            items: [
              { id: 7, kind: 'allocation', kindLabel: '资金支出', flow: 'out', amountFen: 30_000, occurredOn: '2026-11-30', donor: null, donorKindLabel: null, channel: null, note: '助餐餐券', needId: 12, projectId: null, counterpartNodeName: null, reversesEntryId: null, reason: null, reversed: false,
                anonymous: false, donorName: null, receiptUploadId: null, receiptRef: null, recordedBy: 21, recordedByName: '李娜', allocationId: 1, proposedByName: '王芳', approvedByName: '李娜' },
            ],
            total: 1,
            balanceFen: 100_000,
          }),
        ),
        on('GET', '/api/funds/nodes/3/allocations', () => ok([allocation({ proposedBy: 22, proposerName: '王芳', needId: 12, needTitle: '独居老人吃饭难', invoiceRef: 'FP-001', invoiceUploadId: 55 })])),
        on('GET', '/api/funds/nodes/3/link-options', () => ok({ needs: [{ id: 12, title: '独居老人吃饭难', statusLabel: '办理中', communityName: '文昌社区' }], projects: [] })),
        on('POST', '/api/funds/nodes/3/allocations', () => created(allocation({ id: 3, amountFen: 80_000 }))),
        on('GET', '/api/uploads/55', () => ok({})),
      );
      const { container } = render(<FundWorkPage />);
      await screen.findByText('四点半课堂购买图书和文具');
      const card = container.querySelector('.wb-alloc')!;
      expect(card.querySelector('.wb-alloc__who')?.textContent).toContain('王芳');
      expect(card.textContent).toContain('用于需求：独居老人吃饭难');
      expect(card.textContent).toContain('票据编号：FP-001');
      await waitFor(() => expect(container.querySelector('.wb-alloc img')?.getAttribute('src')).toContain('/api/uploads/55'));
      // The ledger names who proposed and who approved, separately.
      expect(container.querySelector('.wb-fund__ledger')?.textContent).toContain('王芳提出 · 李娜审批');

      // No id to type: the need is picked by its name.
      expect(screen.queryByText('关联需求编号（选填）')).toBeNull();
      fireEvent.change(container.querySelector('.wb-propose__amount')!, { target: { value: '800' } });
      fireEvent.change(container.querySelector('.wb-propose__purpose')!, { target: { value: '为独居老人购买助餐餐券' } });
      fireEvent.click(container.querySelector('.wb-link--need [data-link="12"]')!);
      fireEvent.click(container.querySelector('.wb-propose__submit')!);
      await waitFor(() => expect(posts('/api/funds/nodes/3/allocations')).toHaveLength(1));
      expect(posts('/api/funds/nodes/3/allocations')[0].data).toMatchObject({ amountFen: 80_000, needId: 12 });
    });

    it('fund: a street proposes a grant (下拨) to one of its communities, picked by name (#13)', async () => {
      serve(
        on('GET', '/api/me', () => ok(adminMe)),
        on('GET', '/api/nodes/tree', () => ok([{ id: 1, name: '綦江区', level: 'district', levelLabel: '区县', children: [{ id: 2, name: '古南街道', level: 'street', levelLabel: '街道', children: [{ id: 3, name: '文昌社区', level: 'community', levelLabel: '社区', children: [] }, { id: 4, name: '清河社区', level: 'community', levelLabel: '社区', children: [] }] }] }])),
        on('GET', /^\/api\/funds\/nodes\/2\/entries/, () => ok({ items: [], total: 0, balanceFen: 500_000 })),
        on('GET', '/api/funds/nodes/2/allocations', () => ok([])),
        on('GET', /^\/api\/funds\/nodes\/2\/link-options/, () => ok({ needs: [], projects: [] })),
        on('POST', '/api/funds/nodes/2/allocations', () => created(allocation({ id: 4, nodeId: 2, amountFen: 200_000, grantToNodeId: 4, grantToNodeName: '清河社区' }))),
      );
      const { container } = render(<FundWorkPage />);
      const chip = await waitFor(() => {
        const el = container.querySelector('.wb-propose__grant [data-grant="4"]');
        if (!el) throw new Error('no grant chips yet');
        return el;
      });
      fireEvent.change(container.querySelector('.wb-propose__amount')!, { target: { value: '2000' } });
      fireEvent.change(container.querySelector('.wb-propose__purpose')!, { target: { value: '下拨清河社区助老服务资金' } });
      fireEvent.click(chip);
      fireEvent.click(container.querySelector('.wb-propose__submit')!);
      await waitFor(() => expect(posts('/api/funds/nodes/2/allocations')).toHaveLength(1));
      expect(posts('/api/funds/nodes/2/allocations')[0].data).toMatchObject({ amountFen: 200_000, grantToNodeId: 4 });
      await screen.findByText('已提出向清河社区拨付 ¥2,000.00，请另一位工作人员审批');
    });

    it('fund: 驳回 asks for the reason the proposer will read, and sends it', async () => {
      serve(
        on('GET', '/api/me', () => ok(staffMe)),
        on('GET', /^\/api\/funds\/nodes\/3\/entries/, () => ok({ items: [], total: 0, balanceFen: 100_000 })),
        on('GET', '/api/funds/nodes/3/allocations', () => ok([allocation({ proposedBy: 22, proposerName: '王芳' })])),
        on('GET', '/api/funds/nodes/3/link-options', () => ok({ needs: [], projects: [] })),
        on('POST', '/api/funds/allocations/2/reject', () => created(allocation({ status: 'rejected', statusLabel: '未通过', rejectReason: '票据金额与申请不符' }))),
      );
      const { container } = render(<FundWorkPage />);
      await screen.findByText('四点半课堂购买图书和文具');
      fireEvent.click(container.querySelector('.wb-alloc__reject')!);
      expect(container.querySelector('.wb-alloc__reject-reason')).toBeTruthy();
      expect(container.querySelector('.wb-alloc__reject')?.textContent).toBe('确认驳回');
      fireEvent.click(container.querySelector('.wb-alloc__reject')!);
      expect(container.querySelector('[data-field="reject-2"]')?.textContent).toBe('请写明驳回的原因，提出人会收到');
      expect(posts('/api/funds/allocations/2/reject')).toHaveLength(0);
      fireEvent.change(container.querySelector('.wb-alloc__reject-reason')!, { target: { value: '票据金额与申请不符' } });
      fireEvent.click(container.querySelector('.wb-alloc__reject')!);
      await waitFor(() => expect(posts('/api/funds/allocations/2/reject')).toHaveLength(1));
      expect(posts('/api/funds/allocations/2/reject')[0].data).toEqual({ reason: '票据金额与申请不符' });
    });

    it('fund: records goods for a household, with the server reason by the note when it looks personal', async () => {
      let attempts = 0;
      serve(
        on('GET', '/api/me', () => ok(staffMe)),
        on('GET', /^\/api\/funds\/nodes\/3\/entries/, () => ok({ items: [], total: 0, balanceFen: 0 })),
        on('GET', '/api/funds/nodes/3/allocations', () => ok([])),
        on('POST', '/api/funds/nodes/3/in-kind', () =>
          ++attempts === 1
            ? fail(400, 'BAD_REQUEST', '去向说明会公开展示，请勿填写电话、身份证号、门牌号等个人信息', [{ field: 'destinationNote', message: '去向说明会公开展示，请勿填写电话、身份证号、门牌号等个人信息' }])
            : created({ id: 3, item: '大米', quantity: 20, unit: '袋', donor: '綦江区爱心超市' }),
        ),
      );
      const { container } = render(<FundWorkPage />);
      fireEvent.click(await screen.findByText('登记物资'));
      fireEvent.change(container.querySelector('.wb-inkind__item')!, { target: { value: '大米' } });
      fireEvent.change(container.querySelector('.wb-inkind__quantity')!, { target: { value: '20' } });
      fireEvent.change(container.querySelector('.wb-inkind__unit')!, { target: { value: '袋' } });
      fireEvent.click(container.querySelector('[data-kind="enterprise"]')!);
      fireEvent.change(container.querySelector('.wb-inkind__donor')!, { target: { value: '綦江区爱心超市' } });
      fireEvent.click(container.querySelector('[data-destination="household"]')!);
      fireEvent.change(container.querySelector('.wb-inkind__note')!, { target: { value: '13800001234 家' } });
      fireEvent.click(container.querySelector('.wb-inkind__submit')!);
      await waitFor(() => expect(container.querySelector('[data-field="destinationNote"]')?.textContent).toContain('请勿填写电话'));
      fireEvent.change(container.querySelector('.wb-inkind__note')!, { target: { value: '困难家庭10户' } });
      fireEvent.click(container.querySelector('.wb-inkind__submit')!);
      await screen.findByText('已登记物资：大米 20袋（綦江区爱心超市）');
      expect(posts('/api/funds/nodes/3/in-kind')[1].data).toMatchObject({ item: '大米', quantity: 20, unit: '袋', anonymous: false, donorKind: 'enterprise', destinationKind: 'household', destinationNote: '困难家庭10户' });
    });

    it('fund: corrects an entry by reversing it, only with a reason', async () => {
      const donation = {
        id: 4, kind: 'donation', kindLabel: '捐赠收入', flow: 'in', amountFen: 30_000, occurredOn: '2026-11-25', donor: '退休教师张老师', donorKindLabel: '个人', channel: '银行转账', note: null,
        needId: null, projectId: null, counterpartNodeName: null, reversesEntryId: null, reason: null, reversed: false,
        anonymous: false, donorName: '退休教师张老师', receiptUploadId: null, receiptRef: null, recordedBy: 5, recordedByName: '李娜', allocationId: null, proposedByName: null, approvedByName: null,
      };
      serve(
        on('GET', '/api/me', () => ok(staffMe)),
        on('GET', /^\/api\/funds\/nodes\/3\/entries/, () => ok({ items: [donation], total: 1, balanceFen: 30_000 })),
        on('GET', '/api/funds/nodes/3/allocations', () => ok([])),
        on('POST', '/api/funds/entries/4/reverse', () => created({ ...donation, id: 5, kind: 'reversal', kindLabel: '冲正', flow: 'out', amountFen: -30_000, reversesEntryId: 4, reason: '金额登记错误' })),
      );
      const { container } = render(<FundWorkPage />);
      fireEvent.click(await screen.findByText('冲正这笔账目'));
      fireEvent.click(screen.getByText('确认冲正'));
      await waitFor(() => expect(container.querySelector('[data-field="reversal"]')?.textContent).toContain('请写明冲正原因'));
      expect(posts('/api/funds/entries/4/reverse')).toHaveLength(0);
      fireEvent.change(container.querySelector('.wb-entry__reason')!, { target: { value: '金额登记错误' } });
      fireEvent.click(screen.getByText('确认冲正'));
      await screen.findByText(/已冲正 ¥300.00/);
      expect(posts('/api/funds/entries/4/reverse')[0].data).toEqual({ reason: '金额登记错误' });
    });

    it('fund: the proposer sees that someone else must approve', async () => {
      serve(
        on('GET', '/api/me', () => ok(staffMe)),
        on('GET', /^\/api\/funds\/nodes\/3\/entries/, () => ok({ items: [], total: 0, balanceFen: 560_000 })),
        on('GET', '/api/funds/nodes/3/allocations', () => ok([allocation()])),
      );
      render(<FundWorkPage />);
      await screen.findByText('您提出的支出需由另一位工作人员审批');
      expect(screen.queryByText('同意支出')).toBeNull();
    });

    it('wishes: confirms delivery with a photo, then records the thanks, the photo private by default', async () => {
      let current = wish({ status: 'claimed', statusLabel: '已认领' });
      serve(
        on('GET', '/api/me', () => ok(staffMe)),
        on('GET', /^\/api\/wishes\?/, (req) => ok({ items: path(req).includes(`status=${current.status}`) ? [current] : [], total: 1 })),
        on('GET', '/api/campaigns?nodeId=3', () => ok([campaign])),
        on('POST', '/api/uploads', () => created({ id: 77, mime: 'image/png', size: 100, url: '/api/uploads/77' })),
        on('POST', '/api/wishes/31/deliver', () => {
          current = { ...current, status: 'delivered', statusLabel: '已送达', hasPhoto: true };
          return created(current);
        }),
        on('POST', '/api/wishes/31/complete', () => {
          current = { ...current, status: 'completed', statusLabel: '已完成' };
          return created(current);
        }),
      );
      const { container } = render(<WishWorkPage />);
      await screen.findByText('一台收音机');
      expect(screen.getByText('共 5 个心愿，已认领 2 个，已送达 1 个')).toBeTruthy();
      fireEvent.click(container.querySelector('[data-wish="31"]')!);
      // No photo, no delivery (#13): the form asks for one and sends nothing.
      fireEvent.click(screen.getByText('确认已送达'));
      await screen.findByText('请拍一张物品交到受助人手中的照片，送达须有照片为证');
      expect(posts('/api/wishes/31/deliver')).toHaveLength(0);
      fireEvent.click(container.querySelector('.photo-picker__add')!);
      await waitFor(() => expect(container.querySelector('.photo-picker__status')).toBeNull());
      fireEvent.click(screen.getByText('确认已送达'));
      await screen.findByText(/^“一台收音机”已确认送达，认领人已收到通知/);
      // The banner names what happened: delivered, not 已完成 (the wish waits for the thanks).
      expect(screen.getByText('已确认送达')).toBeTruthy();
      expect(screen.queryByText('心愿已完成')).toBeNull();
      expect(posts('/api/wishes/31/deliver')[0].data).toEqual({ photoUploadId: 77 });

      fireEvent.click(screen.getByText('待致谢'));
      fireEvent.click(await screen.findByText('记录感谢 ›'));
      fireEvent.click(screen.getByText('记录感谢，完成心愿'));
      expect(container.querySelector('[data-field="thanksText"]')?.textContent).toBe('请写下受助人的感谢语');
      fireEvent.change(container.querySelector('.wb-complete__thanks')!, { target: { value: '谢谢好心人，收音机很好用！' } });
      fireEvent.click(screen.getByText('记录感谢，完成心愿'));
      // The photo stays private unless the worker switches it on (#20: it used to be on by default).
      await screen.findByText('“一台收音机”已完成，感谢语已公开，送达照片不公开');
      expect(screen.getByText('心愿已完成')).toBeTruthy();
      expect(posts('/api/wishes/31/complete')[0].data).toEqual({ thanksText: '谢谢好心人，收音机很好用！', photoPublic: false });
    });

    it('wishes: starts a campaign ending at the end of the chosen Beijing day', async () => {
      serve(
        on('GET', '/api/me', () => ok(staffMe)),
        on('GET', /^\/api\/wishes\?/, () => ok({ items: [], total: 0 })),
        on('GET', '/api/campaigns?nodeId=3', () => ok([])),
        on('POST', '/api/campaigns', () => created({ ...campaign, id: 6, title: '六一圆梦' })),
      );
      const { container } = render(<WishWorkPage />);
      await screen.findByText('没有进行中的心愿活动');
      fireEvent.click(screen.getByText('发起新的心愿活动 ›'));
      fireEvent.click(screen.getByText('发起活动'));
      expect(container.querySelector('[data-field="title"]')?.textContent).toContain('请填写活动名称');
      fireEvent.change(container.querySelector('.wb-campaign__title')!, { target: { value: '六一圆梦' } });
      fireEvent.change(container.querySelector('.wb-campaign__deadline')!, { target: { value: '2027-06-01' } });
      fireEvent.click(screen.getByText('发起活动'));
      await screen.findByText('已发起心愿活动“六一圆梦”，发布心愿时可以加入');
      expect(posts('/api/campaigns')[0].data).toEqual({ nodeId: 3, title: '六一圆梦', deadlineAt: '2027-06-01T23:59:59+08:00' });
    });

    it('publishes a wish: the beneficiary name goes to the server once and shows masked', async () => {
      serve(
        on('GET', '/api/me', () => ok(staffMe)),
        on('GET', '/api/campaigns?nodeId=3', () => ok([campaign])),
        on('POST', '/api/wishes', () => created(wish({ id: 40, title: '一副老花镜', beneficiary: '王**' }))),
      );
      const { container } = render(<PublishWishPage />);
      await screen.findByText('冬日暖心·微心愿');
      fireEvent.click(container.querySelector('[data-category="elderly_alone"]')!);
      fireEvent.change(container.querySelector('.wb-publish__title')!, { target: { value: '一副老花镜' } });
      fireEvent.change(container.querySelector('.wb-publish__story')!, { target: { value: '独居的老奶奶喜欢看报纸，老花镜摔坏了。' } });
      fireEvent.change(container.querySelector('.wb-publish__value')!, { target: { value: '80' } });
      fireEvent.change(container.querySelector('.wb-publish__name')!, { target: { value: '王淑珍' } });
      fireEvent.click(container.querySelector('[data-campaign="5"]')!);
      fireEvent.click(screen.getByText('发布心愿'));
      await screen.findByText(/已发布到心愿墙，公开显示为“独居老人 王\*\*”/);
      expect(posts('/api/wishes')[0].data).toMatchObject({ communityId: 3, title: '一副老花镜', valueFen: 8_000, category: 'elderly_alone', beneficiaryName: '王淑珍', campaignId: 5, contactText: expect.stringContaining('文昌社区党群服务中心') });
      expect((container.querySelector('.wb-publish__name') as HTMLInputElement).value).toBe('');
    });
  });
});
