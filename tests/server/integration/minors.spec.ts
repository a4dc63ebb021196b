import { buildTree, categoryId, person, reportNeed, resident, type Tree, uploadFile, PNG_1X1 } from '../../helpers/factories';
import { startTestApp, type TestApp } from '../../helpers/test-app';
import { registrationBody } from '../../helpers/volunteer-factories';

/** Minors (#14): a volunteer under 18 needs a guardian's consent and takes no home visit; a child's wish shows nothing of the child. */
describe('minors', () => {
  let t: TestApp;
  let tree: Tree;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
  });
  afterAll(() => t.close());

  const year = () => Number(new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 4));

  it('approves a volunteer under 18 only after staff record the guardian’s consent; no home-visit task for her', async () => {
    const staff = await person(t, 'o-mi-staff', [['staff', tree.a]]);
    const teen = await resident(t, 'o-mi-teen', tree.a);
    const reg = await teen.post('/volunteers/registration', registrationBody(t, '13600001234', { communityId: tree.a.id, birthDate: `${year() - 15}-03-01` }));
    expect(reg.status).toBe(201);
    expect(reg.data).toMatchObject({ minor: true, guardianConsent: null });
    expect((await teen.post('/volunteers/registration', registrationBody(t, '13600001234', { communityId: tree.a.id, birthDate: '2010-02-30' }))).body.error?.fields?.[0]?.field).toBe('birthDate');

    const early = await staff.post(`/volunteers/${reg.data.id}/approve`);
    expect(early.status).toBe(409);
    expect(early.body.error?.message).toContain('未满18岁');
    expect((await staff.post(`/volunteers/${reg.data.id}/guardian-consent`, {})).status).toBe(400);
    const consent = await staff.post(`/volunteers/${reg.data.id}/guardian-consent`, { relation: '母亲' });
    expect(consent.status).toBe(200);
    expect(consent.data).toMatchObject({ minor: true, guardianConsent: { relation: '母亲', at: expect.any(String) } });
    expect((await staff.post(`/volunteers/${reg.data.id}/approve`)).status).toBe(200);

    // A home visit is not hers to take; an errand is.
    const reporter = await resident(t, 'o-mi-reporter', tree.a, '2栋', '1单元');
    const needId = await reportNeed(reporter, await categoryId(t, 'elderly'), { isPublic: false });
    await staff.post(`/needs/${needId}/accept`, {});
    const at = (h: number) => new Date(t.clock.now().getTime() + h * 3600_000).toISOString();
    const visit = await staff.post(`/needs/${needId}/volunteer-tasks`, { kind: 'visit', title: '上门陪老人聊天', startsAt: at(24), endsAt: at(26), place: '居民家中' });
    const errand = await staff.post(`/needs/${needId}/volunteer-tasks`, { kind: 'shopping', title: '代买蔬菜', startsAt: at(24), endsAt: at(25), place: '农贸市场' });
    const refused = await teen.post(`/volunteer-tasks/${visit.data.id}/claim`);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toContain('未满18岁');
    expect((await staff.post(`/volunteer-tasks/${visit.data.id}/assign`, { userId: teen.userId })).status).toBe(400);
    expect((await teen.post(`/volunteer-tasks/${errand.data.id}/claim`)).status).toBe(200);

    // An adult needs no consent.
    const adult = await resident(t, 'o-mi-adult', tree.a, '5栋', '1单元');
    const grown = await adult.post('/volunteers/registration', registrationBody(t, '13600005678', { communityId: tree.a.id, birthDate: '1990-01-01' }));
    expect(grown.data.minor).toBe(false);
    expect((await staff.post(`/volunteers/${grown.data.id}/guardian-consent`, { relation: '母亲' })).status).toBe(409);
  });

  it('shows nothing of a 困境儿童 wish’s story in public, and never publishes its photo', async () => {
    const staff = await person(t, 'o-mi-wish-staff', [['staff', tree.a]]);
    const wish = await staff.post('/wishes', {
      communityId: tree.a.id,
      title: '一套学习用品',
      story: '小明今年10岁，在文昌小学读四年级，父母在外打工。',
      valueFen: 8_000,
      category: 'child',
      beneficiaryName: '张小明',
      contactText: '送至社区党群服务中心',
    });
    expect(wish.status).toBe(201);
    const pub = (await t.api.get(`/wishes/${wish.data.id}`)).data;
    expect(JSON.stringify(pub)).not.toMatch(/10岁|文昌小学|四年级|小明/);
    expect(pub.story).toBe('为保护未成年人，心愿的具体情况不公开。');

    const claimer = await resident(t, 'o-mi-claimer', tree.a, '6栋', '1单元');
    expect((await claimer.post(`/wishes/${wish.data.id}/claim`, { anonymous: true })).status).toBe(201);
    const photo = await uploadFile(staff, PNG_1X1);
    expect((await staff.post(`/wishes/${wish.data.id}/deliver`, { photoUploadId: photo.body.data.id })).status).toBe(201);
    const publish = await staff.post(`/wishes/${wish.data.id}/photo-public`, { publish: true });
    expect(publish.status).toBe(400);
    expect(publish.body.error?.message).toContain('困境儿童');
    expect((await staff.post(`/wishes/${wish.data.id}/complete`, { thanksText: '谢谢叔叔阿姨', photoPublic: true })).status).toBe(400);
  });
});
