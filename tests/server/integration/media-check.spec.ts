import { createHash } from 'node:crypto';
import { buildTree, categoryId, fetchFile, person, PNG_1X1, reportNeed, resident, type Tree, uploadFile } from '../../helpers/factories';
import { startTestApp, type TestApp } from '../../helpers/test-app';

/** WeChat's image content check (#14): a photo others will see waits for its verdict, pushed to /api/wechat/push. */
describe('image content check (mediaCheckAsync) and the 消息推送 endpoint', () => {
  let t: TestApp;
  let tree: Tree;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    t.fake.holdMediaChecks();
  });
  afterAll(() => t.close());

  const sign = (token: string, timestamp: string, nonce: string) => createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');

  it('shows a photo only to its uploader and staff until it passes; a risky one is withdrawn and its uploader told', async () => {
    const alice = await resident(t, 'o-mc-alice', tree.a);
    const staff = await person(t, 'o-mc-staff', [['staff', tree.a]]);
    const neighbour = await resident(t, 'o-mc-bob', tree.a, '9栋', '1单元');
    const up = await uploadFile(alice, PNG_1X1, 'a.png', 'image/png', false);
    expect(up.status).toBe(201);
    expect(up.body.data.check).toBe('pending');
    const check = t.fake.mediaChecks.at(-1)!;
    expect(check.mediaUrl).toMatch(new RegExp(`/api/uploads/${up.body.data.id}/media/[0-9a-f]{32}$`));
    // WeChat fetches the photo from the signed address; a wrong signature gets nothing.
    expect((await fetch(`${t.url}${new URL(check.mediaUrl).pathname}`)).status).toBe(200);
    expect((await fetch(`${t.url}/api/uploads/${up.body.data.id}/media/${'0'.repeat(32)}`)).status).toBe(404);

    await reportNeed(alice, await categoryId(t), { photoIds: [up.body.data.id], isPublic: true });
    const url = `/api/uploads/${up.body.data.id}`;
    expect((await fetchFile(t.api, url)).status).toBe(404);
    expect((await fetchFile(neighbour, url)).status).toBe(404);
    expect((await fetchFile(alice, url)).status).toBe(200);
    expect((await fetchFile(staff, url)).status).toBe(200);

    expect(await t.fake.verdict(check.traceId, 'pass')).toBe(200);
    expect((await alice.get(`/uploads/${up.body.data.id}/check`)).data).toEqual({ check: 'pass' });
    expect((await fetchFile(t.api, url)).status).toBe(200);

    // A risky one: withdrawn (staff still see it to follow up), the uploader told.
    const bad = await uploadFile(alice, PNG_1X1, 'b.png', 'image/png', false);
    await reportNeed(alice, await categoryId(t), { photoIds: [bad.body.data.id], isPublic: true, title: '另一件事' });
    await t.fake.verdict(t.fake.mediaChecks.at(-1)!.traceId, 'risky');
    expect((await fetchFile(t.api, `/api/uploads/${bad.body.data.id}`)).status).toBe(404);
    expect((await fetchFile(staff, `/api/uploads/${bad.body.data.id}`)).status).toBe(200);
    expect((await alice.get('/inbox')).data.items.map((i: { title: string }) => i.title)).toContain('照片未通过内容安全检查');
  });

  it('answers WeChat’s URL check with echostr and refuses unsigned, wrongly signed or stale pushes', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const ok = await fetch(`${t.url}/api/wechat/push?signature=${sign(t.config.wechat.pushToken, ts, 'n1')}&timestamp=${ts}&nonce=n1&echostr=hello123`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('hello123');
    for (const q of [`signature=${sign('wrong', ts, 'n1')}&timestamp=${ts}&nonce=n1`, `timestamp=${ts}&nonce=n1`, `signature=${sign(t.config.wechat.pushToken, '1000', 'n1')}&timestamp=1000&nonce=n1`]) {
      const res = await fetch(`${t.url}/api/wechat/push?${q}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Event: 'wxa_media_check', trace_id: 'x', result: { suggest: 'pass' } }) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
  });
});
