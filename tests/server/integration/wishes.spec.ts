import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { Upload } from '../../../server/src/uploads/upload.entity';
import { WishClaim } from '../../../server/src/wishes/wish-claim.entity';
import { Wish } from '../../../server/src/wishes/wish.entity';
import { ClaimsService } from '../../../server/src/wishes/claims.service';
import { buildTree, person, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type Person = Api & { userId: number };
const DAY = 24 * 3600_000;
const NAME = '王小明';
const ADDRESS = '文昌路88号3栋2单元101室';
/** A 1×1 PNG. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('micro-wishes: publish, claim once, release on expiry, deliver, thank; beneficiary never exposed', () => {
  let t: TestApp;
  let tree: Tree;
  let staffA: Person;
  let socialWorkerA: Person;
  let staffB: Person;
  let streetAdmin: Person;
  let otherStreetStaff: Person;
  let residents: Person[];
  let sweep: () => Promise<number>;

  beforeAll(async () => {
    t = await startTestApp({ UPLOAD_DIR: join(tmpdir(), `wushe-wish-uploads-${process.pid}`) });
    tree = await buildTree(t.db);
    staffA = await person(t, 'o-wish-staff-a', [['staff', tree.a]]);
    socialWorkerA = await person(t, 'o-wish-sw-a', [['social_worker', tree.a]]);
    staffB = await person(t, 'o-wish-staff-b', [['staff', tree.b]]);
    streetAdmin = await person(t, 'o-wish-street-admin', [['admin', tree.street]]);
    otherStreetStaff = await person(t, 'o-wish-other-staff', [['staff', tree.other]]);
    residents = [];
    for (let i = 0; i < 6; i++) {
      const r = await person(t, `o-wish-resident-${i}`, [['resident', tree.a]]);
      await r.patch('/me', { nickname: `热心居民${i}` });
      residents.push(r);
    }
    const service = t.app.get(ClaimsService);
    sweep = () => service.releaseExpiredClaims();
  });
  afterAll(() => t.close());

  const publish = (as: Api, extra: Record<string, unknown> = {}) =>
    as.post('/wishes', {
      communityId: tree.a.id,
      title: '一个新书包',
      story: '小朋友今年升入三年级，旧书包已经破损。',
      valueFen: 12_000,
      category: 'low_income',
      beneficiaryName: NAME,
      beneficiaryAddress: ADDRESS,
      contactText: '请送至文昌社区党群服务中心，联系李老师 023-4567',
      ...extra,
    });
  /** A photo stored the way UploadsService stores it, owned by the user. */
  const storedPhoto = async (ownerId: number, rel: string) => {
    const abs = join(t.config.uploads.dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, PNG);
    return t.db.manager.save(Upload, t.db.manager.create(Upload, { ownerId, mime: 'image/png', size: PNG.length, path: rel, needId: null, purpose: null }));
  };
  /** The HTTP status of the wish's photo for the caller (a file, not JSON). */
  const photoStatus = async (w: number, as?: Api) => (await fetch(`${t.url}/api/wishes/${w}/photo`, { headers: as?.token ? { authorization: `Bearer ${as.token}` } : {} })).status;
  const leaks = (text: string) => [NAME, '小明', ADDRESS, '文昌路88号'].filter((s) => text.includes(s));

  it('publishes a wish with the beneficiary masked and stored encrypted', async () => {
    const res = await publish(staffA, { category: 'child' });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({ beneficiary: '王**', communityName: '文昌社区', status: 'open', statusLabel: '待认领', categoryLabel: '困境儿童', valueFen: 12_000 });
    expect(leaks(JSON.stringify(res.body))).toEqual([]);
    expect(JSON.stringify(res.body)).not.toContain('李老师');

    const row = await t.db.manager.findOneByOrFail(Wish, { id: res.data.id });
    expect(row.beneficiaryNameEnc).not.toContain(NAME);
    expect(row.beneficiaryAddressEnc).not.toContain('文昌路');
    const audit = await t.db.manager.findOneByOrFail(AuditLog, { entityType: 'wish', entityId: res.data.id, action: 'wish.publish' });
    expect(leaks(JSON.stringify(audit))).toEqual([]);

    // A social worker of the community may publish too.
    expect((await publish(socialWorkerA, { title: '一台收音机', category: 'elderly_alone', beneficiaryName: '李大爷' })).status).toBe(201);
  });

  it("refuses another community's staff (403) while a street admin can act", async () => {
    const inA = await publish(staffB);
    expect(inA.status).toBe(403);
    expect(inA.body.error?.code).toBe('OUT_OF_SCOPE');
    expect((await publish(otherStreetStaff)).status).toBe(403);
    expect((await publish(residents[0])).body.error?.code).toBe('FORBIDDEN');

    const byStreet = await publish(streetAdmin);
    expect(byStreet.status).toBe(201);
    const id = byStreet.data.id;
    for (const res of [
      await staffB.post(`/wishes/${id}/withdraw`, { reason: '越权' }),
      await staffB.get(`/wishes/${id}/beneficiary`),
      await otherStreetStaff.post(`/wishes/${id}/deliver`, {}),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('OUT_OF_SCOPE');
    }
    const seen = await streetAdmin.get(`/wishes/${id}/beneficiary`);
    expect(seen.status).toBe(200);
    expect(seen.data).toEqual({ wishId: id, name: NAME, address: ADDRESS });
    expect(await t.db.manager.count(AuditLog, { where: { action: 'wish.pii_view', entityId: id, actorId: streetAdmin.userId } })).toBe(1);
    expect((await streetAdmin.post(`/wishes/${id}/withdraw`, { reason: '受助人已得到帮助' })).status).toBe(201);
  });

  it('names the field in validation errors', async () => {
    const res = await publish(staffA, { title: undefined, category: 'rich', valueFen: -1 });
    expect(res.status).toBe(400);
    expect(res.body.error?.fields).toEqual(
      expect.arrayContaining([
        { field: 'title', message: '请填写心愿名称' },
        { field: 'category', message: expect.stringContaining('受助对象类别只能是') },
        { field: 'valueFen', message: '参考价值（分）不能小于 1' },
      ]),
    );
    const w = (await publish(staffA)).data.id;
    const claim = await residents[0].post(`/wishes/${w}/claim`, { anonymous: 'yes' });
    expect(claim.status).toBe(400);
    expect(claim.body.error?.fields).toEqual([{ field: 'anonymous', message: '是否匿名应为是或否' }]);
    const campaign = await streetAdmin.post('/campaigns', { nodeId: tree.street.id, title: '六一圆梦', deadlineAt: '明天' });
    expect(campaign.body.error?.fields?.[0].field).toBe('deadlineAt');
  });

  it('lets exactly one of many simultaneous claimants win', async () => {
    const w = (await publish(staffA)).data.id;
    const results = await Promise.all(residents.map((r) => r.post(`/wishes/${w}/claim`, { anonymous: false })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const lost = results.filter((r) => r.status === 409);
    expect(lost).toHaveLength(residents.length - 1);
    expect(lost[0].body.error?.message).toContain('已被他人认领');
    expect((await t.db.manager.findOneByOrFail(Wish, { id: w })).status).toBe('claimed');
    expect(await t.db.manager.count(WishClaim, { where: { wishId: w } })).toBe(1);
  });

  it('gives the claimer the delivery arrangements and deadline, never the beneficiary; nobody else sees the arrangements', async () => {
    const w = (await publish(staffA)).data.id;
    const claimer = residents[1];
    const before = t.clock.now().getTime();
    const claim = await claimer.post(`/wishes/${w}/claim`, { anonymous: false, asPartyMember: true });
    expect(claim.status).toBe(201);
    expect(claim.data).toMatchObject({ wishId: w, status: 'active', contactText: expect.stringContaining('李老师') });
    const deadline = new Date(claim.data.deadlineAt).getTime();
    expect(deadline - new Date(claim.data.claimedAt).getTime()).toBe(7 * DAY);
    expect(deadline).toBeGreaterThanOrEqual(before + 7 * DAY);

    const mine = await claimer.get(`/wishes/${w}`);
    expect(mine.data.myClaim).toMatchObject({ id: claim.data.id, contactText: expect.stringContaining('李老师') });
    const other = await residents[2].get(`/wishes/${w}`);
    expect(other.data.myClaim).toBeNull();
    expect(JSON.stringify(other.body)).not.toContain('李老师');
    expect(JSON.stringify((await t.api.get(`/wishes/${w}`)).body)).not.toContain('李老师');

    const claimerTexts = [claim, mine, await claimer.get('/wishes/my-claims'), await claimer.get('/inbox'), await claimer.get(`/wishes/${w}/timeline`)].map((r) => {
      expect([200, 201]).toContain(r.status);
      return JSON.stringify(r.body);
    });
    expect(claimerTexts.join('\n')).toContain('李老师'); // the inbox notice carries the arrangements
    expect(leaks(claimerTexts.join('\n'))).toEqual([]);
  });

  it("keeps the beneficiary's name and address out of every public response", async () => {
    const campaign = await streetAdmin.post('/campaigns', { nodeId: tree.street.id, title: '六一圆梦', organizer: '古南街道党工委', deadlineAt: new Date(t.clock.now().getTime() + 30 * DAY).toISOString() });
    expect(campaign.status).toBe(201);
    const w = (await publish(staffA, { campaignId: campaign.data.id })).data.id;
    const paths = [
      `/wishes?nodeId=${tree.a.id}`,
      `/wishes?nodeId=${tree.street.id}&limit=100`,
      `/wishes?nodeId=${tree.a.id}&campaignId=${campaign.data.id}`,
      `/wishes/${w}`,
      `/wishes/${w}/timeline`,
      `/campaigns?nodeId=${tree.a.id}`,
      `/campaigns/${campaign.data.id}`,
      `/funds/nodes/${tree.a.id}`,
    ];
    const texts: string[] = [];
    for (const p of paths) {
      const res = await t.api.get(p);
      expect(res.status).toBe(200);
      texts.push(JSON.stringify(res.body));
    }
    const all = texts.join('\n');
    expect(all).toContain('王**');
    expect(leaks(all)).toEqual([]);
    expect(all).not.toContain('李老师');
  });

  it('releases a claim not delivered by its deadline, with a notice, and opens the wish again', async () => {
    // Let the claims of earlier tests run out first, so that the counts below are this wish's.
    t.clock.advance(8 * DAY);
    await sweep();
    expect(await t.db.manager.count(WishClaim, { where: { status: 'active' } })).toBe(0);
    const w = (await publish(staffA)).data.id;
    const claimer = residents[3];
    expect((await claimer.post(`/wishes/${w}/claim`, { anonymous: true })).status).toBe(201);

    t.clock.advance(6 * DAY);
    expect(await sweep()).toBe(0);
    expect((await t.db.manager.findOneByOrFail(Wish, { id: w })).status).toBe('claimed');

    t.clock.advance(1 * DAY + 1000);
    expect(await sweep()).toBe(1);
    const wish = await t.db.manager.findOneByOrFail(Wish, { id: w });
    expect(wish).toMatchObject({ status: 'open', activeClaimId: null });
    expect((await t.db.manager.findOneByOrFail(WishClaim, { wishId: w })).status).toBe('released');
    const inbox = await claimer.get('/inbox');
    expect(inbox.data.items[0]).toMatchObject({ title: '心愿认领已超时释放' });
    const timeline = await t.api.get(`/wishes/${w}/timeline`);
    expect(timeline.data.map((e: { action: string }) => e.action)).toEqual(['wish.publish', 'wish.claim', 'wish.claim_release']);
    expect(timeline.data[2]).toMatchObject({ by: '系统', fromStatus: 'claimed', toStatus: 'open' });
    expect(await sweep()).toBe(0);

    // Someone else may claim it now; the old claimer's view no longer shows arrangements.
    expect((await residents[4].post(`/wishes/${w}/claim`, { anonymous: false })).status).toBe(201);
    expect((await claimer.get(`/wishes/${w}`)).data.myClaim).toBeNull();
  });

  it('lets the claimer withdraw before delivery, and only the claimer', async () => {
    const w = (await publish(staffA)).data.id;
    await residents[0].post(`/wishes/${w}/claim`, { anonymous: false });
    const notMine = await residents[1].post(`/wishes/${w}/claim/withdraw`);
    expect(notMine.status).toBe(409);
    const mine = await residents[0].post(`/wishes/${w}/claim/withdraw`);
    expect(mine.status).toBe(201);
    expect(mine.data.status).toBe('open');
    expect((await t.db.manager.findOneByOrFail(WishClaim, { wishId: w })).status).toBe('withdrawn');
    expect((await residents[1].post(`/wishes/${w}/claim`, { anonymous: false })).status).toBe(201);
  });

  it('records delivery with a photo shown only once publishable, and thanks the claimer publicly', async () => {
    const w = (await publish(staffA)).data.id;
    const claimer = residents[5];
    await claimer.post(`/wishes/${w}/claim`, { anonymous: false, asPartyMember: true });

    // A photo the staff member uploaded (written the way UploadsService stores it).
    const rel = 'test/wish-photo.png';
    const abs = join(t.config.uploads.dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, PNG);
    const upload = await t.db.manager.save(Upload, t.db.manager.create(Upload, { ownerId: staffA.userId, mime: 'image/png', size: PNG.length, path: rel, needId: null, purpose: null }));
    const foreign = await t.db.manager.save(Upload, t.db.manager.create(Upload, { ownerId: staffB.userId, mime: 'image/png', size: PNG.length, path: rel, needId: null, purpose: null }));

    expect((await claimer.post(`/wishes/${w}/deliver`, {})).status).toBe(403);
    const wrongPhoto = await staffA.post(`/wishes/${w}/deliver`, { photoUploadId: foreign.id });
    expect(wrongPhoto.status).toBe(400);
    expect(wrongPhoto.body.error?.fields?.[0].field).toBe('photoUploadId');

    const delivered = await staffA.post(`/wishes/${w}/deliver`, { photoUploadId: upload.id, note: '已由社区转交' });
    expect(delivered.status).toBe(201);
    // The public learns that a photo exists (so staff can offer to publish it), not the photo itself.
    expect(delivered.data).toMatchObject({ status: 'delivered', statusLabel: '已送达', hasPhoto: true });
    expect(delivered.data.thanks).toMatchObject({ claimer: '热心居民5', partyMember: true, photoUrl: null, label: expect.stringContaining('党员 热心居民5') });
    expect((await t.api.get(`/wishes/${w}/photo`)).status).toBe(404);
    expect((await claimer.get(`/wishes/${w}/photo`)).status).toBe(404);

    const completed = await staffA.post(`/wishes/${w}/complete`, { thanksText: '谢谢叔叔阿姨，我会好好学习！', photoPublic: true });
    expect(completed.status).toBe(201);
    expect(completed.data).toMatchObject({ status: 'completed', thanks: { text: '谢谢叔叔阿姨，我会好好学习！', photoUrl: `/api/wishes/${w}/photo` } });
    const photo = await fetch(`${t.url}/api/wishes/${w}/photo`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');

    const titles = (await claimer.get('/inbox')).data.items.map((i: { title: string }) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['您认领的心愿已送达', '受助人向您致谢']));
    const timeline = (await t.api.get(`/wishes/${w}/timeline`)).data;
    expect(timeline.map((e: { toStatus: string | null }) => e.toStatus)).toEqual(['open', 'claimed', 'delivered', 'completed']);
    expect(timeline[1].claimer).toBe('党员 热心居民5');

    // Withdrawing the claim after delivery is refused.
    expect((await claimer.post(`/wishes/${w}/claim/withdraw`)).status).toBe(409);
  });

  it('keeps the delivery photo private unless staff explicitly publish it, recording who chose', async () => {
    const w = (await publish(staffA)).data.id;
    await residents[3].post(`/wishes/${w}/claim`, { anonymous: false });
    const upload = await storedPhoto(staffA.userId, 'test/wish-private.png');
    await staffA.post(`/wishes/${w}/deliver`, { photoUploadId: upload.id });
    // Completing without a word about the photo leaves it private.
    const completed = await staffA.post(`/wishes/${w}/complete`, { thanksText: '谢谢！' });
    expect(completed.status).toBe(201);
    expect(completed.data).toMatchObject({ status: 'completed', hasPhoto: true, photoPublicAt: null, thanks: { photoUrl: null } });
    expect(await photoStatus(w)).toBe(404);
    expect(await t.db.manager.findOneByOrFail(Wish, { id: w })).toMatchObject({ photoPublic: false, photoPublicBy: null });

    // An explicit choice publishes it, and the wish records who made it and when.
    const published = await socialWorkerA.post(`/wishes/${w}/photo-public`, { publish: true });
    expect(published.status).toBe(201);
    expect(published.data.photoPublicAt).toEqual(expect.any(String));
    expect(await t.db.manager.findOneByOrFail(Wish, { id: w })).toMatchObject({ photoPublic: true, photoPublicBy: socialWorkerA.userId });
    expect(await photoStatus(w)).toBe(200);
    const audit = await t.db.manager.findOneByOrFail(AuditLog, { entityType: 'wish', entityId: w, action: 'wish.photo' });
    expect(audit.actorId).toBe(socialWorkerA.userId);

    // Taking it back clears the choice.
    await staffA.post(`/wishes/${w}/photo-public`, { publish: false });
    expect(await t.db.manager.findOneByOrFail(Wish, { id: w })).toMatchObject({ photoPublic: false, photoPublicBy: null, photoPublicAt: null });
  });

  it('refuses a delivery without a photo; the claimer uploads one when handing the gift over, which the delivery then uses; it stays private', async () => {
    const w = (await publish(staffA)).data.id;
    const claimer = residents[4];
    await claimer.post(`/wishes/${w}/claim`, { anonymous: true });
    const early = await storedPhoto(claimer.userId, 'test/wish-early.png');
    // Not delivered without a photo (#13).
    const bare = await staffA.post(`/wishes/${w}/deliver`, {});
    expect(bare.status).toBe(400);
    expect(bare.body.error?.fields?.[0]).toMatchObject({ field: 'photoUploadId', message: expect.stringContaining('须附一张送达照片') });
    expect((await t.db.manager.findOneByOrFail(Wish, { id: w })).status).toBe('claimed');

    const mine = (await claimer.get('/wishes/my-claims')).data.find((c: { wishId: number }) => c.wishId === w);
    expect(mine).toMatchObject({ status: 'active', canAddPhoto: true });
    // Someone else's claim, someone else's upload, a bad id: refused with a reason.
    const stranger = residents[0];
    const strangerPhoto = await storedPhoto(stranger.userId, 'test/wish-stranger.png');
    expect((await stranger.post(`/wishes/${w}/delivery-photo`, { photoUploadId: strangerPhoto.id })).status).toBe(403);
    const foreign = await claimer.post(`/wishes/${w}/delivery-photo`, { photoUploadId: strangerPhoto.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error?.fields?.[0].field).toBe('photoUploadId');
    expect((await claimer.post(`/wishes/${w}/delivery-photo`, { photoUploadId: 'x' })).status).toBe(400);

    const added = await claimer.post(`/wishes/${w}/delivery-photo`, { photoUploadId: early.id });
    expect(added.status).toBe(201);
    expect(added.data).toMatchObject({ status: 'claimed', hasPhoto: true, photoPublicAt: null });
    // Staff confirm the delivery with the claimer's photo.
    const delivered = await staffA.post(`/wishes/${w}/deliver`, {});
    expect(delivered.status).toBe(201);
    expect(delivered.data).toMatchObject({ status: 'delivered', hasPhoto: true, thanks: { photoUrl: null } });
    expect(await photoStatus(w)).toBe(404);
    expect(await photoStatus(w, staffA)).toBe(200);
    expect((await claimer.get('/wishes/my-claims')).data.find((c: { wishId: number }) => c.wishId === w).canAddPhoto).toBe(false);
    // One photo: a second one is refused.
    const again = await storedPhoto(claimer.userId, 'test/wish-again.png');
    expect((await claimer.post(`/wishes/${w}/delivery-photo`, { photoUploadId: again.id })).status).toBe(409);
    // The wish's staff learn of it; the timeline says so by role, not by name.
    expect((await staffA.get('/inbox')).data.items.map((i: { title: string }) => i.title)).toContain('认领人上传了送达照片');
    const timeline = (await t.api.get(`/wishes/${w}/timeline`)).data;
    expect(timeline.map((e: { label: string }) => e.label)).toContain('补充送达照片');
  });

  it('thanks an anonymous claimer without their nickname', async () => {
    const w = (await publish(staffA)).data.id;
    await residents[2].post(`/wishes/${w}/claim`, { anonymous: true });
    expect((await staffA.post(`/wishes/${w}/deliver`, { photoUploadId: (await storedPhoto(staffA.userId, 'test/wish-anon.png')).id })).status).toBe(201);
    const res = await t.api.get(`/wishes/${w}`);
    expect(res.data.thanks).toMatchObject({ claimer: '爱心人士', partyMember: false });
    const text = JSON.stringify(res.body) + JSON.stringify((await t.api.get(`/wishes/${w}/timeline`)).body);
    expect(text).not.toContain('热心居民2');
  });

  it('withdraws (下架) only an open wish; a withdrawn wish cannot be claimed', async () => {
    const claimed = (await publish(staffA)).data.id;
    await residents[0].post(`/wishes/${claimed}/claim`, { anonymous: false });
    const refused = await staffA.post(`/wishes/${claimed}/withdraw`, { reason: '重复发布' });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toContain('已认领');

    const open = (await publish(staffA)).data.id;
    const ok = await staffA.post(`/wishes/${open}/withdraw`, { reason: '重复发布' });
    expect(ok.status).toBe(201);
    expect(ok.data.statusLabel).toBe('已下架');
    const late = await residents[1].post(`/wishes/${open}/claim`, { anonymous: false });
    expect(late.status).toBe(409);
    const list = await t.api.get(`/wishes?nodeId=${tree.a.id}&limit=100`);
    expect(list.data.items.map((i: { id: number }) => i.id)).not.toContain(open);
  });

  it('pages the public wish wall of a subtree: newest first, the total on every page, withdrawn ones left out, thanks as on the wish, empty past the end, 404 (#15: one query)', async () => {
    const wall = (q: string) => t.api.get(`/wishes?nodeId=${tree.street.id}${q}`);
    const before = (await wall('&limit=1')).data.total as number;
    const first = (await publish(staffA)).data.id;
    const second = (await publish(staffB, { communityId: tree.b.id })).data.id;
    const withdrawn = (await publish(staffA)).data.id;
    expect((await staffA.post(`/wishes/${withdrawn}/withdraw`, { reason: '重复发布' })).status).toBe(201);
    const third = (await publish(staffA)).data.id;
    await residents[3].post(`/wishes/${third}/claim`, { anonymous: true });
    expect((await staffA.post(`/wishes/${third}/deliver`, { photoUploadId: (await storedPhoto(staffA.userId, 'test/wish-page.png')).id })).status).toBe(201);

    const page1 = await wall('&limit=2');
    expect(page1.data.items.map((i: { id: number }) => i.id)).toEqual([third, second]);
    expect(page1.data.total).toBe(before + 3);
    const { myClaim, ...detail } = (await t.api.get(`/wishes/${third}`)).data;
    expect(myClaim).toBeNull();
    expect(page1.data.items[0]).toEqual(detail);
    expect(page1.data.items[0].thanks).toMatchObject({ claimer: '爱心人士', partyMember: false });
    expect(page1.data.items[1]).toMatchObject({ communityId: tree.b.id, thanks: null });
    const page2 = await wall('&limit=2&offset=2');
    expect(page2.data.items[0].id).toBe(first);
    expect(page2.data.total).toBe(before + 3);
    expect((await wall(`&limit=2&offset=${before + 3}`)).data).toEqual({ items: [], total: before + 3 });
    const community = await t.api.get(`/wishes?nodeId=${tree.b.id}&limit=50`);
    expect(community.data.items.map((i: { id: number }) => i.id)).toContain(second);
    expect(community.data.items.map((i: { id: number }) => i.id)).not.toContain(first);
    expect((await t.api.get(`/wishes?nodeId=${tree.street.id}&status=withdrawn&limit=50`)).data.items.map((i: { id: number }) => i.id)).toContain(withdrawn);
    expect((await t.api.get('/wishes?nodeId=999999&limit=20')).status).toBe(404);
  });

  it('runs a campaign with public progress and closes claims at its deadline', async () => {
    const deadlineAt = new Date(t.clock.now().getTime() + 3 * DAY).toISOString();
    expect((await otherStreetStaff.post('/campaigns', { nodeId: tree.street.id, title: '六一圆梦', deadlineAt })).status).toBe(403);
    const c = await streetAdmin.post('/campaigns', { nodeId: tree.street.id, title: '六一圆梦·二期', organizer: '古南街道党工委', deadlineAt });
    expect(c.status).toBe(201);
    const w1 = (await publish(staffA, { campaignId: c.data.id })).data.id;
    const w2 = (await publish(staffA, { campaignId: c.data.id })).data.id;
    await publish(staffA, { campaignId: c.data.id }).then((r) => staffA.post(`/wishes/${r.data.id}/withdraw`, { reason: '重复' }));
    await residents[0].post(`/wishes/${w1}/claim`, { anonymous: false });
    expect((await staffA.post(`/wishes/${w1}/deliver`, { photoUploadId: (await storedPhoto(staffA.userId, 'test/wish-campaign.png')).id })).status).toBe(201);
    await residents[1].post(`/wishes/${w2}/claim`, { anonymous: false });
    await residents[1].post(`/wishes/${w2}/claim/withdraw`);

    const view = await t.api.get(`/campaigns/${c.data.id}`);
    expect(view.data).toMatchObject({ title: '六一圆梦·二期', organizer: '古南街道党工委', nodeName: '古南街道', ended: false, progress: { total: 2, claimed: 1, delivered: 1 } });
    const forA = await t.api.get(`/campaigns?nodeId=${tree.a.id}`);
    expect(forA.data.map((x: { id: number }) => x.id)).toContain(c.data.id);
    const forOther = await t.api.get(`/campaigns?nodeId=${tree.other.id}`);
    expect(forOther.data.map((x: { id: number }) => x.id)).not.toContain(c.data.id);

    t.clock.advance(3 * DAY + 1000);
    const late = await residents[2].post(`/wishes/${w2}/claim`, { anonymous: false });
    expect(late.status).toBe(409);
    expect(late.body.error?.message).toContain('已截止');
    expect((await t.api.get(`/campaigns/${c.data.id}`)).data.ended).toBe(true);
    const closed = await publish(staffA, { campaignId: c.data.id });
    expect(closed.status).toBe(400);
    expect(closed.body.error?.fields?.[0].field).toBe('campaignId');
  });

  it('checks wish text with WeChat content security before storing anything', async () => {
    const count = await t.db.manager.count(Wish);
    const res = await publish(staffA, { story: '帮忙宣传博彩网站' });
    expect(res.status).toBe(422);
    expect(res.body.error?.fields?.[0].field).toBe('story');
    expect(await t.db.manager.count(Wish)).toBe(count);
  });
});
