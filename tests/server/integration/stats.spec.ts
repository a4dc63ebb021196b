import ExcelJS from 'exceljs';
import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { beijingDate } from '../../../server/src/contract/format';
import { buildTree, categoryId, needBody, person, PNG_1X1, reportNeed, resident, type Tree, uploadFile } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';
import { registerAndApprove } from '../../helpers/volunteer-factories';

type Person = Api & { userId: number };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * 统计 (#12, first slice): the needs of a street's communities over a period, the three rates with
 * their fractions, checked against values computed by hand; the period is Beijing calendar days.
 */
describe('statistics: needs and the three rates, per node and per child', () => {
  let t: TestApp;
  let tree: Tree;
  let staffA: Person;
  let staffB: Person;
  let streetAdmin: Person;
  let reporterA: Person;
  let reporterB: Person;
  let t0: Date;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    staffA = await person(t, 'o-st-staff-a', [['staff', tree.a]]);
    staffB = await person(t, 'o-st-staff-b', [['staff', tree.b]]);
    streetAdmin = await person(t, 'o-st-admin', [['admin', tree.street]]);
    reporterA = await resident(t, 'o-st-res-a', tree.a);
    reporterB = await resident(t, 'o-st-res-b', tree.b);
    // Start in the middle of a Beijing day, so that the scenario's hours stay inside its days.
    const now = t.clock.now().getTime();
    const bjMidnight = Math.floor((now + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
    t.clock.advance(bjMidnight + DAY + 9 * HOUR - now);
    t0 = t.clock.now();
  });
  afterAll(() => t.close());

  const period = (from: Date, to: Date) => `from=${beijingDate(from)}&to=${beijingDate(to)}`;

  it('counts reported, responded in time, resolved and satisfied, with the fractions, for the street and each community', async () => {
    const elderly = await categoryId(t, 'elderly');
    const facilities = await categoryId(t, 'facilities');
    // t0: four needs.
    const n1 = await reportNeed(reporterA, elderly, { title: '燃气味很重', urgency: 'critical' });
    const n2 = await reportNeed(reporterA, facilities, { title: '楼道灯坏了' });
    const n3 = await reportNeed(reporterB, facilities, { title: '井盖松动', urgency: 'urgent' });
    await reportNeed(reporterA, facilities, { title: '路面积水' }); // never answered
    // t0+1h: n1 accepted (紧急, limit 2 h: in time); n3 answered with a refusal (较急, 24 h: in time).
    t.clock.advance(HOUR);
    expect((await staffA.post(`/needs/${n1}/accept`, {})).status).toBe(200);
    expect((await staffB.post(`/needs/${n3}/reject`, { reason: '属于市政部门职责，已告知居民拨打12345' })).status).toBeLessThan(300);
    // t0+30h: n1 done and rated 5.
    t.clock.advance(29 * HOUR);
    await staffA.post(`/needs/${n1}/route`, { to: 'in_progress' });
    expect((await staffA.post(`/needs/${n1}/done`, { note: '燃气公司已上门检修' })).status).toBe(200);
    expect((await reporterA.post(`/needs/${n1}/rate`, { rating: 5 })).status).toBeLessThan(300);
    // t0+80h: n2 accepted late (一般, limit 72 h), done, rated 2.
    t.clock.advance(50 * HOUR);
    expect((await staffA.post(`/needs/${n2}/accept`, {})).status).toBe(200);
    await staffA.post(`/needs/${n2}/route`, { to: 'in_progress' });
    expect((await staffA.post(`/needs/${n2}/done`, { note: '已更换' })).status).toBe(200);
    expect((await reporterA.post(`/needs/${n2}/rate`, { rating: 2 })).status).toBeLessThan(300);

    const res = await streetAdmin.get(`/stats/nodes/${tree.street.id}?${period(t0, t.clock.now())}`);
    expect(res.status).toBe(200);
    expect(res.data.responseHours).toEqual({ critical: 2, urgent: 24, normal: 72 });
    expect(res.data.needs).toMatchObject({
      reported: 4,
      accepted: 2,
      done: 2,
      responseRate: { numerator: 2, denominator: 4, percent: 50 },
      resolutionRate: { numerator: 2, denominator: 2, percent: 100 },
      satisfactionRate: { numerator: 1, denominator: 2, percent: 50 },
      acceptHours: { median: 1, p90: 80 },
    });
    expect(res.data.needs.byCategory).toEqual([
      { key: String(facilities), label: expect.any(String), count: 3 },
      { key: String(elderly), label: expect.any(String), count: 1 },
    ]);
    const [a, b] = res.data.children;
    expect(a.node.name).toBe('文昌社区');
    expect(a.needs).toMatchObject({ reported: 3, responseRate: { numerator: 1, denominator: 3, percent: 33.3 }, satisfactionRate: { numerator: 1, denominator: 2 } });
    expect(b.node.name).toBe('清河社区');
    expect(b.needs).toMatchObject({ reported: 1, responseRate: { numerator: 1, denominator: 1, percent: 100 }, resolutionRate: { numerator: 0, denominator: 0, percent: null } });
    expect(b.needs.byStatus).toEqual([{ key: 'rejected', label: '未受理', count: 1 }]);

    // A community's staff see their own community, not the street or the neighbour.
    expect((await staffA.get(`/stats/nodes/${tree.a.id}?${period(t0, t.clock.now())}`)).data.needs.reported).toBe(3);
    expect((await staffA.get(`/stats/nodes/${tree.street.id}`)).status).toBe(403);
    expect((await staffA.get(`/stats/nodes/${tree.b.id}`)).status).toBe(403);
    expect((await reporterA.get(`/stats/nodes/${tree.a.id}`)).status).toBe(403);
  });

  it('cuts the period at midnight Beijing time', async () => {
    const now = t.clock.now().getTime();
    const nextMidnight = Math.floor((now + 8 * HOUR) / DAY) * DAY + DAY - 8 * HOUR;
    t.clock.advance(nextMidnight - 60_000 - now); // 23:59 Beijing
    const dayBefore = t.clock.now();
    const cat = await categoryId(t, 'facilities');
    await reportNeed(reporterB, cat, { title: '23:59 反映的需求' });
    t.clock.advance(2 * 60_000); // 00:01 the next day
    const dayAfter = t.clock.now();
    await reportNeed(reporterB, cat, { title: '00:01 反映的需求' });
    expect(beijingDate(dayAfter)).not.toBe(beijingDate(dayBefore));
    const on = async (d: Date) => (await staffB.get(`/stats/nodes/${tree.b.id}?${period(d, d)}`)).data.needs.reported;
    expect(await on(dayBefore)).toBe(1);
    expect(await on(dayAfter)).toBe(1);
  });

  it('gives a community’s month to anyone, without login: the same counts as the staff see, the fund this month, nobody named', async () => {
    const today = beijingDate(t.clock.now());
    expect((await staffA.post(`/funds/nodes/${tree.a.id}/donations`, { amountFen: 50_000, anonymous: true, donorName: '刘明远', donorKind: 'individual', channel: '银行转账', receivedOn: today })).status).toBe(201);
    const res = await t.api.get(`/stats/public/communities/${tree.a.id}`);
    expect(res.status).toBe(200);
    const staffView = (await staffA.get(`/stats/nodes/${tree.a.id}?from=${today.slice(0, 8)}01&to=${today}`)).data.needs;
    expect(res.data).toMatchObject({
      communityId: tree.a.id,
      communityName: '文昌社区',
      month: today.slice(0, 7),
      reported: staffView.reported,
      done: staffView.done,
      satisfactionRate: staffView.satisfactionRate,
      fundIncomeFen: 50_000,
      fundSpendingFen: 0,
      volunteerHours: 0,
    });
    expect(JSON.stringify(res.body)).not.toContain('刘明远');
    expect((await t.api.get(`/stats/public/communities/${tree.street.id}`)).status).toBe(400);
  });

  it('counts the volunteers and charity of the period: registrations, wishes claimed by 党员, fund income', async () => {
    const today = beijingDate(t.clock.now());
    const vol = await resident(t, 'o-st-vol', tree.b);
    await registerAndApprove(t, vol, staffB, tree.b, '13600000077');
    const wish = await staffA.post('/wishes', {
      communityId: tree.a.id,
      title: '一台收音机',
      story: '独居老人想听戏曲。',
      valueFen: 12_000,
      category: 'elderly_alone',
      beneficiaryName: '张大爷',
      contactText: '请送至文昌社区党群服务中心',
    });
    expect(wish.status).toBe(201);
    expect((await reporterB.post(`/wishes/${wish.data.id}/claim`, { anonymous: false, asPartyMember: true })).status).toBe(201);
    const photo = await uploadFile(staffA, PNG_1X1);
    expect((await staffA.post(`/wishes/${wish.data.id}/deliver`, { photoUploadId: photo.body.data.id })).status).toBe(201);

    const res = await streetAdmin.get(`/stats/nodes/${tree.street.id}?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    // The 50,000 fen donation of the test before is today's only fund movement.
    expect(res.data.charity).toEqual({ incomeFen: 50_000, spendingFen: 0, inKindDonations: 0, wishesPublished: 1, wishesClaimed: 1, wishesClaimedByPartyMembers: 1, wishesDelivered: 1 });
    expect(res.data.volunteers).toEqual({ registered: 1, active: 0, activitiesHeld: 0, confirmedHours: 0, tasksDone: 0 });
    // Each community its own: the wish and the fund are 文昌's, the volunteer 清河's.
    const [a, b] = res.data.children;
    expect(a.charity).toMatchObject({ incomeFen: 50_000, wishesPublished: 1, wishesClaimedByPartyMembers: 1 });
    expect(a.volunteers.registered).toBe(0);
    expect(b.charity).toMatchObject({ incomeFen: 0, wishesPublished: 0 });
    expect(b.volunteers.registered).toBe(1);
    // A street's grant to its community is a transfer inside the street: neither income nor spending.
    await streetAdmin.post(`/funds/nodes/${tree.street.id}/donations`, { amountFen: 100_000, anonymous: false, donorName: '某商贸公司', donorKind: 'enterprise', channel: '银行转账', receivedOn: today });
    const streetStaff = await person(t, 'o-st-street-staff', [['staff', tree.street]]);
    const grant = await streetAdmin.post(`/funds/nodes/${tree.street.id}/allocations`, { amountFen: 20_000, purpose: '拨付文昌社区开展敬老活动', grantToNodeId: tree.a.id });
    expect(grant.status).toBe(201);
    expect((await streetStaff.post(`/funds/allocations/${grant.data.id}/approve`)).status).toBe(201);
    const after = (await streetAdmin.get(`/stats/nodes/${tree.street.id}?from=${today}&to=${today}`)).data.charity;
    expect(after).toMatchObject({ incomeFen: 150_000, spendingFen: 0 });
  });

  it('exports the needs 台账 as a real .xlsx: a title, the frozen header, masked people, a sheet per community, a 合计 row; audited', async () => {
    await reporterA.patch('/me', { nickname: '王秀英' });
    const from = beijingDate(t0);
    const to = beijingDate(t.clock.now());
    const res = await fetch(`${t.url}/api/stats/nodes/${tree.street.id}/ledgers/needs.xlsx?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${streetAdmin.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '文昌社区', '清河社区']);
    const all = wb.getWorksheet('汇总')!;
    expect(String(all.getCell(1, 1).value)).toBe(`古南街道居民需求台账（${from} 至 ${to}）`);
    expect(all.getRow(2).values).toEqual([undefined, '编号', '社区', '类别', '需求', '紧急程度', '状态', '反映时间', '受理时间', '办结时间', '反映人', '联系电话', '评价']);
    expect(all.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const reported = (await streetAdmin.get(`/stats/nodes/${tree.street.id}?from=${from}&to=${to}`)).data.needs.reported;
    // Title, header, one row per need, the 合计 row.
    expect(all.rowCount).toBe(2 + reported + 1);
    expect(String(all.getRow(all.rowCount).getCell(1).value)).toBe('合计');
    expect(String(all.getRow(all.rowCount).getCell(4).value)).toContain(`共 ${reported} 件`);
    const text = JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()));
    expect(text).toContain('王**'); // the one masking rule of the product (contract/format maskName)
    expect(text).not.toContain('王秀英');
    expect(wb.getWorksheet('清河社区')!.rowCount).toBe(2 + (await staffB.get(`/stats/nodes/${tree.b.id}?from=${from}&to=${to}`)).data.needs.reported + 1);
    expect(await t.db.manager.count(AuditLog, { where: { action: 'stats.ledger', actorId: streetAdmin.userId } })).toBe(1);
    // A community's staff cannot export the street's.
    expect((await staffA.get(`/stats/nodes/${tree.street.id}/ledgers/needs.xlsx`)).status).toBe(403);
  });

  it('refuses a bad period with a reason by the field', async () => {
    const bad = await staffA.get(`/stats/nodes/${tree.a.id}?from=2026-13-01`);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.fields?.[0].field).toBe('from');
    const reversed = await staffA.get(`/stats/nodes/${tree.a.id}?from=2026-12-10&to=2026-12-01`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error?.message).toContain('结束日期不能早于开始日期');
    expect((await staffA.get(`/stats/nodes/${tree.a.id}?from=2024-01-01&to=2026-12-01`)).status).toBe(400);
    expect((await staffA.get(`/stats/nodes/999999`)).status).toBe(404);
  });

  it('counts a 代报 need’s rating only when someone other than its handler made the 回访 call (the handler is refused); flags a resident dissatisfied twice', async () => {
    const from = beijingDate(t.clock.now());
    const cat = await categoryId(t, 'elderly');
    const colleague = await person(t, 'o-st-staff-a2', [['staff', tree.a]]);
    const proxyNeed = async (title: string) => {
      const res = await staffA.post('/needs', needBody(cat, { communityId: tree.a.id, title, isPublic: false, onBehalfOf: { name: '李桂兰', phone: '13700002222', building: '3栋', unit: '2单元' } }));
      expect(res.status).toBe(201);
      const id = res.data.id as number;
      expect((await staffA.post(`/needs/${id}/accept`, {})).status).toBe(200);
      expect((await staffA.post(`/needs/${id}/route`, { to: 'in_progress' })).status).toBe(200);
      expect((await staffA.post(`/needs/${id}/done`, { note: '已上门处理' })).status).toBe(200);
      return id;
    };
    const before = (await staffA.get(`/stats/nodes/${tree.a.id}?from=${from}&to=${from}`)).data.needs.satisfactionRate;
    // The handler may not rate the need they handled; a colleague's 回访 call is counted.
    const bath = await proxyNeed('代报：助浴');
    expect((await staffA.post(`/needs/${bath}/rate`, { rating: 5, visitedOn: from })).status).toBe(403);
    expect((await colleague.post(`/needs/${await proxyNeed('代报：助餐')}/rate`, { rating: 4, visitedOn: from })).status).toBe(200);
    // A rating written straight into the row by the handler (as before this rule) still does not count.
    await t.db.query('UPDATE need SET status = ?, rating = 5, rated_by = handler_id WHERE id = ?', ['rated', bath]);
    // A resident who says 未解决, then rates 1: dissatisfied twice.
    const n = await reportNeed(reporterA, cat, { title: '助行器坏了' });
    expect((await staffA.post(`/needs/${n}/accept`, {})).status).toBe(200);
    await staffA.post(`/needs/${n}/route`, { to: 'in_progress' });
    expect((await staffA.post(`/needs/${n}/done`, { note: '已修好' })).status).toBe(200);
    expect((await reporterA.post(`/needs/${n}/reopen`, { reason: '还是用不了' })).status).toBe(200);
    expect((await staffA.post(`/needs/${n}/done`, { note: '换了新的' })).status).toBe(200);
    expect((await reporterA.post(`/needs/${n}/rate`, { rating: 1 })).status).toBe(200);
    // Flagged to the street (接诉即办 督办).
    const flag = (await streetAdmin.get('/inbox')).data.items.find((i: { title: string }) => i.title === '文昌社区有居民两次不满意');
    expect(flag.body).toContain('“助行器坏了”重新办理后，居民仍评价 1 星');

    const after = (await staffA.get(`/stats/nodes/${tree.a.id}?from=${from}&to=${from}`)).data.needs;
    expect(after.satisfactionRate).toMatchObject({ numerator: before.numerator + 1, denominator: before.denominator + 2 });
    expect(after.dissatisfiedTwice).toBe(1);
  });

  it('counts the needs late now per child: yellow past the limit, red past twice it', async () => {
    const overdue = async () => (await streetAdmin.get(`/stats/nodes/${tree.street.id}`)).data.children[1].overdue;
    const before = await overdue();
    await reportNeed(reporterB, await categoryId(t, 'facilities'), { title: '消防通道被堵', urgency: 'urgent' });
    t.clock.advance(25 * HOUR);
    expect(await overdue()).toEqual({ late: before.late + 1, red: before.red });
    t.clock.advance(24 * HOUR);
    expect(await overdue()).toEqual({ late: before.late + 1, red: before.red + 1 });
    const street = (await streetAdmin.get(`/stats/nodes/${tree.street.id}`)).data;
    expect(street.overdue.late).toBe(street.children[0].overdue.late + street.children[1].overdue.late);
  });
});
