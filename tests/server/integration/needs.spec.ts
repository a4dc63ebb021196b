import sharp from 'sharp';
import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { beijingDate } from '../../../server/src/contract/format';
import { NeedFollower } from '../../../server/src/needs/need-follower.entity';
import { NEED_TRANSITIONS } from '../../../server/src/needs/need-status';
import { Need } from '../../../server/src/needs/need.entity';
import { NeedsService } from '../../../server/src/needs/needs.service';
import { Upload } from '../../../server/src/uploads/upload.entity';
import { UploadLink } from '../../../server/src/uploads/upload-link.entity';
import {
  PNG_1X1,
  buildTree,
  categoryId,
  fetchFile,
  needBody,
  person,
  reportNeed,
  resident,
  type Tree,
  uploadFile,
} from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type User = Api & { userId: number };
const DAY = 86_400_000;

describe('residents’ needs: report → triage → handling → rated result', () => {
  let t: TestApp;
  let tree: Tree;
  let cat: number;
  let staffA: User;
  let staffB: User;
  let streetAdmin: User;
  let alice: User; // resident of community a
  let bob: User; // another resident of community a
  let carol: User; // resident of community b

  beforeAll(async () => {
    t = await startTestApp({ UPLOAD_MAX_BYTES: String(64 * 1024), NEED_FEEDBACK_DAYS: '7' });
    tree = await buildTree(t.db);
    cat = await categoryId(t, 'facilities');
    staffA = await person(t, 'o-n-staff-a', [['staff', tree.a]]);
    staffB = await person(t, 'o-n-staff-b', [['staff', tree.b]]);
    streetAdmin = await person(t, 'o-n-street-admin', [['admin', tree.street]]);
    alice = await resident(t, 'o-n-alice', tree.a, '3栋', '2单元');
    bob = await resident(t, 'o-n-bob', tree.a, '5栋', '1单元');
    carol = await resident(t, 'o-n-carol', tree.b);
  });
  afterAll(() => t.close());

  const statusOf = async (id: number) => (await t.db.manager.findOneByOrFail(Need, { id })).status;
  const statusRows = (id: number) => t.db.manager.find(AuditLog, { where: { entityType: 'need', entityId: id, action: 'need.status' }, order: { id: 'ASC' } });

  it('lists the seeded categories publicly', async () => {
    const res = await t.api.get('/needs/categories');
    expect(res.status).toBe(200);
    expect(res.data.map((c: { label: string }) => c.label)).toEqual(['养老', '助残', '儿童关爱', '社会救助', '环境设施', '邻里纠纷', '其他']);
  });

  it('runs the whole loop: report → accept → handle → done → rated, with a timeline of steps', async () => {
    const photo = await uploadFile(alice, PNG_1X1);
    expect(photo.status).toBe(201);
    const reported = await alice.post('/needs', needBody(cat, { photoIds: [photo.body.data.id], subscribed: ['need_status'] }));
    expect(reported.status).toBe(201);
    const id = reported.data.id;
    expect(reported.data).toMatchObject({
      status: 'reported',
      statusLabel: '待受理',
      communityName: '文昌社区',
      category: { label: '环境设施' },
      location: { kind: 'residence', building: '3栋', unit: '2单元' },
      relation: { reporter: true },
      photos: [{ id: photo.body.data.id, url: `/api/uploads/${photo.body.data.id}` }],
    });

    // The reporter cannot triage their own need.
    const self = await alice.post(`/needs/${id}/accept`, {});
    expect(self.status).toBe(403);

    const accepted = await staffA.post(`/needs/${id}/accept`, { note: '已登记，安排物业查看', priority: 2 });
    expect(accepted.status).toBe(200);
    expect(accepted.data).toMatchObject({ status: 'accepted', priority: 2 });
    expect(accepted.data.actions.map((a: { to: string }) => a.to)).toEqual(
      expect.arrayContaining(['in_progress', 'in_consultation', 'resourcing', 'in_project', 'closed_infeasible']),
    );

    const routed = await staffA.post(`/needs/${id}/route`, { to: 'in_progress' });
    expect(routed.status).toBe(200);
    expect(routed.data).toMatchObject({ status: 'in_progress', handlerId: staffA.userId });

    const noNote = await staffA.post(`/needs/${id}/done`, {});
    expect(noNote.status).toBe(400);
    expect(noNote.body.error?.fields?.[0]).toMatchObject({ field: 'note', message: '请填写办理结果' });

    const evidence = await uploadFile(staffA, PNG_1X1);
    const done = await staffA.post(`/needs/${id}/done`, { note: '已更换楼道灯', evidencePhotoIds: [evidence.body.data.id] });
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({ status: 'done', doneNote: '已更换楼道灯', evidencePhotos: [{ id: evidence.body.data.id }] });
    expect(new Date(done.data.feedbackDueAt).getTime() - new Date(done.data.doneAt).getTime()).toBe(7 * DAY);

    // Only the reporter rates; the rating must be 1–5.
    // A public need is visible to all, so outsiders are told it is not theirs (403), not "not found".
    expect((await staffB.post(`/needs/${id}/rate`, { rating: 5 })).status).toBe(403);
    expect((await bob.post(`/needs/${id}/rate`, { rating: 5 })).status).toBe(403);
    expect((await staffA.post(`/needs/${id}/rate`, { rating: 5 })).status).toBe(403); // staff are not the reporter
    expect((await alice.post(`/needs/${id}/rate`, { rating: 6 })).status).toBe(400);
    const rated = await alice.post(`/needs/${id}/rate`, { rating: 5, comment: '修得很快，谢谢！' });
    expect(rated.status).toBe(200);
    expect(rated.data).toMatchObject({ status: 'rated', statusLabel: '已评价', rating: 5, ratingComment: '修得很快，谢谢！' });

    const tl = await alice.get(`/needs/${id}/timeline`);
    expect(tl.status).toBe(200);
    expect(tl.data.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['reported', 'accepted', 'in_progress', 'done', 'rated']);
    expect(tl.data.events[1]).toMatchObject({ actorRole: 'staff', actorRoleLabel: '社区工作人员', note: '已登记，安排物业查看' });
    expect(tl.data.events[4]).toMatchObject({ actorRole: 'resident', actorRoleLabel: '居民', rating: 5 });
    // Routed straight to handling: the middle steps were skipped, not done.
    expect(Object.fromEntries(tl.data.steps.map((s: { key: string; state: string }) => [s.key, s.state]))).toEqual({
      need: 'done',
      consultation: 'skipped',
      resources: 'skipped',
      implementation: 'skipped',
      guidance: 'skipped',
      volunteers: 'skipped',
      feedback: 'done',
    });
    expect(tl.data.steps[0].label).toBe('居民需求');

    // A finished need accepts nothing more, and says why.
    const again = await staffA.post(`/needs/${id}/accept`, {});
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toContain('当前状态为“已评价”');
  });

  it('reopens a need the resident says is not solved, then closes it without feedback when left unrated', async () => {
    const id = await reportNeed(alice, cat, { title: '小区门口路面塌陷', isPublic: false });
    await staffA.post(`/needs/${id}/accept`, {});
    await staffA.post(`/needs/${id}/route`, { to: 'in_progress' });
    await staffA.post(`/needs/${id}/done`, { note: '已回填' });

    const noReason = await alice.post(`/needs/${id}/reopen`, {});
    expect(noReason.status).toBe(400);
    const reopened = await alice.post(`/needs/${id}/reopen`, { reason: '下雨后又塌了' });
    expect(reopened.status).toBe(200);
    expect(reopened.data).toMatchObject({ status: 'in_progress', handlerId: staffA.userId, reopenCount: 1, lastReason: '下雨后又塌了', feedbackDueAt: null });

    expect((await staffA.post(`/needs/${id}/done`, { note: '重新硬化路面' })).status).toBe(200);

    // Not yet due: the sweep leaves it alone.
    t.clock.advance(6 * DAY);
    await t.app.get(NeedsService).closeUnrated();
    expect(await statusOf(id)).toBe('done');

    t.clock.advance(1 * DAY + 60_000);
    const swept = await t.app.get(NeedsService).closeUnrated();
    expect(swept.closed).toBeGreaterThanOrEqual(1);
    expect(await statusOf(id)).toBe('closed_no_feedback');
    const need = await t.db.manager.findOneByOrFail(Need, { id });
    expect(need.rating).toBeNull();

    const tl = await alice.get(`/needs/${id}/timeline`);
    const last = tl.data.events.at(-1);
    expect(last).toMatchObject({ toStatus: 'closed_no_feedback', actorRole: 'system', actorRoleLabel: '系统' });
    expect(tl.data.steps.find((s: { key: string }) => s.key === 'feedback').state).toBe('skipped');
    // Too late to rate now.
    expect((await alice.post(`/needs/${id}/rate`, { rating: 5 })).status).toBe(409);
  });

  it('rejects with a reason the resident sees', async () => {
    const id = await reportNeed(bob, cat, { title: '希望小区装充电桩', isPublic: false });
    const noReason = await staffA.post(`/needs/${id}/reject`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.fields?.[0]).toMatchObject({ field: 'reason', message: '请填写原因' });
    expect((await staffA.post(`/needs/${id}/reject`, { reason: '充电桩属于物业管理范围，已告知物业联系方式' })).status).toBe(200);

    const seen = await bob.get(`/needs/${id}`);
    expect(seen.data).toMatchObject({ status: 'rejected', statusLabel: '未受理', lastReason: '充电桩属于物业管理范围，已告知物业联系方式' });
    const tl = await bob.get(`/needs/${id}/timeline`);
    expect(tl.data.events.at(-1)).toMatchObject({ toStatus: 'rejected', reason: '充电桩属于物业管理范围，已告知物业联系方式' });
  });

  it('merges a duplicate: its reporter follows the survivor and sees its timeline', async () => {
    const survivor = await reportNeed(alice, cat, { title: '2号楼电梯经常停运' });
    const duplicate = await reportNeed(bob, cat, { title: '电梯老是坏', isPublic: false });
    const other = await reportNeed(carol, cat, { title: '清河社区电梯坏了' });

    // Bob cannot see Alice's timeline before the merge? It is public, so he sees the public view only.
    const before = await bob.get(`/needs/${survivor}`);
    expect(before.data.relation).toBeUndefined();
    expect(before.data.location).toBeUndefined();

    expect((await streetAdmin.post(`/needs/${duplicate}/merge`, { intoId: other })).status).toBe(400); // other community
    expect((await staffA.post(`/needs/${duplicate}/merge`, { intoId: duplicate })).status).toBe(400);
    const merged = await staffA.post(`/needs/${duplicate}/merge`, { intoId: survivor, reason: '同一部电梯' });
    expect(merged.status).toBe(200);
    expect(merged.data).toMatchObject({ status: 'merged', mergedIntoId: survivor });

    const followed = await bob.get(`/needs/${survivor}`);
    expect(followed.data).toMatchObject({ id: survivor, meTooCount: 1, relation: { follower: true, reporter: false } });
    // A follower sees the timeline but not the reporter's building or unit.
    expect(followed.data.location).toBeNull();
    const tl = await bob.get(`/needs/${survivor}/timeline`);
    expect(tl.status).toBe(200);
    expect(tl.data.events.map((e: { kind: string }) => e.kind)).toContain('merged_in');

    // Later progress on the survivor reaches Bob's inbox.
    const unreadBefore = (await bob.get('/inbox/unread-count')).data.unread;
    await staffA.post(`/needs/${survivor}/accept`, {});
    expect((await bob.get('/inbox/unread-count')).data.unread).toBe(unreadBefore + 1);
    expect((await bob.get('/needs/mine')).data).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: survivor, relation: 'merged' }), expect.objectContaining({ id: duplicate, relation: 'reporter' })]),
    );
  });

  it('stores nothing when the content check rejects the text', async () => {
    const needs = await t.db.manager.count(Need);
    const audits = await t.db.manager.count(AuditLog);
    const photo = await uploadFile(alice, PNG_1X1);
    const res = await alice.post('/needs', needBody(cat, { title: '有人在楼下组织赌博', photoIds: [photo.body.data.id] }));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'CONTENT_REJECTED', fields: [{ field: 'title', message: '标题未通过内容安全检查' }] });
    const desc = await alice.post('/needs', needBody(cat, { description: '接到诈骗电话说要交钱' }));
    expect(desc.status).toBe(422);
    expect(await t.db.manager.count(Need)).toBe(needs);
    expect(await t.db.manager.count(AuditLog)).toBe(audits);
    // The photo stays unattached.
    expect(await t.db.manager.count(UploadLink, { where: { uploadId: photo.body.data.id } })).toBe(0);
  });

  it('keeps another community’s staff out; the street admin can act', async () => {
    const privateId = await reportNeed(alice, cat, { title: '独居老人需要上门看看', isPublic: false });
    const publicId = await reportNeed(alice, cat, { title: '广场长椅坏了' });

    expect((await staffB.get(`/needs/${privateId}`)).status).toBe(404);
    expect((await staffB.post(`/needs/${privateId}/accept`, {})).status).toBe(404);
    const pub = await staffB.post(`/needs/${publicId}/accept`, {});
    expect(pub.status).toBe(403);
    expect(pub.body.error?.code).toBe('OUT_OF_SCOPE');
    expect(await statusOf(publicId)).toBe('reported');

    const queueB = await staffB.get(`/needs/queue?nodeId=${tree.a.id}`);
    expect(queueB.status).toBe(403);

    const queue = await streetAdmin.get(`/needs/queue?nodeId=${tree.street.id}&status=reported`);
    expect(queue.status).toBe(200);
    expect(queue.data.items.map((n: { id: number }) => n.id)).toEqual(expect.arrayContaining([privateId, publicId]));
    expect(queue.data.items.every((n: { status: string }) => n.status === 'reported')).toBe(true);

    const byAdmin = await streetAdmin.post(`/needs/${privateId}/accept`, {});
    expect(byAdmin.status).toBe(200);
    const row = (await statusRows(privateId)).at(-1);
    expect(row).toMatchObject({ actorId: streetAdmin.userId, actorRole: 'admin', fromState: 'reported', toState: 'accepted' });
  });

  it('sorts and filters the triage queue', async () => {
    const critical = await reportNeed(bob, cat, { title: '燃气味很重', urgency: 'critical', isPublic: false });
    const old = await reportNeed(bob, cat, { title: '路灯不亮' });
    const q = await staffA.get(`/needs/queue?nodeId=${tree.a.id}&status=reported`);
    expect(q.data.items[0].id).toBe(critical);
    const urgent = await staffA.get(`/needs/queue?nodeId=${tree.a.id}&urgency=critical`);
    expect(urgent.data.items.map((n: { id: number }) => n.id)).toEqual([critical]);
    t.clock.advance(3 * DAY);
    const fresh = await reportNeed(bob, cat, { title: '垃圾桶满了' });
    const aged = await staffA.get(`/needs/queue?nodeId=${tree.a.id}&olderThanDays=2`);
    const ids = aged.data.items.map((n: { id: number }) => n.id);
    expect(ids).toEqual(expect.arrayContaining([critical, old]));
    expect(ids).not.toContain(fresh);
    const bad = await staffA.get(`/needs/queue?nodeId=${tree.a.id}&urgency=whenever`);
    expect(bad.status).toBe(400);
  });

  it('lets exactly one of two racing staff win; the loser gets 409 and one timeline row is written', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await reportNeed(alice, cat, { title: `并发测试${round}` });
      const [x, y] = await Promise.all([
        staffA.post(`/needs/${id}/accept`, {}),
        streetAdmin.post(`/needs/${id}/reject`, { reason: '重复上报' }),
      ]);
      const statuses = [x.status, y.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = x.status === 409 ? x : y;
      expect(loser.body.error?.message).toMatch(/当前状态为“(已受理|未受理)”/);
      const rows = await statusRows(id);
      expect(rows).toHaveLength(1);
      expect(await statusOf(id)).toBe(rows[0].toState);
    }
  });

  it('hides a private need and its photos from other residents (404), shows a public one without personal data', async () => {
    const photo = await uploadFile(alice, PNG_1X1);
    const privateId = await reportNeed(alice, cat, { title: '家里老人行动不便', isPublic: false, photoIds: [photo.body.data.id] });
    const photoUrl = `/api/uploads/${photo.body.data.id}`;

    expect((await bob.get(`/needs/${privateId}`)).status).toBe(404);
    expect((await bob.get(`/needs/${privateId}/timeline`)).status).toBe(404);
    expect((await t.api.get(`/public/needs/${privateId}`)).status).toBe(404);
    expect((await fetchFile(bob, photoUrl)).status).toBe(404);
    expect((await fetchFile(t.api, photoUrl)).status).toBe(404);
    const own = await fetchFile(alice, photoUrl);
    expect(own.status).toBe(200);
    expect(own.type).toBe('image/png');
    // Stored re-encoded (#14): the same 1×1 picture, not the same bytes.
    expect(await sharp(own.bytes).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 });
    expect((await fetchFile(staffA, photoUrl)).status).toBe(200);
    expect((await fetchFile(staffB, photoUrl)).status).toBe(404);

    // A public need: anyone sees it and its photos, but never who or where exactly.
    await alice.post('/me/phone', { code: t.fake.issuePhoneCode('13912345678') });
    const pubPhoto = await uploadFile(alice, PNG_1X1);
    const publicId = await reportNeed(alice, cat, {
      title: '健身器材松动',
      photoIds: [pubPhoto.body.data.id],
      location: { kind: 'pin', pin: { lat: 29.0286, lng: 106.6512, address: '文昌路12号小广场' } },
    });
    await staffA.post(`/needs/${publicId}/accept`, { note: '已通知维修' });
    expect((await fetchFile(t.api, `/api/uploads/${pubPhoto.body.data.id}`)).status).toBe(200);
    const pub = await t.api.get(`/public/needs/${publicId}`);
    expect(pub.status).toBe(200);
    expect(pub.data.need).toMatchObject({ title: '健身器材松动', communityName: '文昌社区', statusLabel: '已受理' });
    const text = JSON.stringify(pub.body);
    for (const secret of ['3栋', '2单元', '文昌路12号', '29.0286', '13912345678', '139****5678', 'reporter', 'o-n-alice', '"actorId"']) {
      expect(text).not.toContain(secret);
    }
    expect(pub.data.events.map((e: { actorRoleLabel: string }) => e.actorRoleLabel)).toEqual(['居民', '社区工作人员']);
    const board = await t.api.get(`/public/communities/${tree.a.id}/needs`);
    expect(board.status).toBe(200);
    const boardIds = board.data.items.map((n: { id: number }) => n.id);
    expect(boardIds).toContain(publicId);
    expect(boardIds).not.toContain(privateId);
    expect(JSON.stringify(board.body)).not.toContain('3栋');
  });

  it('pages the public board: newest first, the total on every page, merged and private ones left out, empty past the end, 404 for no such community (#15: one query)', async () => {
    const board = (q: string) => t.api.get(`/public/communities/${tree.a.id}/needs${q}`);
    const before = (await board('?limit=1')).data.total as number;
    const first = await reportNeed(alice, cat, { title: '公示分页一' });
    const second = await reportNeed(bob, cat, { title: '公示分页二' });
    await reportNeed(alice, cat, { title: '公示分页私密', isPublic: false });
    const third = await reportNeed(alice, cat, { title: '公示分页三' });
    const dup = await reportNeed(bob, cat, { title: '公示分页重复' });
    expect((await staffA.post(`/needs/${dup}/merge`, { intoId: third, reason: '同一件事' })).status).toBe(200);

    const page1 = await board('?limit=2');
    expect(page1.data.items.map((n: { id: number }) => n.id)).toEqual([third, second]);
    expect(page1.data.items[0]).toMatchObject({ title: '公示分页三', communityName: '文昌社区', categoryLabel: expect.any(String) });
    expect(page1.data.total).toBe(before + 3);
    const page2 = await board('?limit=2&offset=2');
    expect(page2.data.items[0].id).toBe(first);
    expect(page2.data.total).toBe(before + 3);
    const past = await board(`?limit=2&offset=${before + 3}`);
    expect(past.data).toEqual({ items: [], total: before + 3 });
    expect((await t.api.get('/public/communities/999999/needs')).status).toBe(404);
  });

  it('refuses photos of the wrong type or size, and photos that are not yours', async () => {
    const gif = await uploadFile(alice, Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'a.gif', 'image/gif');
    expect(gif.status).toBe(400);
    expect(gif.body.error.message).toContain('JPG、PNG、WebP');
    // Declared as PNG but is text: the bytes decide.
    const fake = await uploadFile(alice, Buffer.from('<script>alert(1)</script>'), 'x.png', 'image/png');
    expect(fake.status).toBe(400);
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(65 * 1024)]);
    const tooBig = await uploadFile(alice, big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const notMultipart = await alice.post('/uploads', { file: 'abc' });
    expect(notMultipart.status).toBe(400);
    expect((await uploadFile(t.api, PNG_1X1)).status).toBe(401);
    const uploads = await t.db.manager.count(Upload, { where: { ownerId: alice.userId } });

    const bobs = await uploadFile(bob, PNG_1X1);
    const stolen = await alice.post('/needs', needBody(cat, { photoIds: [bobs.body.data.id] }));
    expect(stolen.status).toBe(400);
    expect(stolen.body.error?.fields?.[0].field).toBe('photoIds');
    const tooMany = await alice.post('/needs', needBody(cat, { photoIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error?.fields?.[0]).toMatchObject({ field: 'photoIds', message: '照片最多 9 项' });
    expect(await t.db.manager.count(Upload, { where: { ownerId: alice.userId } })).toBe(uploads);
  });

  it('finds similar open needs and counts "me too" once per person', async () => {
    const id = await reportNeed(alice, cat, { title: '小区东门积水严重', description: '一下雨东门就积水，老人出行不便。' });
    await reportNeed(alice, cat, { title: '东门积水（私密）', isPublic: false });

    const similar = await bob.get(`/needs/similar?communityId=${tree.a.id}&categoryId=${cat}&q=${encodeURIComponent('积水')}`);
    expect(similar.status).toBe(200);
    expect(similar.data.map((n: { title: string }) => n.title)).toEqual(['小区东门积水严重']);
    expect(JSON.stringify(similar.body)).not.toContain('3栋');
    // LIKE wildcards in the query are literal.
    expect((await bob.get(`/needs/similar?communityId=${tree.a.id}&q=${encodeURIComponent('%')}`)).data).toEqual([]);

    const first = await bob.post(`/needs/${id}/me-too`, {});
    expect(first.status).toBe(200);
    expect(first.data.meTooCount).toBe(1);
    const twice = await Promise.all([bob.post(`/needs/${id}/me-too`, {}), bob.post(`/needs/${id}/me-too`, {})]);
    expect(twice.map((r) => r.status)).toEqual([200, 200]);
    expect((await t.db.manager.findOneByOrFail(Need, { id })).meTooCount).toBe(1);
    expect(await t.db.manager.count(NeedFollower, { where: { needId: id } })).toBe(1);

    expect((await alice.post(`/needs/${id}/me-too`, {})).status).toBe(400); // own need
    expect((await carol.post(`/needs/${id}/me-too`, {})).status).toBe(403); // other community
    const mine = await bob.get('/needs/mine');
    expect(mine.data).toEqual(expect.arrayContaining([expect.objectContaining({ id, relation: 'me_too', meTooCount: 1 })]));
  });

  it('counts many residents pressing "me too" at once, without deadlocks or lost counts', async () => {
    const id = await reportNeed(alice, cat, { title: '小区西门夜间无照明' });
    const crowd = await Promise.all(Array.from({ length: 8 }, (_, i) => resident(t, `o-n-crowd-${i}`, tree.a)));
    const results = await Promise.all(crowd.map((p) => p.post(`/needs/${id}/me-too`, {})));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect((await t.db.manager.findOneByOrFail(Need, { id })).meTooCount).toBe(8);
    expect(await t.db.manager.count(NeedFollower, { where: { needId: id } })).toBe(8);
  });

  it('hands a need to a named handler, who finds it in 我的待办; the timeline shows the role, not the name (#13)', async () => {
    const worker = await person(t, 'o-needs-sw', [['social_worker', tree.street]]);
    await worker.patch('/me', { nickname: '陈社工' });
    const id = await reportNeed(alice, cat, { title: '楼道堆放杂物需要清理' });
    // Not before it is accepted.
    expect((await staffA.post(`/needs/${id}/assign`, { handlerId: worker.userId })).status).toBe(409);
    expect((await staffA.post(`/needs/${id}/accept`, {})).status).toBe(200);
    const options = (await staffA.get(`/needs/${id}/handler-options`)).data;
    expect(options).toEqual(expect.arrayContaining([expect.objectContaining({ userId: worker.userId, name: '陈社工', roleLabel: '社工 · 古南街道', current: false })]));
    expect(options.some((o: { userId: number }) => o.userId === alice.userId)).toBe(false);
    // A resident is refused as a handler; a resident cannot list or assign.
    expect((await staffA.post(`/needs/${id}/assign`, { handlerId: alice.userId })).status).toBe(400);
    expect((await alice.get(`/needs/${id}/handler-options`)).status).toBe(403);
    expect((await staffA.post(`/needs/${id}/assign`, { handlerId: 'x' })).status).toBe(400);

    const assigned = await staffA.post(`/needs/${id}/assign`, { handlerId: worker.userId });
    expect(assigned.status).toBe(200);
    expect((await t.db.manager.findOneByOrFail(Need, { id })).handlerId).toBe(worker.userId);
    expect((await staffA.post(`/needs/${id}/assign`, { handlerId: worker.userId })).status).toBe(409);
    const told = (await worker.get('/inbox')).data.items.find((i: { title: string }) => i.title === '您有一件新的待办需求');
    expect(told.body).toContain('楼道堆放杂物需要清理');
    const events = (await alice.get(`/needs/${id}/timeline`)).data.events;
    expect(events.at(-1)).toMatchObject({ kind: 'assign', action: '指派承办人', note: '由社工承办' });
    expect(JSON.stringify(events)).not.toContain('陈社工');

    // 我的待办 for staff; search by words or by number, in every status when none is picked.
    const streetStaff = await person(t, 'o-needs-street-staff', [['staff', tree.street]]);
    const mine = await streetStaff.get(`/needs/queue?nodeId=${tree.a.id}&mine=yes`);
    expect(mine.data.total).toBe(0);
    expect((await staffA.post(`/needs/${id}/assign`, { handlerId: streetStaff.userId })).status).toBe(200);
    expect((await streetStaff.get(`/needs/queue?nodeId=${tree.a.id}&mine=yes`)).data.items.map((i: { id: number }) => i.id)).toEqual([id]);
    expect((await staffA.get(`/needs/queue?nodeId=${tree.a.id}&q=${encodeURIComponent('杂物')}`)).data.items.map((i: { id: number }) => i.id)).toEqual([id]);
    expect((await staffA.get(`/needs/queue?nodeId=${tree.a.id}&q=${id}`)).data.items.map((i: { id: number }) => i.id)).toContain(id);
    expect((await staffA.get(`/needs/queue?nodeId=${tree.a.id}&q=${encodeURIComponent('100%_!')}`)).data.total).toBe(0);
    expect((await staffA.get(`/needs/queue?nodeId=${tree.a.id}&mine=maybe`)).status).toBe(400);
  });

  it('accepts many at once, each on its own: the ones already handled or not ours come back with the reason', async () => {
    const a1 = await reportNeed(alice, cat, { title: '批量一' });
    const a2 = await reportNeed(bob, cat, { title: '批量二' });
    const done = await reportNeed(alice, cat, { title: '批量三' });
    expect((await staffA.post(`/needs/${done}/accept`, {})).status).toBe(200);
    const other = await reportNeed(carol, cat, { title: '清河的' });
    const res = await staffA.post('/needs/accept-many', { ids: [a1, a2, done, other] });
    expect(res.status).toBe(200);
    expect(res.data.accepted).toEqual([a1, a2]);
    expect(res.data.failed.map((f: { id: number }) => f.id)).toEqual([done, other]);
    expect(res.data.failed[0].message).toContain('不能改为');
    expect(await statusOf(a1)).toBe('accepted');
    expect(await statusOf(other)).toBe('reported');
    expect((await staffA.post('/needs/accept-many', { ids: [] })).status).toBe(400);
    expect((await staffA.post('/needs/accept-many', { ids: Array.from({ length: 51 }, (_, i) => i + 1) })).status).toBe(400);
  });

  it('lets staff report on behalf of an offline resident: proxy recorded, name and phone private', async () => {
    const denied = await bob.post('/needs', needBody(cat, { communityId: tree.a.id, onBehalfOf: { name: '王秀英', phone: '13700001111' } }));
    expect(denied.status).toBe(403);
    const res = await staffA.post(
      '/needs',
      needBody(await categoryId(t, 'elderly'), {
        communityId: tree.a.id,
        title: '独居老人需要助餐',
        onBehalfOf: { name: '王秀英', phone: '13700001111', building: '7栋', unit: '1单元' },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.data.reporter).toEqual({ proxy: true, nickname: null, phoneMasked: '137****1111', proxyNameMasked: '王**' });
    expect(JSON.stringify(res.body)).not.toMatch(/王秀英|13700001111/);
    const row = await t.db.manager.findOneByOrFail(Need, { id: res.data.id });
    expect(row).toMatchObject({ proxy: true, reporterId: null, enteredBy: staffA.userId, building: '7栋' });
    expect(row.proxyPhoneEnc).toMatch(/^v1\./);
    expect(row.proxyNameEnc).toMatch(/^v1\./);
    const report = await t.db.manager.findOneByOrFail(AuditLog, { entityType: 'need', entityId: res.data.id, action: 'need.report' });
    expect(report.actorRole).toBe('staff');
    expect(report.detail).not.toMatch(/王秀英|1370000/);

    // Staff confirm and rate on the offline resident's behalf.
    const id = res.data.id;
    await staffA.post(`/needs/${id}/accept`, {});
    await staffA.post(`/needs/${id}/route`, { to: 'in_progress' });
    await staffA.post(`/needs/${id}/done`, { note: '已安排助餐点送餐' });
    // The 回访 comes from someone other than the handler (#13): here the street's admin.
    expect((await streetAdmin.post(`/needs/${id}/rate`, { rating: 4, comment: '电话回访：满意', visitedOn: beijingDate(t.clock.now()) })).status).toBe(200);
    const pub = await t.api.get(`/public/needs/${id}`);
    expect(JSON.stringify(pub.body)).not.toMatch(/王|13700001111|137\*|7栋/);
  });


  it('records a 代报 need’s rating as a 回访 by a staff member other than the handler, with the day of the call', async () => {
    const colleague = await person(t, 'o-needs-revisit', [['staff', tree.a]]);
    const res = await staffA.post('/needs', needBody(cat, { communityId: tree.a.id, title: '代报：上门理发', isPublic: false, onBehalfOf: { name: '赵淑芬', phone: '13700003333', building: '2栋', unit: '1单元' } }));
    expect(res.status).toBe(201);
    const id = res.data.id as number;
    expect((await staffA.post(`/needs/${id}/accept`, {})).status).toBe(200);
    expect((await staffA.post(`/needs/${id}/route`, { to: 'in_progress' })).status).toBe(200);
    expect((await staffA.post(`/needs/${id}/done`, { note: '志愿者已上门理发' })).status).toBe(200);
    const today = beijingDate(t.clock.now());
    // The handler: no rating buttons, and a clear refusal.
    expect((await staffA.get(`/needs/${id}`)).data.actions.map((a: { to: string }) => a.to)).not.toContain('rated');
    const own = await staffA.post(`/needs/${id}/rate`, { rating: 5, visitedOn: today });
    expect(own.status).toBe(403);
    expect(own.body.error?.message).toContain('不能替居民评价自己的工作');
    // A colleague: the day of the call is required, not in the future, not before it was done.
    expect((await colleague.get(`/needs/${id}`)).data.actions.map((a: { to: string }) => a.to)).toContain('rated');
    const missing = await colleague.post(`/needs/${id}/rate`, { rating: 5 });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.fields?.[0].field).toBe('visitedOn');
    expect((await colleague.post(`/needs/${id}/rate`, { rating: 5, visitedOn: '2099-01-01' })).status).toBe(400);
    expect((await colleague.post(`/needs/${id}/rate`, { rating: 5, visitedOn: '2026-02-30' })).status).toBe(400);
    expect((await colleague.post(`/needs/${id}/rate`, { rating: 4, visitedOn: today, comment: '老人说理发师很耐心' })).status).toBe(200);
    const row = await t.db.manager.findOneByOrFail(Need, { id });
    expect(row).toMatchObject({ status: 'rated', rating: 4, ratedBy: colleague.userId });
    const timeline = (await staffA.get(`/needs/${id}/timeline`)).data.events;
    expect(timeline.at(-1)).toMatchObject({ toStatus: 'rated', rating: 4, note: `电话回访居民（${today}）` });
  });
  it('routes onward to consultation, resources and a project, and closes honestly', async () => {
    const id = await reportNeed(alice, cat, { title: '加装电梯意向征集' });
    await staffA.post(`/needs/${id}/accept`, {});
    expect((await staffA.post(`/needs/${id}/route`, { to: 'in_consultation' })).data.status).toBe('in_consultation');
    const skip = await staffA.post(`/needs/${id}/done`, { note: 'x' });
    expect(skip.status).toBe(409);
    expect(skip.body.error?.message).toContain('当前状态为“社区协商中”');
    // Onward from consultation through the same table; a move the table lacks is refused.
    expect((await staffA.post(`/needs/${id}/route`, { to: 'in_consultation' })).status).toBe(409);
    expect(NEED_TRANSITIONS.some((x) => x.from === 'in_consultation' && x.to === 'in_consultation')).toBe(false);
    expect((await staffA.post(`/needs/${id}/route`, { to: 'resourcing' })).data.status).toBe('resourcing');

    const noTo = await staffA.post(`/needs/${id}/close`, { kind: 'referred', reason: '属于住建部门职责' });
    expect(noTo.status).toBe(400);
    expect(noTo.body.error?.fields?.[0].field).toBe('referredTo');
    const closed = await staffA.post(`/needs/${id}/close`, { kind: 'referred', reason: '属于住建部门职责', referredTo: '区住建委' });
    expect(closed.status).toBe(200);
    expect(closed.data).toMatchObject({ status: 'closed_referred', statusLabel: '已转交', referredTo: '区住建委' });
    const tl = await alice.get(`/needs/${id}/timeline`);
    const steps = Object.fromEntries(tl.data.steps.map((s: { key: string; state: string }) => [s.key, s.state]));
    expect(steps).toEqual({
      need: 'done',
      consultation: 'done',
      // Routed to 筹集资源, but nothing arrived before it was referred: not done (#13).
      resources: 'skipped',
      implementation: 'skipped',
      guidance: 'skipped',
      volunteers: 'skipped',
      feedback: 'skipped',
    });

    const project = await reportNeed(alice, cat, { title: '儿童托管服务' });
    await staffA.post(`/needs/${project}/accept`, {});
    const inProject = await staffA.post(`/needs/${project}/route`, { to: 'in_project', handlerId: carol.userId });
    expect(inProject.status).toBe(400); // a resident of another community cannot be the handler
    expect((await staffA.post(`/needs/${project}/route`, { to: 'in_project' })).data.status).toBe('in_project');
    const ptl = await alice.get(`/needs/${project}/timeline`);
    expect(Object.fromEntries(ptl.data.steps.map((s: { key: string; state: string }) => [s.key, s.state]))).toMatchObject({
      need: 'done',
      consultation: 'skipped',
      resources: 'skipped',
      implementation: 'current',
      guidance: 'pending',
      feedback: 'pending',
    });
    const infeasible = await staffA.post(`/needs/${project}/close`, { kind: 'infeasible', reason: '场地暂不具备条件' });
    expect(infeasible.data.status).toBe('closed_infeasible');
  });
});
