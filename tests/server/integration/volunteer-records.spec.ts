import { PiiCipher } from '../../../server/src/common/crypto';
import { seedDemo } from '../../../server/src/seed/demo-seed';
import { InboxMessage } from '../../../server/src/notifications/inbox-message.entity';
import { OutboxMessage } from '../../../server/src/notifications/outbox-message.entity';
import { VolunteerReminder } from '../../../server/src/volunteers/reminders.entity';
import { RemindersService } from '../../../server/src/volunteers/reminders.service';
import { buildTree, person, resident, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';
import { createActivity, type Person, registerAndApprove, skillId } from '../../helpers/volunteer-factories';
import { beijingDayWord } from '../../../server/src/contract/format';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The text of a PDF's uncompressed parts, and whether it embeds a font subset. */
function pdfFacts(bytes: Buffer) {
  const raw = bytes.toString('latin1');
  return {
    isPdf: raw.startsWith('%PDF-'),
    hasEof: raw.trimEnd().endsWith('%%EOF'),
    embedsFont: /\/FontFile2|\/FontFile3|\/FontFile\b/.test(raw),
    type0: raw.includes('/Type0'),
    pages: (raw.match(/\/Type \/Page\b/g) ?? []).length,
  };
}

describe('volunteer records: certificate PDF, public verification, reminders', () => {
  let t: TestApp;
  let tree: Tree;
  let staff: Person;
  let vol: Person;
  let code: string;

  const moveTo = (at: Date | string) => {
    const ms = new Date(at).getTime() - t.clock.now().getTime();
    if (ms < 0) throw new Error('the clock only moves forward in these tests');
    t.clock.advance(ms);
  };
  const qr = async (organizer: Api, id: number, purpose: 'in' | 'out') => (await organizer.get(`/volunteer-activities/${id}/qr?purpose=${purpose}`)).data.token as string;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://wushe.example.cn/' });
    tree = await buildTree(t.db);
    staff = await person(t, 'o-vr-staff', [['staff', tree.a]]);
    vol = await resident(t, 'o-vr-vol', tree.a);
    await registerAndApprove(t, vol, staff, tree.a, '13800005555', { realName: '王小明', skillIds: [await skillId(t, 'elderly_care')] });
  });
  afterAll(() => t.close());

  it('offers the registration form its skills, availability and consent text without login', async () => {
    const res = await t.api.get('/volunteers/options');
    expect(res.status).toBe(200);
    expect(res.data.skills.map((s: { label: string }) => s.label)).toContain('助老');
    expect(res.data.availability).toContainEqual({ key: 'weekend_morning', label: '周末上午' });
    expect(res.data.consent.text).toContain('志愿服务');
  });

  it('issues a certificate only to approved volunteers, with confirmed hours only', async () => {
    const stranger = await resident(t, 'o-vr-stranger', tree.a);
    const refused = await stranger.get('/volunteers/me/certificate.pdf');
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toContain('审核通过');

    // One activity, attended 9:00–11:10 → 2 h credited after the organizer confirms.
    const a = await createActivity(t, staff, tree.a, { title: '重阳敬老助餐' }, 24 * 60, 120);
    expect((await vol.post(`/volunteer-activities/${a.id}/signups`, {})).status).toBe(201);
    moveTo(new Date(new Date(a.startsAt).getTime() - 5 * MIN));
    expect((await vol.post(`/volunteer-activities/${a.id}/check-in`, { token: await qr(staff, a.id, 'in') })).status).toBe(200);
    moveTo(new Date(new Date(a.endsAt).getTime() + 10 * MIN));
    expect((await vol.post(`/volunteer-activities/${a.id}/check-out`, { token: await qr(staff, a.id, 'out') })).status).toBe(200);

    // Before confirmation: no hours on the certificate.
    const before = await vol.get('/volunteers/me/certificate');
    expect(before.status).toBe(200);
    expect(before.data).toMatchObject({ totalHours: 0, activities: [], pdfPath: '/api/volunteers/me/certificate.pdf' });

    expect((await staff.post(`/volunteer-activities/${a.id}/confirm-attendance`)).status).toBe(200);
    const cert = await vol.get('/volunteers/me/certificate');
    expect(cert.data).toMatchObject({ realName: '王小明', communityName: '文昌社区', totalHours: 2, activities: [{ title: '重阳敬老助餐', hours: 2 }] });
    expect(cert.data.code).toMatch(/^[A-Z2-9]{12}$/);
    expect(cert.data.code).not.toBe(before.data.code);
    code = cert.data.code;
  });

  it('serves the certificate as a real PDF with an embedded Chinese font', async () => {
    const res = await fetch(`${t.url}/api/volunteers/me/certificate.pdf`, { headers: { authorization: `Bearer ${vol.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(res.headers.get('content-disposition')).toContain(`volunteer-certificate-${code}.pdf`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const facts = pdfFacts(bytes);
    expect(facts).toMatchObject({ isPdf: true, hasEof: true, embedsFont: true, type0: true });
    expect(facts.pages).toBeGreaterThanOrEqual(1);
    // The QR code and the link lead to the verification page at the deployment's public address (#20).
    const verifyUrl = `https://wushe.example.cn/#/volunteer/pages/verify/index?code=${code}`;
    expect((await vol.get('/volunteers/me/certificate')).data.verifyUrl).toBe(verifyUrl);
    expect(bytes.toString('latin1')).toContain(`/URI (${verifyUrl})`);
    // A subset of the CJK font: small, but far more than an empty page.
    expect(bytes.length).toBeGreaterThan(5_000);
    expect(bytes.length).toBeLessThan(400_000);
    // The same totals give the same certificate: the code does not change on a second download.
    expect((await vol.get('/volunteers/me/certificate')).data.code).toBe(code);
    // No login, no PDF.
    expect((await fetch(`${t.url}/api/volunteers/me/certificate.pdf`)).status).toBe(401);
  });

  it('fails with a clear 503 (not a crash) when the server has no CJK font', async () => {
    const saved = process.env.CERT_FONT_PATH;
    process.env.CERT_FONT_PATH = '/nonexistent/font.ttc';
    try {
      const res = await vol.get('/volunteers/me/certificate.pdf');
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(res.body.error?.message).toContain('中文字体');
    } finally {
      if (saved === undefined) delete process.env.CERT_FONT_PATH;
      else process.env.CERT_FONT_PATH = saved;
    }
    expect((await fetch(`${t.url}/api/volunteers/me/certificate.pdf`, { headers: { authorization: `Bearer ${vol.token}` } })).status).toBe(200);
  });

  it('lets anyone check a code, showing no personal data', async () => {
    const res = await t.api.get(`/volunteer-certificates/${code}`);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      valid: true,
      code,
      nameMasked: '王**',
      communityName: '文昌社区',
      totalHours: 2,
      activityCount: 1,
      issuedAt: expect.any(String),
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('王小明');
    expect(text).not.toContain('13800005555');
    expect(text).not.toContain('5555');
    expect((await t.api.get('/volunteer-certificates/ABCDEFGHJKLM')).status).toBe(404);
    const bad = await t.api.get('/volunteer-certificates/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('验证码');
  });

  it('reminds confirmed volunteers the day before and the hour before, each once, by inbox and subscribe message', async () => {
    const sweep = t.app.get(RemindersService);
    const other = await resident(t, 'o-vr-other', tree.a);
    await registerAndApprove(t, other, staff, tree.a, '13800006666', { realName: '赵四' });
    const a = await createActivity(t, staff, tree.a, { title: '垃圾分类宣传', capacity: 1, cancelCutoffMinutes: 0 }, 3 * 24 * 60, 90);
    // vol takes the seat and accepts the reminder subscription; other is waitlisted (no reminder).
    const signed = await vol.post(`/volunteer-activities/${a.id}/signups`, { subscribed: ['activity_reminder'] });
    expect(signed.status).toBe(201);
    expect((await other.post(`/volunteer-activities/${a.id}/signups`, { subscribed: ['activity_reminder'] })).data.status).toBe('waitlisted');
    expect((await vol.post(`/volunteer-activities/${a.id}/signups`, { subscribed: ['need_status'] })).status).toBe(400);

    const start = new Date(a.startsAt).getTime();
    const reminders = async (userId: number) =>
      (await t.db.manager.find(InboxMessage, { where: { userId }, order: { id: 'ASC' } })).filter((m) => m.page === `volunteer/pages/activity/index?id=${a.id}` && m.title.includes('活动'));

    // Two days before: nothing yet.
    moveTo(new Date(start - 48 * HOUR));
    await sweep.sendReminders();
    expect(await reminders(vol.userId)).toHaveLength(0);

    // Within 24 hours: the day-before reminder, once, however often the sweep runs (also in parallel).
    moveTo(new Date(start - 20 * HOUR));
    await Promise.all([sweep.sendReminders(), sweep.sendReminders()]);
    await sweep.sendReminders();
    let mine = await reminders(vol.userId);
    expect(mine).toHaveLength(1);
    expect(mine[0].title).toBe('活动提醒');
    expect(mine[0].body).toContain('垃圾分类宣传');
    // 今天 or 明天 by the Beijing calendar day of the start, seen from the moment it is sent (#20).
    expect(mine[0].body).toContain(`将于${beijingDayWord(new Date(start), new Date(start - 20 * HOUR))}开始`);
    expect(await reminders(other.userId)).toHaveLength(0);
    const outbox = await t.db.manager.find(OutboxMessage, { where: { userId: vol.userId, templateKey: 'activity_reminder' } });
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0].data)).toMatchObject({ thing1: { value: '垃圾分类宣传' } });

    // Within the hour: the hour-before reminder, once (inbox only: the one grant was spent).
    moveTo(new Date(start - 45 * MIN));
    await sweep.sendReminders();
    await sweep.sendReminders();
    mine = await reminders(vol.userId);
    expect(mine.map((m) => m.title)).toEqual(['活动提醒', '活动即将开始']);
    expect(await t.db.manager.count(OutboxMessage, { where: { userId: vol.userId, templateKey: 'activity_reminder' } })).toBe(1);
    expect(await t.db.manager.count(VolunteerReminder)).toBe(2);

    // After the start: nothing more.
    moveTo(new Date(start + 5 * MIN));
    expect(await sweep.sendReminders()).toEqual({ day: 0, hour: 0 });
  });

  it('sends no reminder to a cancelled sign-up, and only the hour one to a late sign-up', async () => {
    const sweep = t.app.get(RemindersService);
    const late = await resident(t, 'o-vr-late', tree.a);
    await registerAndApprove(t, late, staff, tree.a, '13800007777', { realName: '钱七' });
    const a = await createActivity(t, staff, tree.a, { title: '老旧小区楼道清理', cancelCutoffMinutes: 0 }, 3 * 24 * 60, 60);
    expect((await vol.post(`/volunteer-activities/${a.id}/signups`, {})).status).toBe(201);
    expect((await vol.post(`/volunteer-activities/${a.id}/cancel-signup`)).status).toBe(200);
    const start = new Date(a.startsAt).getTime();
    moveTo(new Date(start - 90 * MIN));
    expect((await late.post(`/volunteer-activities/${a.id}/signups`, {})).status).toBe(201);
    moveTo(new Date(start - 30 * MIN));
    await sweep.sendReminders();
    const forLate = await t.db.manager.find(InboxMessage, { where: { userId: late.userId, page: `volunteer/pages/activity/index?id=${a.id}` } });
    expect(forLate.map((m) => m.title)).toEqual(['活动即将开始']);
    const forVol = await t.db.manager.find(InboxMessage, { where: { userId: vol.userId, page: `volunteer/pages/activity/index?id=${a.id}` } });
    expect(forVol.filter((m) => m.title.includes('提醒') || m.title.includes('即将'))).toHaveLength(0);
  });
});

