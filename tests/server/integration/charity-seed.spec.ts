import { PiiCipher } from '../../../server/src/common/crypto';
import { seedDemo } from '../../../server/src/seed/demo-seed';
import { startTestApp, type TestApp } from '../../helpers/test-app';

/**
 * The charity demo data (server/src/seed/charity.ts) as the public and the staff see it: a
 * fund per community whose balance is its ledger's sum, an anonymous donor never named, a
 * posted allocation linked to a demo need, a proposal the street admin can approve (the second
 * person), open wishes in the street's campaign, and no beneficiary name anywhere public.
 */
describe('charity demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEV_LOGIN: 'true' });
    expect(await seedDemo(t.db, t.app.get(PiiCipher))).toBe(true);
  });
  afterAll(() => t.close());

  const login = async (account: string) => {
    const res = await t.api.post('/auth/dev-login', { account });
    expect(res.status).toBe(200);
    return { api: t.api.as(res.data.token), me: res.data.me as { id: number; roles: Array<{ nodeId: number; nodeName: string }> } };
  };

  it('shows each community fund with its donations, spending and goods; the anonymous donor is 爱心人士', async () => {
    const { me } = await login('wenchang-resident');
    const wenchang = me.roles[0].nodeId;
    const fund = await t.api.get(`/funds/nodes/${wenchang}`);
    expect(fund.status).toBe(200);
    expect(fund.data).toMatchObject({ balanceFen: 560_000, totals: { incomeFen: 710_000, spendingFen: 150_000 } });
    expect(fund.data.donations.map((d: { donor: string }) => d.donor)).toEqual(['退休教师张老师', '文昌社区邻里互助会', '爱心人士', '重庆綦江兴达建材有限公司']);
    expect(fund.data.allocations).toEqual([expect.objectContaining({ purpose: '为社区独居老人购买助餐餐券（30张）', amountFen: 150_000, needId: expect.any(Number) })]);
    expect(fund.data.inKind.map((g: { item: string; donor: string }) => `${g.item}:${g.donor}`)).toEqual(['冬衣:爱心人士', '大米:綦江区爱心超市']);
    const ledger = await t.api.get(`/funds/nodes/${wenchang}/ledger`);
    const body = JSON.stringify([fund.data, ledger.data]);
    for (const secret of ['刘明远', '赵女士', '长者食堂收据']) expect(body).not.toContain(secret);
    const monthSum = fund.data.monthly.reduce((s: number, m: { incomeFen: number }) => s + m.incomeFen, 0);
    expect(monthSum).toBe(710_000);
  });

  it('has open wishes in the street campaign, one fulfilled and thanked, and no beneficiary name in public', async () => {
    const { me } = await login('wenchang-resident');
    const wenchang = me.roles[0].nodeId;
    const open = await t.api.get(`/wishes?nodeId=${wenchang}&status=open`);
    expect(open.data.items.map((w: { title: string }) => w.title)).toEqual(['一副老花镜', '一台小电暖器', '一个新书包', '一台收音机']);
    expect(open.data.items.find((w: { title: string }) => w.title === '一台收音机')).toMatchObject({ beneficiary: '张**', categoryLabel: '独居老人' });
    const all = await t.api.get(`/wishes?nodeId=${wenchang}`);
    const quilt = all.data.items.find((w: { title: string }) => w.title === '一床过冬的棉被');
    expect(quilt).toMatchObject({ status: 'completed', thanks: { claimer: '刘洋', partyMember: true, text: '谢谢好心人送来的棉被，今年冬天不冷了！' } });
    const timeline = await t.api.get(`/wishes/${quilt.id}/timeline`);
    expect(timeline.data.map((e: { toStatus: string }) => e.toStatus)).toEqual(['open', 'claimed', 'delivered', 'completed']);
    const campaigns = await t.api.get(`/campaigns?nodeId=${wenchang}`);
    expect(campaigns.data).toEqual([expect.objectContaining({ title: '冬日暖心·微心愿', ended: false, progress: { total: 5, claimed: 0, delivered: 0 } })]);
    const body = JSON.stringify([open.data, all.data, timeline.data, campaigns.data]);
    for (const secret of ['张桂芳', '李小雨', '周建华', '5栋1单元302']) expect(body).not.toContain(secret);
  });

  it('leaves one proposal for a second person: the proposer cannot approve it, the street admin can', async () => {
    const staff = await login('wenchang-staff');
    const wenchang = staff.me.roles[0].nodeId;
    const pending = await staff.api.get(`/funds/nodes/${wenchang}/allocations?status=proposed`);
    expect(pending.data.map((a: { purpose: string }) => a.purpose)).toEqual(['四点半课堂购买图书和文具']);
    const id = pending.data[0].id;
    expect((await staff.api.post(`/funds/allocations/${id}/approve`, {})).status).toBe(403);
    const admin = await login('street-admin');
    const approved = await admin.api.post(`/funds/allocations/${id}/approve`, {});
    expect(approved.status).toBe(201);
    expect(approved.data.status).toBe('posted');
    expect((await t.api.get(`/funds/nodes/${wenchang}`)).data.balanceFen).toBe(500_000);
  });
});
