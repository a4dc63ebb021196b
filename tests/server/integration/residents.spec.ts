import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { Residence } from '../../../server/src/users/residence.entity';
import { openTopic, scheduleMeeting } from '../../helpers/consult-factories';
import { buildTree, categoryId, person, reportNeed, resident, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type User = Api & { userId: number };

/** 居民认证 (#13): a declared residence is an application; only confirmed residents vote, press "me too", take seats. */
describe('verified residents', () => {
  let t: TestApp;
  let tree: Tree;
  let staffA: User;
  let staffB: User;
  let alice: User; // confirmed resident of a
  let newcomer: User;
  let topic: any;
  let meetingId: number;
  let needId: number;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    staffA = await person(t, 'o-r-staff-a', [['staff', tree.a]]);
    staffB = await person(t, 'o-r-staff-b', [['staff', tree.b]]);
    alice = await resident(t, 'o-r-alice', tree.a);
    newcomer = await resident(t, 'o-r-newcomer', tree.a, '8栋', '2单元', false);
    topic = await openTopic(t, staffA, tree.a.id);
    meetingId = (await scheduleMeeting(t, staffA, topic.id)).id;
    needId = await reportNeed(alice, await categoryId(t, 'facilities'));
  });
  afterAll(() => t.close());

  const queue = async (staff: Api, status = 'applicant') => (await staff.get(`/residents?nodeId=${tree.a.id}&status=${status}`)).data.items as Array<{ id: number; userId: number }>;
  const residenceOf = (u: User) => t.db.manager.findOneByOrFail(Residence, { userId: u.userId });
  const inboxTitles = async (u: Api) => (await u.get('/inbox?limit=50')).data.items.map((i: { title: string }) => i.title);

  it('an applicant may report a need but not vote, press "me too" or take a seat, and is told why', async () => {
    const me = (await newcomer.get('/me')).data;
    expect(me.residence).toMatchObject({ communityName: '文昌社区', status: 'applicant', statusLabel: '待社区确认', returnReason: null });

    const vote = await newcomer.post(`/consultation/topics/${topic.id}/vote`, { optionId: topic.options[0].id });
    expect(vote.status).toBe(403);
    expect(vote.body.error).toMatchObject({ code: 'RESIDENT_UNVERIFIED', message: expect.stringContaining('等待文昌社区工作人员确认') });
    const view = (await newcomer.get(`/consultation/topics/${topic.id}`)).data;
    expect(view.me).toMatchObject({ canVote: false, voteBlocked: expect.stringContaining('确认后即可参与投票') });
    expect((await alice.get(`/consultation/topics/${topic.id}`)).data.me).toMatchObject({ canVote: true, voteBlocked: null });

    const meToo = await newcomer.post(`/needs/${needId}/me-too`, {});
    expect(meToo.status).toBe(403);
    expect(meToo.body.error?.message).toContain('我也遇到了');
    const seat = await newcomer.post(`/consultation/meetings/${meetingId}/signup`);
    expect(seat.status).toBe(403);
    expect(seat.body.error?.code).toBe('RESIDENT_UNVERIFIED');

    // Nothing was written by the refusals; a need is still welcome.
    expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM consult_vote WHERE user_id = ?', [newcomer.userId]))[0].n)).toBe(0);
    await reportNeed(newcomer, await categoryId(t, 'elderly'), { title: '独居老人需要助餐' });
  });

  it('staff see their own community\'s queue, masked; another community\'s staff cannot', async () => {
    const items = await queue(staffA);
    expect(items.map((i) => i.userId)).toEqual([newcomer.userId]);
    expect(items[0]).toMatchObject({ building: '8栋', unit: '2单元', status: 'applicant', phoneMasked: null, communityName: '文昌社区' });
    expect((await staffB.get(`/residents?nodeId=${tree.a.id}`)).status).toBe(403);
    expect((await alice.get(`/residents?nodeId=${tree.a.id}`)).status).toBe(403);
    expect((await staffA.get(`/residents?nodeId=${tree.a.id}&status=maybe`)).status).toBe(400);
  });

  it('confirms in bulk: one without a phone is answered for, the others confirmed; the resident can then vote', async () => {
    const [item] = await queue(staffA);
    const second = await resident(t, 'o-r-second', tree.a, '9栋', '1单元', false);
    await second.post('/me/phone', { code: t.fake.issuePhoneCode('13733334444') });
    const secondId = (await residenceOf(second)).id;
    const b = await resident(t, 'o-r-in-b', tree.b, '1栋', '1单元', false);
    const bId = (await residenceOf(b)).id;

    const res = await staffA.post('/residents/confirm', { ids: [item.id, secondId, bId] });
    expect(res.status).toBe(200);
    expect(res.data.done).toEqual([secondId]);
    expect(res.data.refused).toEqual([
      { id: item.id, message: expect.stringContaining('还没有绑定手机号') },
      { id: bId, message: '清河社区不在您的管辖范围内' },
    ]);
    expect(await residenceOf(second)).toMatchObject({ status: 'confirmed', reviewedBy: staffA.userId, phoneHash: expect.any(String) });
    expect(await inboxTitles(second)).toContain('居住信息已确认');
    expect(await t.db.manager.countBy(AuditLog, { action: 'residence.confirm', entityId: second.userId })).toBe(1);

    await newcomer.post('/me/phone', { code: t.fake.issuePhoneCode('13755556666') });
    expect((await staffA.post('/residents/confirm', { ids: [item.id] })).data).toEqual({ done: [item.id], refused: [] });
    expect((await newcomer.post(`/consultation/topics/${topic.id}/vote`, { optionId: topic.options[0].id })).status).toBe(200);
    expect((await newcomer.post(`/needs/${needId}/me-too`, {})).status).toBe(200);
    expect((await newcomer.post(`/consultation/meetings/${meetingId}/signup`)).status).toBe(200);
    expect(await queue(staffA)).toEqual([]);
  });

  it('one phone number confirms one resident per community', async () => {
    // The newcomer changes number; someone else then binds the old one and applies in the same community.
    await newcomer.post('/me/phone', { code: t.fake.issuePhoneCode('13755557777') });
    const other = await resident(t, 'o-r-same-phone', tree.a, '2栋', '2单元', false);
    expect((await other.post('/me/phone', { code: t.fake.issuePhoneCode('13755556666') })).status).toBe(201);
    const id = (await residenceOf(other)).id;
    const res = await staffA.post('/residents/confirm', { ids: [id] });
    expect(res.data).toEqual({ done: [], refused: [{ id, message: expect.stringContaining('一个手机号在一个社区只能确认一位居民') }] });
    expect((await residenceOf(other)).status).toBe('applicant');
  });

  it('returns with a reason the resident reads; submitting again puts it back in the queue; moving needs confirming again', async () => {
    const r = await resident(t, 'o-r-returned', tree.a, '99栋', '9单元', false);
    const id = (await residenceOf(r)).id;
    const noReason = await staffA.post('/residents/return', { ids: [id] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.fields?.[0]?.field).toBe('reason');
    expect((await staffA.post('/residents/confirm', { ids: [] })).status).toBe(400);

    expect((await staffA.post('/residents/return', { ids: [id], reason: '本社区没有99栋，请核对楼栋号' })).data).toEqual({ done: [id], refused: [] });
    expect((await r.get('/me')).data.residence).toMatchObject({ status: 'returned', returnReason: '本社区没有99栋，请核对楼栋号' });
    expect(await inboxTitles(r)).toContain('居住信息被退回');
    const vote = await r.post(`/consultation/topics/${topic.id}/vote`, { optionId: topic.options[0].id });
    expect(vote.body.error?.message).toContain('本社区没有99栋');
    expect((await queue(staffA, 'returned')).map((i) => i.id)).toEqual([id]);

    await r.put('/me/residence', { communityId: tree.a.id, building: '9栋', unit: '1单元' });
    expect((await r.get('/me')).data.residence).toMatchObject({ status: 'applicant', returnReason: null });
    expect((await queue(staffA)).map((i) => i.id)).toContain(id);

    // A confirmed resident who moves within the community (or away) is an applicant again; saving the same address keeps the standing.
    await alice.put('/me/residence', { communityId: tree.a.id, building: '3栋', unit: '2单元' });
    expect((await residenceOf(alice)).status).toBe('confirmed');
    await alice.put('/me/residence', { communityId: tree.a.id, building: '4栋', unit: '2单元' });
    expect((await residenceOf(alice)).status).toBe('applicant');
    expect((await alice.post(`/consultation/topics/${topic.id}/vote`, { optionId: topic.options[1].id })).status).toBe(403);
  });
});