describe('volunteer demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEV_LOGIN: 'true' });
  });
  afterAll(() => t.close());

  it('seeds approved demo volunteers, upcoming activities, a past activity with confirmed hours, and a task from a need', async () => {
    expect(await seedDemo(t.db, t.app.get(PiiCipher))).toBe(true);
    const login = await t.api.post('/auth/dev-login', { account: 'wenchang-volunteer' });
    expect(login.status).toBe(200);
    const liu = t.api.as(login.data.token);
    const me = await liu.get('/volunteers/me');
    expect(me.data.registration).toMatchObject({ status: 'approved', realNameMasked: '刘**', communityName: '文昌社区' });
    expect(me.data.registration.skills.map((s: { label: string }) => s.label)).toEqual(expect.arrayContaining(['助老']));

    const list = await liu.get('/volunteer-activities?limit=50');
    expect(list.status).toBe(200);
    const titles = list.data.items.map((a: { title: string }) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['敬老助餐日', '垃圾分类宣传', '老旧小区楼道清理', '四点半课堂作业辅导']));
    for (const a of list.data.items) expect(new Date(a.startsAt).getTime()).toBeGreaterThan(Date.now());

    const record = await liu.get('/volunteers/me/record');
    expect(record.data).toMatchObject({ totalHours: 3, points: { balance: 30 } });
    expect(record.data.activities[0]).toMatchObject({ title: '乐龄先锋健康义诊', confirmed: true, creditedHours: 3 });

    // Signing up works on the seeded data (the volunteer has the required 助老 skill).
    const meal = list.data.items.find((a: { title: string }) => a.title === '敬老助餐日');
    expect((await liu.post(`/volunteer-activities/${meal.id}/signups`, {})).data.status).toBe('confirmed');

    const community = me.data.registration.communityId;
    const tasks = await liu.get(`/volunteer-tasks?nodeId=${community}`);
    expect(tasks.status).toBe(200);
    expect(tasks.data.length).toBeGreaterThanOrEqual(1);
    expect(tasks.data[0]).toMatchObject({ status: 'open', claimed: false });
  });
});
