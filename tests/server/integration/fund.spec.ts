import { beijingDate } from '../../../server/src/contract/format';
import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { FundAllocation } from '../../../server/src/funds/fund-allocation.entity';
import { FundEntry } from '../../../server/src/funds/fund-entry.entity';
import { Fund } from '../../../server/src/funds/fund.entity';
import { OutboxMessage } from '../../../server/src/notifications/outbox-message.entity';
import { buildTree, categoryId, person, reportNeed, resident as residentOf, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type Person = Api & { userId: number };

/** Today in Beijing, as the API's date fields want it. */
const today = (t: TestApp) => new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);

describe('community fund: public ledger, two-person approval, reversals, in-kind donations', () => {
  let t: TestApp;
  let tree: Tree;
  let staffA1: Person;
  let staffA2: Person;
  let staffB: Person;
  let streetAdmin: Person;
  let streetStaff: Person;
  let otherStreetStaff: Person;
  let resident: Person;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    staffA1 = await person(t, 'o-fund-staff-a1', [['staff', tree.a]]);
    staffA2 = await person(t, 'o-fund-staff-a2', [['staff', tree.a]]);
    staffB = await person(t, 'o-fund-staff-b', [['staff', tree.b]]);
    streetAdmin = await person(t, 'o-fund-street-admin', [['admin', tree.street]]);
    streetStaff = await person(t, 'o-fund-street-staff', [['staff', tree.street]]);
    otherStreetStaff = await person(t, 'o-fund-other-staff', [['staff', tree.other]]);
    resident = await person(t, 'o-fund-resident', [['resident', tree.a]]);
    await staffA1.patch('/me', { nickname: '王芳' });
    await staffA2.patch('/me', { nickname: '李娜' });
  });
  afterAll(() => t.close());

  const donate = (as: Api, nodeId: number, amountFen: number, extra: Record<string, unknown> = {}) =>
    as.post(`/funds/nodes/${nodeId}/donations`, {
      amountFen,
      anonymous: false,
      donorName: '重庆某某商贸有限公司',
      donorKind: 'enterprise',
      channel: '银行转账',
      receivedOn: today(t),
      ...extra,
    });
  const propose = (as: Api, nodeId: number, amountFen: number, extra: Record<string, unknown> = {}) =>
    as.post(`/funds/nodes/${nodeId}/allocations`, { amountFen, purpose: '为独居老人购买助餐服务', invoiceRef: 'FP-2026-001', ...extra });
  const fundOf = (nodeId: number) => t.db.manager.findOneByOrFail(Fund, { nodeId });
  const ledgerSum = async (fundId: number) => {
    const rows = await t.db.manager.find(FundEntry, { where: { fundId } });
    return rows.reduce((s, r) => s + r.amount, 0);
  };
  /** Every public fund response of every node, as one JSON text. */
  const allPublicText = async () => {
    const texts: string[] = [];
    for (const node of [tree.a, tree.b, tree.street, tree.other]) {
      for (const path of [`/funds/nodes/${node.id}`, `/funds/nodes/${node.id}/ledger?limit=100`]) {
        const res = await t.api.get(path);
        expect(res.status).toBe(200);
        texts.push(JSON.stringify(res.body));
      }
    }
    return texts.join('\n');
  };

  it('records a donation and shows it on the public board without login; receipts and recorders stay private', async () => {
    const res = await donate(staffA1, tree.a.id, 200_000, { receiptRef: 'SJ-0001-PRIVATE' });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({ kind: 'donation', amountFen: 200_000, donor: '重庆某某商贸有限公司', receiptRef: 'SJ-0001-PRIVATE', recordedBy: staffA1.userId });

    const board = await t.api.get(`/funds/nodes/${tree.a.id}`);
    expect(board.status).toBe(200);
    expect(board.data.balanceFen).toBe(200_000);
    expect(board.data.totals).toEqual({ incomeFen: 200_000, spendingFen: 0 });
    expect(board.data.monthly).toHaveLength(12);
    expect(board.data.monthly[11]).toEqual({ month: today(t).slice(0, 7), incomeFen: 200_000, spendingFen: 0 });
    expect(board.data.donations[0]).toMatchObject({ donor: '重庆某某商贸有限公司', donorKindLabel: '企业', channel: '银行转账', amountFen: 200_000 });
    const text = JSON.stringify(board.body);
    expect(text).not.toContain('SJ-0001-PRIVATE');
    expect(text).not.toContain('recordedBy');
    expect(text).not.toContain('receipt');
    expect(await t.db.manager.count(AuditLog, { where: { action: 'fund.donation' } })).toBeGreaterThanOrEqual(1);
  });

  it("never shows an anonymous donor's name in any public response", async () => {
    const name = '隐名捐赠者欧阳某';
    const res = await donate(staffA1, tree.a.id, 8_800, { anonymous: true, donorName: name, donorKind: 'individual', channel: '现金' });
    expect(res.status).toBe(201);
    const goods = await staffA1.post(`/funds/nodes/${tree.a.id}/in-kind`, {
      item: '大米',
      quantity: 10,
      unit: '袋',
      anonymous: true,
      donorName: name,
      donorKind: 'individual',
      receivedOn: today(t),
      destinationKind: 'household',
      destinationNote: '困难家庭一户',
    });
    expect(goods.status).toBe(201);
    await staffA2.post(`/funds/entries/${res.data.id}/reverse`, { reason: '金额登记有误' });

    // The name is stored (staff see it), so the public check below can fail.
    const staffView = await staffA1.get(`/funds/nodes/${tree.a.id}/entries?limit=100`);
    expect(JSON.stringify(staffView.body)).toContain(name);

    const text = await allPublicText();
    expect(text).not.toContain(name);
    expect(text).not.toContain('欧阳');
    const board = await t.api.get(`/funds/nodes/${tree.a.id}`);
    expect(board.data.donations.find((d: { id: number }) => d.id === res.data.id)).toMatchObject({ donor: '爱心人士', reversed: true });
    expect(board.data.inKind[0]).toMatchObject({ item: '大米', quantity: 10, unit: '袋', donor: '爱心人士', destinationLabel: '困难家庭', destinationNote: '困难家庭一户' });
  });

  it('refuses self-approval; another staff member approves and the allocation posts', async () => {
    const before = (await fundOf(tree.a.id)).balance;
    // Linked to a real open need of the community (#20: it used to take any number, 12).
    const reporter = await residentOf(t, 'o-fund-reporter', tree.a);
    const needId = await reportNeed(reporter, await categoryId(t, 'elderly'), { title: '独居老人吃饭难' });
    const p = await propose(staffA1, tree.a.id, 30_000, { needId });
    expect(p.status).toBe(201);
    expect(p.data).toMatchObject({ status: 'proposed', statusLabel: '待审批', needsStreetApproval: false, proposedBy: staffA1.userId, proposerName: '王芳', needTitle: '独居老人吃饭难' });
    // The other staff member is told something waits for them; the proposer is not.
    const waiting = async (who: Person) => (await who.get('/inbox')).data.items.filter((i: { title: string }) => i.title === '文昌社区基金有一笔支出待您审批');
    expect(await waiting(staffA2)).toHaveLength(1);
    expect((await waiting(staffA2))[0].body).toContain('¥300.00：为独居老人购买助餐服务');
    expect(await waiting(staffA1)).toHaveLength(0);

    const self = await staffA1.post(`/funds/allocations/${p.data.id}/approve`);
    expect(self.status).toBe(403);
    expect(self.body.error?.message).toContain('不能审批自己提出的支出');
    expect((await t.db.manager.findOneByOrFail(FundAllocation, { id: p.data.id })).status).toBe('proposed');
    expect((await fundOf(tree.a.id)).balance).toBe(before);

    const ok = await staffA2.post(`/funds/allocations/${p.data.id}/approve`);
    expect(ok.status).toBe(201);
    expect(ok.data).toMatchObject({ status: 'posted', approvedBy: staffA2.userId });
    expect((await fundOf(tree.a.id)).balance).toBe(before - 30_000);

    const again = await staffA2.post(`/funds/allocations/${p.data.id}/approve`);
    expect(again.status).toBe(409);

    const audit = await t.db.manager.find(AuditLog, { where: { entityType: 'fund_allocation', entityId: p.data.id }, order: { id: 'ASC' } });
    expect(audit.map((a) => [a.action, a.fromState, a.toState])).toEqual([
      ['fund.allocation.propose', null, 'proposed'],
      ['fund.allocation.approve', 'proposed', 'approved'],
      ['fund.allocation.post', 'approved', 'posted'],
    ]);

    const board = await t.api.get(`/funds/nodes/${tree.a.id}`);
    expect(board.data.allocations[0]).toMatchObject({ id: p.data.id, purpose: '为独居老人购买助餐服务', amountFen: 30_000, needId, reversed: false });
    // The staff ledger names who proposed and who approved, separately.
    const entries = (await staffA1.get(`/funds/nodes/${tree.a.id}/entries?limit=5`)).data.items;
    expect(entries.find((e: { allocationId: number | null }) => e.allocationId === p.data.id)).toMatchObject({ proposedByName: '王芳', approvedByName: '李娜', recordedByName: '李娜' });
    expect(JSON.stringify(board.body)).not.toContain('FP-2026-001');
  });

  it('writes 慈善资源保障 on the need when the money is posted or goods are sent to it — not when it is routed to 筹集资源', async () => {
    const reporter = await residentOf(t, 'o-fund-step', tree.a);
    const needId = await reportNeed(reporter, await categoryId(t, 'elderly'), { title: '高龄老人需要助行器' });
    expect((await staffA1.post(`/needs/${needId}/accept`, {})).status).toBe(200);
    expect((await staffA1.post(`/needs/${needId}/route`, { to: 'resourcing' })).status).toBe(200);
    const resources = async () => (await reporter.get(`/needs/${needId}/timeline`)).data.steps.find((x: { key: string }) => x.key === 'resources').state;
    const arrivals = async () =>
      (await reporter.get(`/needs/${needId}/timeline`)).data.events.filter((e: { step: string | null }) => e.step === 'resources').map((e: { action: string }) => e.action);
    expect(await resources()).toBe('current');
    expect(await arrivals()).toEqual([]);
    // Proposed and approved by two people: posted, the step is written by the money.
    const p = await propose(staffA1, tree.a.id, 12_000, { needId, purpose: '购买助行器两台' });
    expect(p.status).toBe(201);
    expect(await arrivals()).toEqual([]);
    expect((await staffA2.post(`/funds/allocations/${p.data.id}/approve`)).status).toBe(201);
    expect(await arrivals()).toEqual(['慈善资金到位 ¥120.00']);
    // Goods sent to the need are a second arrival; goods for a need elsewhere are refused.
    const goods = (extra: Record<string, unknown>) =>
      staffA1.post(`/funds/nodes/${tree.a.id}/in-kind`, { item: '拐杖', quantity: 1, unit: '根', anonymous: true, donorKind: 'individual', receivedOn: beijingDate(t.clock.now()), destinationKind: 'need', ...extra });
    expect((await goods({ needId })).status).toBe(201);
    expect(await arrivals()).toEqual(['慈善资金到位 ¥120.00', '物资到位：拐杖 1根']);
    const elsewhere = await reportNeed(await residentOf(t, 'o-fund-step-b', tree.b), await categoryId(t, 'elderly'), { title: '清河的需求' });
    const refused = await goods({ needId: elsewhere });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.fields?.[0].field).toBe('needId');
    // Handling starts: the step stays done (it happened), not skipped.
    expect((await staffA1.post(`/needs/${needId}/route`, { to: 'in_progress' })).status).toBe(200);
    expect(await resources()).toBe('done');
  });

  it('never overdraws when two allocations that together exceed the balance are approved at the same moment', async () => {
    await donate(staffB, tree.b.id, 100_000);
    const x = await propose(staffB, tree.b.id, 60_000);
    const y = await propose(staffB, tree.b.id, 60_000);
    const results = await Promise.all([
      streetAdmin.post(`/funds/allocations/${x.data.id}/approve`),
      streetStaff.post(`/funds/allocations/${y.data.id}/approve`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body.error?.message).toContain('余额不足');
    const fund = await fundOf(tree.b.id);
    expect(fund.balance).toBe(40_000);
    const statuses = (await t.db.manager.find(FundAllocation, { where: { fundId: fund.id }, order: { id: 'ASC' } })).map((a) => a.status).sort();
    expect(statuses).toEqual(['posted', 'proposed']);
    expect(await ledgerSum(fund.id)).toBe(fund.balance);
  });

  it('posts exactly as many of many simultaneous approvals as the balance covers', async () => {
    // Start from a known balance of 40 000 fen in community B (left by the previous test).
    await donate(staffB, tree.b.id, 60_000); // 100 000
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await propose(staffB, tree.b.id, 30_000)).data.id);
    const results = await Promise.all(ids.map((id, i) => (i % 2 ? streetAdmin : streetStaff).post(`/funds/allocations/${id}/approve`)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(3);
    const fund = await fundOf(tree.b.id);
    expect(fund.balance).toBe(10_000);
    expect(await ledgerSum(fund.id)).toBe(10_000);
  });

  it('corrects with reversing entries only: the ledger sum equals the balance; an entry is reversed once', async () => {
    const fundId = (await fundOf(tree.a.id)).id;
    const d = await donate(staffA1, tree.a.id, 12_345);
    const p = await propose(staffA1, tree.a.id, 5_000);
    await staffA2.post(`/funds/allocations/${p.data.id}/approve`);
    const spent = await t.db.manager.findOneByOrFail(FundEntry, { allocationId: p.data.id, kind: 'allocation' });
    const before = (await fundOf(tree.a.id)).balance;

    const r1 = await staffA2.post(`/funds/entries/${d.data.id}/reverse`, { reason: '重复登记' });
    expect(r1.status).toBe(201);
    expect(r1.data).toMatchObject({ kind: 'reversal', amountFen: -12_345, reversesEntryId: d.data.id, reason: '重复登记', flow: 'in' });
    const r2 = await staffA1.post(`/funds/entries/${spent.id}/reverse`, { reason: '发票作废，退回' });
    expect(r2.status).toBe(201);
    expect(r2.data.amountFen).toBe(5_000);
    expect((await t.db.manager.findOneByOrFail(FundAllocation, { id: p.data.id })).status).toBe('reversed');

    const fund = await fundOf(tree.a.id);
    expect(fund.balance).toBe(before - 12_345 + 5_000);
    expect(await ledgerSum(fundId)).toBe(fund.balance);

    // Once only, also when asked twice at the same moment.
    const twice = await staffA1.post(`/funds/entries/${d.data.id}/reverse`, { reason: '再次冲正' });
    expect(twice.status).toBe(409);
    expect(twice.body.error?.message).toContain('已冲正');
    const d2 = await donate(staffA1, tree.a.id, 1_000);
    const race = await Promise.all([1, 2, 3].map(() => staffA2.post(`/funds/entries/${d2.data.id}/reverse`, { reason: '登记错误' })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const reversalOfReversal = await staffA1.post(`/funds/entries/${r1.data.id}/reverse`, { reason: '撤销冲正' });
    expect(reversalOfReversal.status).toBe(409);
    expect(await ledgerSum(fundId)).toBe((await fundOf(tree.a.id)).balance);

    // Public monthly figures net the reversals out.
    const board = await t.api.get(`/funds/nodes/${tree.a.id}`);
    const totalIn = board.data.monthly.reduce((s: number, m: { incomeFen: number }) => s + m.incomeFen, 0);
    const totalOut = board.data.monthly.reduce((s: number, m: { spendingFen: number }) => s + m.spendingFen, 0);
    expect(totalIn - totalOut).toBe(board.data.balanceFen);
    expect(board.data.totals.incomeFen - board.data.totals.spendingFen).toBe(board.data.balanceFen);
  });

  it('refuses a reversal that would make the balance negative', async () => {
    const d = await donate(streetStaff, tree.b.id, 50_000);
    const fundB = await fundOf(tree.b.id);
    const p = await propose(staffB, tree.b.id, fundB.balance);
    expect((await streetAdmin.post(`/funds/allocations/${p.data.id}/approve`)).status).toBe(201);
    expect((await fundOf(tree.b.id)).balance).toBe(0);
    const res = await streetAdmin.post(`/funds/entries/${d.data.id}/reverse`, { reason: '捐赠退回' });
    expect(res.status).toBe(409);
    expect(res.body.error?.message).toContain('负数');
    expect((await fundOf(tree.b.id)).balance).toBe(0);
    expect(await t.db.manager.count(FundEntry, { where: { reversesEntryId: d.data.id } })).toBe(0);
  });

  it('needs a street-level approval above FUND_STREET_APPROVAL_FEN, by a third person', async () => {
    await donate(staffA1, tree.a.id, 1_000_000);
    const before = (await fundOf(tree.a.id)).balance;
    const p = await propose(staffA1, tree.a.id, 600_000, { purpose: '楼道适老化改造' });
    expect(p.data.needsStreetApproval).toBe(true);

    const first = await staffA2.post(`/funds/allocations/${p.data.id}/approve`);
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ status: 'approved', statusLabel: '待街道审批' });
    expect((await fundOf(tree.a.id)).balance).toBe(before);
    // The street is told it is their turn; the community's staff are not told again.
    const streetTitles = (await streetStaff.get('/inbox')).data.items.map((i: { title: string }) => i.title);
    expect(streetTitles).toContain('文昌社区基金有一笔大额支出待街道审批');

    const community = await staffA2.post(`/funds/allocations/${p.data.id}/approve`);
    expect(community.status).toBe(403);
    expect(community.body.error?.message).toContain('街道');
    const proposer = await staffA1.post(`/funds/allocations/${p.data.id}/approve`);
    expect(proposer.status).toBe(403);

    const street = await streetAdmin.post(`/funds/allocations/${p.data.id}/approve`);
    expect(street.status).toBe(201);
    expect(street.data).toMatchObject({ status: 'posted', streetApprovedBy: streetAdmin.userId });
    expect((await fundOf(tree.a.id)).balance).toBe(before - 600_000);
    const actions = (await t.db.manager.find(AuditLog, { where: { entityType: 'fund_allocation', entityId: p.data.id }, order: { id: 'ASC' } })).map((a) => a.toState);
    expect(actions).toEqual(['proposed', 'approved', 'street_approved', 'posted']);
  });

  it('links a spending only to an open need or an active project of its own communities, picked by name', async () => {
    const reporter = await residentOf(t, 'o-fund-link-reporter', tree.a);
    const open = await reportNeed(reporter, await categoryId(t, 'elderly'), { title: '楼道扶手松动' });
    const closed = await reportNeed(reporter, await categoryId(t, 'elderly'), { title: '路灯不亮' });
    expect((await staffA1.post(`/needs/${closed}/close`, { kind: 'referred', reason: '属于物业公司职责', referredTo: '文昌物业公司' })).status).toBeLessThan(300);
    const otherReporter = await residentOf(t, 'o-fund-link-other', tree.b);
    const elsewhere = await reportNeed(otherReporter, await categoryId(t, 'elderly'), { title: '清河社区的需求' });

    // The picker offers the open needs of the fund's community, by name, never the closed one or another community's.
    const options = await staffA1.get(`/funds/nodes/${tree.a.id}/link-options`);
    expect(options.status).toBe(200);
    const titles = options.data.needs.map((n: { title: string }) => n.title);
    expect(titles).toContain('楼道扶手松动');
    expect(titles).not.toContain('路灯不亮');
    expect(titles).not.toContain('清河社区的需求');
    expect(options.data.needs.find((n: { id: number }) => n.id === open)).toMatchObject({ communityName: '文昌社区', statusLabel: expect.any(String) });
    expect((await staffB.get(`/funds/nodes/${tree.a.id}/link-options`)).status).toBe(403);

    const toClosed = await propose(staffA1, tree.a.id, 1_000, { needId: closed });
    expect(toClosed.status).toBe(400);
    expect(toClosed.body.error?.fields?.[0].field).toBe('needId');
    expect(toClosed.body.error?.message).toContain('路灯不亮');
    expect(toClosed.body.error?.message).toContain('不能再关联新的支出');
    const toOther = await propose(staffA1, tree.a.id, 1_000, { needId: elsewhere });
    expect(toOther.status).toBe(400);
    expect(toOther.body.error?.message).toContain('不在本基金的范围内');
    expect((await propose(staffA1, tree.a.id, 1_000, { needId: 999_999 })).status).toBe(400);
    expect((await propose(staffA1, tree.a.id, 1_000, { needId: open })).status).toBe(201);
  });

  it('sends the approver a subscribe message too, once they accepted one on the fund page', async () => {
    expect((await staffA2.post('/inbox/subscriptions', { keys: ['need_status'] })).status).toBe(400);
    const granted = await staffA2.post('/inbox/subscriptions', { keys: ['fund_approval'] });
    expect(granted.status).toBe(200);
    expect(granted.data).toEqual({ fund_approval: 1, urgent_need: 0 });
    expect((await propose(staffA1, tree.a.id, 2_000, { purpose: '购买垃圾分类宣传册' })).status).toBe(201);
    const sent = await t.db.manager.find(OutboxMessage, { where: { userId: staffA2.userId, templateKey: 'fund_approval' } });
    expect(sent).toHaveLength(1);
    expect(sent[0].templateId).toBe('dev-template-fund-approval');
    // The one grant is spent: the next proposal is told in the inbox only.
    expect((await propose(staffA1, tree.a.id, 2_000, { purpose: '购买垃圾分类宣传册' })).status).toBe(201);
    expect(await t.db.manager.count(OutboxMessage, { where: { userId: staffA2.userId, templateKey: 'fund_approval' } })).toBe(1);
  });

  it('rejects with a reason the proposer is told; a rejected allocation cannot be approved', async () => {
    const p = await propose(staffA1, tree.a.id, 1_000);
    const noReason = await staffA2.post(`/funds/allocations/${p.data.id}/reject`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.fields).toEqual([{ field: 'reason', message: '请填写原因' }]);
    const rej = await staffA2.post(`/funds/allocations/${p.data.id}/reject`, { reason: '用途不明确' });
    expect(rej.status).toBe(201);
    expect(rej.data).toMatchObject({ status: 'rejected', rejectReason: '用途不明确' });
    // The proposer hears why, in the approver's words (#13).
    const told = (await staffA1.get('/inbox')).data.items.find((i: { title: string }) => i.title === '支出申请被驳回');
    expect(told.body).toContain('被驳回：用途不明确');
    const late = await streetAdmin.post(`/funds/allocations/${p.data.id}/approve`);
    expect(late.status).toBe(409);
    expect(late.body.error?.message).toContain('未通过');
  });

  it('grants from a street fund to one of its communities through the same approval', async () => {
    await donate(streetStaff, tree.street.id, 300_000, { donorName: '区慈善会', donorKind: 'organization' });
    const aBefore = (await fundOf(tree.a.id)).balance;
    const outside = await propose(streetStaff, tree.street.id, 100_000, { grantToNodeId: tree.other.id });
    expect(outside.status).toBe(400);
    expect(outside.body.error?.fields?.[0].field).toBe('grantToNodeId');

    const g = await propose(streetStaff, tree.street.id, 100_000, { purpose: '拨付文昌社区开展助老服务', grantToNodeId: tree.a.id });
    expect(g.status).toBe(201);
    expect((await streetAdmin.post(`/funds/allocations/${g.data.id}/approve`)).status).toBe(201);
    expect((await fundOf(tree.street.id)).balance).toBe(200_000);
    expect((await fundOf(tree.a.id)).balance).toBe(aBefore + 100_000);

    const board = await t.api.get(`/funds/nodes/${tree.a.id}/ledger`);
    expect(board.data.items[0]).toMatchObject({ kind: 'grant_in', kindLabel: '上级拨付', amountFen: 100_000, counterpartNodeName: '古南街道' });
    const street = await t.api.get(`/funds/nodes/${tree.street.id}`);
    expect(street.data.allocations[0]).toMatchObject({ grantToNodeName: '文昌社区', amountFen: 100_000 });
    for (const nodeId of [tree.street.id, tree.a.id]) {
      const f = await fundOf(nodeId);
      expect(await ledgerSum(f.id)).toBe(f.balance);
    }
  });

  it("refuses another community's staff (403) while the street admin can act", async () => {
    const p = await propose(staffA1, tree.a.id, 1_000);
    const entry = (await donate(staffA1, tree.a.id, 2_000)).data.id;
    for (const res of [
      await donate(staffB, tree.a.id, 1_000),
      await propose(staffB, tree.a.id, 1_000),
      await staffB.post(`/funds/allocations/${p.data.id}/approve`),
      await staffB.post(`/funds/allocations/${p.data.id}/reject`, { reason: '越权' }),
      await staffB.post(`/funds/entries/${entry}/reverse`, { reason: '越权' }),
      await staffB.get(`/funds/nodes/${tree.a.id}/entries`),
      await otherStreetStaff.post(`/funds/allocations/${p.data.id}/approve`),
      await otherStreetStaff.post('/funds', { nodeId: tree.a.id }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('OUT_OF_SCOPE');
    }
    expect((await t.db.manager.findOneByOrFail(FundAllocation, { id: p.data.id })).status).toBe('proposed');

    const residentTry = await donate(resident, tree.a.id, 1_000);
    expect(residentTry.status).toBe(403);
    expect(residentTry.body.error?.code).toBe('FORBIDDEN');
    expect((await t.api.post(`/funds/nodes/${tree.a.id}/donations`, {})).status).toBe(401);

    expect((await streetAdmin.post(`/funds/allocations/${p.data.id}/approve`)).status).toBe(201);
    expect((await donate(streetAdmin, tree.a.id, 1_000)).status).toBe(201);
  });

  it('names the field in validation errors', async () => {
    const missing = await staffA1.post(`/funds/nodes/${tree.a.id}/donations`, { anonymous: false, donorName: 'x', donorKind: 'enterprise', channel: '现金', receivedOn: today(t) });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.fields).toEqual([{ field: 'amountFen', message: '请填写金额（分）' }]);

    const bad = await donate(staffA1, tree.a.id, 12.5, { donorKind: 'alien' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.fields).toEqual(
      expect.arrayContaining([
        { field: 'amountFen', message: '金额（分）应为整数' },
        { field: 'donorKind', message: expect.stringContaining('捐赠人类型只能是') },
      ]),
    );

    const future = await donate(staffA1, tree.a.id, 100, { receivedOn: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.error?.fields).toEqual([{ field: 'receivedOn', message: '到账日期不能晚于今天' }]);

    const noName = await donate(staffA1, tree.a.id, 100, { donorName: undefined });
    expect(noName.status).toBe(400);
    expect(noName.body.error?.fields?.[0].field).toBe('donorName');

    const tooMuch = await propose(staffA1, tree.a.id, 0);
    expect(tooMuch.body.error?.fields).toEqual([{ field: 'amountFen', message: '金额（分）不能小于 1' }]);

    const district = await donate(streetAdmin, tree.district.id, 100);
    expect(district.status).toBe(403); // the street admin does not cover the district

    const phone = await staffA1.post(`/funds/nodes/${tree.a.id}/in-kind`, {
      item: '轮椅',
      quantity: 1,
      unit: '台',
      anonymous: true,
      donorKind: 'individual',
      receivedOn: today(t),
      destinationKind: 'household',
      destinationNote: '送往 13800001111 家',
    });
    expect(phone.status).toBe(400);
    expect(phone.body.error?.fields?.[0].field).toBe('destinationNote');
  });

  it('checks public text with WeChat content security before storing anything', async () => {
    const count = await t.db.manager.count(FundEntry);
    const res = await donate(staffA1, tree.a.id, 100, { donorName: '赌博网站' });
    expect(res.status).toBe(422);
    expect(res.body.error?.fields?.[0].field).toBe('donorName');
    const p = await propose(staffA1, tree.a.id, 100, { purpose: '代开发票服务费' });
    expect(p.status).toBe(422);
    expect(await t.db.manager.count(FundEntry)).toBe(count);
  });

  it('counts an entry older than the twelve months shown in the totals only (#15: totals and months from one GROUP BY)', async () => {
    const board = async () => (await t.api.get(`/funds/nodes/${tree.b.id}`)).data;
    const before = await board();
    const monthsBefore = JSON.stringify(before.monthly);
    expect((await donate(staffB, tree.b.id, 1_234, { receivedOn: '2020-01-15' })).status).toBe(201);
    const after = await board();
    expect(after.totals).toEqual({ incomeFen: before.totals.incomeFen + 1_234, spendingFen: before.totals.spendingFen });
    expect(JSON.stringify(after.monthly)).toBe(monthsBefore);
    expect(after.donations.at(-1)).toMatchObject({ amountFen: 1_234, occurredOn: '2020-01-15', reversed: false });
  });

  it('shows an empty board for a node without a fund, and 404 for an unknown node', async () => {
    const empty = await t.api.get(`/funds/nodes/${tree.other.id}`);
    expect(empty.status).toBe(200);
    expect(empty.data).toMatchObject({ fundId: null, balanceFen: 0, donations: [], allocations: [] });
    expect((await t.api.get('/funds/nodes/999999')).status).toBe(404);
  });
});
