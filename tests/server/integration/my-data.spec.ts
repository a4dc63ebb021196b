import ExcelJS from 'exceljs';
import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { Need } from '../../../server/src/needs/need.entity';
import { Residence } from '../../../server/src/users/residence.entity';
import { User } from '../../../server/src/users/user.entity';
import { buildTree, categoryId, fetchFile, reportNeed, resident, type Tree } from '../../helpers/factories';
import { startTestApp, type TestApp } from '../../helpers/test-app';

/** 我的数据 (#14): a resident downloads everything held about her, then deletes her account. */
describe('my data: export everything, delete the account keeping public records without the person', () => {
  let t: TestApp;
  let tree: Tree;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
  });
  afterAll(() => t.close());

  it('exports a workbook of her records, then deletes: personal fields erased, the need kept as 已注销用户, the token refused', async () => {
    const alice = await resident(t, 'o-md-alice', tree.a);
    await alice.post('/me/phone', { code: t.fake.issuePhoneCode('13900001111') });
    const needId = await reportNeed(alice, await categoryId(t), { title: '小区门口路灯不亮' });

    const file = await fetchFile(alice, '/api/me/data.xlsx');
    expect(file.status).toBe(200);
    expect(file.type).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const text = (name: string) => JSON.stringify(wb.getWorksheet(name)!.getSheetValues());
    expect(text('个人信息')).toContain('13900001111');
    expect(text('我反映的需求')).toContain('小区门口路灯不亮');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['个人信息', '我反映的需求', '我也遇到了', '议题投票', '议事会报名', '志愿活动', '志愿任务', '积分', '认领的心愿', '消息']);
    expect(await t.db.manager.countBy(AuditLog, { action: 'user.export', entityId: alice.userId })).toBe(1);
    expect((await t.api.get('/me/data.xlsx')).status).toBe(401);

    const wrong = await alice.post('/me/delete', { confirm: '确定' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.fields?.[0]?.field).toBe('confirm');
    expect((await alice.post('/me/delete', { confirm: '注销' })).data).toEqual({ deleted: true });

    expect((await alice.get('/me')).status).toBe(401);
    const row = await t.db.manager.findOneByOrFail(User, { id: alice.userId });
    expect(row).toMatchObject({ nickname: '已注销用户', phoneEnc: null, phoneHash: null, phoneMasked: null, deletedAt: expect.any(Date) });
    expect(row.openid).not.toBe('o-md-alice');
    expect(await t.db.manager.countBy(Residence, { userId: alice.userId })).toBe(0);
    expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM inbox_message WHERE user_id = ?', [alice.userId]))[0].n)).toBe(0);
    // The public record stays, without her.
    expect((await t.db.manager.findOneByOrFail(Need, { id: needId })).title).toBe('小区门口路灯不亮');
    expect((await t.api.get(`/public/needs/${needId}`)).status).toBe(200);
    expect(await t.db.manager.countBy(AuditLog, { action: 'user.delete', entityId: alice.userId })).toBe(1);
    // The same WeChat account starts afresh; the number is free again.
    const again = await t.login('o-md-alice');
    expect(again.userId).not.toBe(alice.userId);
    expect((await again.post('/me/phone', { code: t.fake.issuePhoneCode('13900001111') })).status).toBe(201);
  });
});
