import ExcelJS from 'exceljs';
import { PiiCipher } from '../../../server/src/common/crypto';
import { NeedsService } from '../../../server/src/needs/needs.service';
import { beijingDate } from '../../../server/src/contract/format';
import { seedDemo } from '../../../server/src/seed/demo-seed';
import { ServiceNode } from '../../../server/src/tree/service-node.entity';
import { startTestApp, type TestApp } from '../../helpers/test-app';

/**
 * 统计台账 on the demo data (#12): the street admin's figures for the last 90 days, checked against
 * what server/src/seed/*.ts writes (counted by hand from those files).
 */
describe('statistics of the demo street', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEV_LOGIN: 'true' });
    expect(await seedDemo(t.db, t.app.get(PiiCipher))).toBe(true);
  });
  afterAll(() => t.close());

  it('counts the seeded needs, the consultation and project, the volunteers and the wishes', async () => {
    const admin = t.api.as((await t.api.post('/auth/dev-login', { account: 'street-admin' })).data.token);
    const street = await t.db.manager.findOneByOrFail(ServiceNode, { name: '古南街道' });
    const to = beijingDate(t.clock.now());
    const from = beijingDate(new Date(t.clock.now().getTime() - 89 * 86_400_000));
    const res = await admin.get(`/stats/nodes/${street.id}?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    // server/src/seed/needs.ts: 8 needs over the last 40 days (文昌 5, 清河 3); 5 accepted; one rated 5.
    expect(res.data.needs).toMatchObject({ reported: 8, accepted: 5, satisfactionRate: { numerator: 1, denominator: 1, percent: 100 } });
    expect(res.data.children.map((c: { node: { name: string }; needs: { reported: number } }) => [c.node.name, c.needs.reported])).toEqual([
      ['文昌社区', 5],
      ['清河社区', 3],
    ]);
    // The trend: the period's three months widened to six, every demo need in them.
    expect(res.data.trend).toHaveLength(6);
    expect(res.data.trend.at(-1).month).toBe(to.slice(0, 7));
    expect(res.data.trend.reduce((n: number, x: { reported: number }) => n + x.reported, 0)).toBe(8);
    const [{ done }] = await t.db.query('SELECT COUNT(*) AS done FROM need WHERE done_at IS NOT NULL');
    expect(res.data.trend.reduce((n: number, x: { done: number }) => n + x.done, 0)).toBe(Number(done));
    // Late now: 清河's 门禁 need, waiting 60 h with a 24-hour limit (red); 文昌's open needs all had a step within 7 days.
    expect(res.data.children.map((c: { overdue: unknown }) => c.overdue)).toEqual([
      { late: 0, red: 0 },
      { late: 1, red: 1 },
    ]);
    // server/src/seed/consultation.ts: one topic, one 小板凳议事会 held with 23 residents, one resolution, one project with 36 served.
    expect(res.data.loop).toMatchObject({ topics: 1, meetingsHeld: 1, meetingParticipants: 23, resolutions: 1, projectsStarted: 1, peopleServed: 36 });
    // server/src/seed/volunteers.ts: two approved volunteers (60 days ago), two past activities confirmed (3 h + 2 h).
    expect(res.data.volunteers).toMatchObject({ registered: 2, active: 2, activitiesHeld: 2, confirmedHours: 5 });
  });

  it('escalates the red need to the street admin, once', async () => {
    const admin = t.api.as((await t.api.post('/auth/dev-login', { account: 'street-admin' })).data.token);
    const sweep = () => t.app.get(NeedsService).escalateOverdue();
    expect(await sweep()).toEqual({ yellow: 1, red: 1 });
    expect(await sweep()).toEqual({ yellow: 0, red: 0 });
    const notice = (await admin.get('/inbox')).data.items.find((i: { title: string }) => i.title === '清河社区有需求严重超时未受理');
    expect(notice.body).toContain('单元门禁坏了');
  });

  it('gives the five 台账 as .xlsx files whose rows and 合计 agree with the statistics, nobody named in full', async () => {
    const admin = t.api.as((await t.api.post('/auth/dev-login', { account: 'street-admin' })).data.token);
    const street = await t.db.manager.findOneByOrFail(ServiceNode, { name: '古南街道' });
    const to = beijingDate(t.clock.now());
    const from = beijingDate(new Date(t.clock.now().getTime() - 89 * 86_400_000));
    const stats = (await admin.get(`/stats/nodes/${street.id}?from=${from}&to=${to}`)).data;
    const book = async (kind: string) => {
      const res = await fetch(`${t.url}/api/stats/nodes/${street.id}/ledgers/${kind}.xlsx?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${admin.token}` } });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '文昌社区', '清河社区']);
      const all = wb.getWorksheet('汇总')!;
      expect(all.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      const header = (all.getRow(2).values as unknown[]).slice(1);
      const rows = Array.from({ length: all.rowCount - 3 }, (_, i) => Object.fromEntries(header.map((h, k) => [h, all.getRow(3 + i).getCell(k + 1).value])));
      const total = Object.fromEntries(header.map((h, k) => [h, all.getRow(all.rowCount).getCell(k + 1).value]));
      expect(total[header[0] as string]).toBe('合计');
      return { wb, title: String(all.getCell(1, 1).value), rows, total, text: JSON.stringify(wb.worksheets.map((w) => w.getSheetValues())) };
    };
    const sum = (rows: Array<Record<string, unknown>>, col: string) => Math.round(rows.reduce((s, r) => s + Number(r[col] || 0), 0) * 100) / 100;

    const needs = await book('needs');
    expect(needs.title).toBe(`古南街道居民需求台账（${from} 至 ${to}）`);
    expect(needs.rows).toHaveLength(stats.needs.reported);

    const hours = await book('volunteer-hours');
    expect(hours.title).toContain('志愿服务时长台账');
    expect(sum(hours.rows, '时长（小时）')).toBe(stats.volunteers.confirmedHours);
    expect(hours.total['时长（小时）']).toBe(stats.volunteers.confirmedHours);
    expect(hours.total['活动']).toBe(`${stats.volunteers.activitiesHeld} 场活动，${stats.volunteers.active} 名志愿者`);

    const wishes = await book('wishes');
    expect(wishes.rows).toHaveLength(stats.charity.wishesPublished);
    expect(wishes.total['价值（元）']).toBe(sum(wishes.rows, '价值（元）'));

    const fund = await book('fund');
    expect(fund.total['收入（元）']).toBe(sum(fund.rows, '收入（元）'));
    expect(fund.total['支出（元）']).toBe(sum(fund.rows, '支出（元）'));
    // The ledger lists every entry; the statistics leave the street's grants to its communities out as transfers.
    const grants = fund.rows.filter((r) => String(r['类型']).includes('拨'));
    expect(Math.round((sum(fund.rows, '收入（元）') - sum(grants, '收入（元）')) * 100)).toBe(stats.charity.incomeFen);

    const projects = await book('projects');
    expect(projects.rows.length).toBeGreaterThanOrEqual(stats.loop.projectsStarted);
    expect(projects.total['服务人次']).toBe(sum(projects.rows, '服务人次'));

    // Masked: the seeds' people appear as 王** and 138****0000, never whole.
    const cipher = t.app.get(PiiCipher);
    const volunteers: Array<{ real_name_enc: string; phone_enc: string }> = await t.db.query('SELECT real_name_enc, phone_enc FROM volunteer');
    const wishesRaw: Array<{ beneficiary_name_enc: string }> = await t.db.query('SELECT beneficiary_name_enc FROM wish');
    const secrets = [...volunteers.flatMap((v) => [cipher.decrypt(v.real_name_enc), cipher.decrypt(v.phone_enc)]), ...wishesRaw.map((w) => cipher.decrypt(w.beneficiary_name_enc))];
    expect(secrets.length).toBeGreaterThan(2);
    for (const book of [needs, hours, wishes, fund, projects]) for (const secret of secrets) expect(book.text).not.toContain(secret);
    expect(hours.text).toMatch(/\*\*\*\*/);
    // A bad kind is a 400 that names the five.
    const bad = await admin.get(`/stats/nodes/${street.id}/ledgers/people.xlsx`);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('volunteer-hours.xlsx');
  });
});
