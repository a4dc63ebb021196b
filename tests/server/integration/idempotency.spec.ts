import { IdempotencyKey } from '../../../server/src/common/idempotency-key.entity';
import { IdempotencyStore } from '../../../server/src/common/idempotency';
import { Need } from '../../../server/src/needs/need.entity';
import { buildTree, categoryId, needBody, PNG_1X1, resident, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type User = Api & { userId: number };
const DAY = 86_400_000;

/**
 * #17: a resident on a weak network submits, the answer never arrives, she taps again. With the
 * same Idempotency-Key the second request answers the first one's result instead of creating the
 * need again — also when both arrive at the same moment, on both databases.
 */
describe('Idempotency-Key on POSTs that create', () => {
  let t: TestApp;
  let tree: Tree;
  let cat: number;
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    cat = await categoryId(t, 'facilities');
    alice = await resident(t, 'o-idem-alice', tree.a);
    bob = await resident(t, 'o-idem-bob', tree.a);
  });
  afterAll(() => t.close());

  const report = (who: Api, key: string | undefined, overrides: Record<string, unknown> = {}) =>
    who.request('POST', '/needs', needBody(cat, overrides), key === undefined ? {} : { 'idempotency-key': key });
  const needsTitled = (title: string) => t.db.manager.count(Need, { where: { title } });

  it('creates one need for two identical requests sent at once, and answers both with it', async () => {
    const key = 'k-at-once-0001';
    const [a, b] = await Promise.all([report(alice, key, { title: '同时提交两次' }), report(alice, key, { title: '同时提交两次' })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.data.id).toBe(b.data.id);
    expect(a.body).toEqual(b.body);
    expect([a.headers.get('idempotent-replayed'), b.headers.get('idempotent-replayed')].filter(Boolean)).toEqual(['true']);
    expect(await needsTitled('同时提交两次')).toBe(1);
  });

  it('answers five at once and a late repeat (after a timeout) with the first result', async () => {
    const key = 'k-five-at-once-0002';
    const all = await Promise.all(Array.from({ length: 5 }, () => report(alice, key, { title: '五次提交' })));
    expect(all.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(all.map((r) => r.data.id)).size).toBe(1);
    const later = await report(alice, key, { title: '五次提交' });
    expect(later.status).toBe(201);
    expect(later.data.id).toBe(all[0].data.id);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(await needsTitled('五次提交')).toBe(1);
    // Without a key every POST creates, as before.
    expect((await report(alice, undefined, { title: '五次提交' })).status).toBe(201);
    expect(await needsTitled('五次提交')).toBe(2);
  });

  it('keeps keys per user: the same key from someone else is their own submission', async () => {
    const key = 'k-per-user-0003';
    const mine = await report(alice, key, { title: '各自的提交' });
    const theirs = await report(bob, key, { title: '各自的提交' });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.data.id).not.toBe(mine.data.id);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses the same key with another body or on another route (422), and a malformed key (400)', async () => {
    const key = 'k-reused-0004';
    expect((await report(alice, key, { title: '第一件事' })).status).toBe(201);
    const otherBody = await report(alice, key, { title: '另一件事' });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', message: expect.stringContaining('请求编号') });
    const otherRoute = await alice.request('POST', '/inbox/read-all', {}, { 'idempotency-key': key });
    expect(otherRoute.status).toBe(422);
    expect(await needsTitled('另一件事')).toBe(0);

    for (const bad of ['short', 'has space in it', 'x'.repeat(65), 'bad!key$chars', '']) {
      const res = await report(alice, bad, { title: '坏编号' });
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toContain('Idempotency-Key');
    }
    expect(await needsTitled('坏编号')).toBe(0);
  });

  it('keeps no failed result: a refused first attempt frees the key for the corrected retry', async () => {
    const key = 'k-retry-after-400-0005';
    const refused = await report(alice, key, { title: '' });
    expect(refused.status).toBe(400);
    const again = await report(alice, key, { title: '' });
    expect(again.status).toBe(400);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    const fixed = await report(alice, key, { title: '改好之后再提交' });
    expect(fixed.status).toBe(201);
    expect(await t.db.manager.count(IdempotencyKey, { where: { userId: alice.userId, key } })).toBe(1);
  });

  it('replays a photo upload with the same key instead of storing it twice', async () => {
    const key = 'k-upload-0006';
    const send = () => {
      const form = new FormData();
      form.append('file', new Blob([PNG_1X1], { type: 'image/png' }), 'p.png');
      return fetch(`${t.url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${alice.token}`, 'idempotency-key': key } });
    };
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([201, 201]);
    const id = async (r: Response) => ((await r.json()) as { data: { id: number } }).data.id;
    expect(await id(second)).toBe(await id(first));
  });

  it('forgets a key after 24 hours: the sweep deletes it and the same key creates again', async () => {
    const key = 'k-expiry-0007';
    const first = await report(alice, key, { title: '一天以后' });
    t.clock.advance(DAY + 60_000);
    const next = await report(alice, key, { title: '一天以后' });
    expect(next.status).toBe(201);
    expect(next.data.id).not.toBe(first.data.id);
    t.clock.advance(DAY + 60_000);
    const swept = await t.app.get(IdempotencyStore).sweepExpired();
    expect(swept.deleted).toBeGreaterThanOrEqual(1);
    expect(await t.db.manager.count(IdempotencyKey, { where: { key } })).toBe(0);
  });

  it('claims a crowd of keys together (#15): each new key is its own row, a taken one replays its first answer, each answer is stored on its own row', async () => {
    const store = t.app.get(IdempotencyStore);
    const ask = (i: number) => ({ userId: i % 2 ? alice.userId : bob.userId, key: `k-crowd-${String(i).padStart(4, '0')}`, request: 'POST /api/crowd', body: { i } });
    // Three keys already used and answered (as by another instance).
    for (const i of [0, 1, 2]) {
      const c = await store.claim(ask(i));
      if (c.kind !== 'mine') throw new Error('expected a fresh key');
      await store.complete(c.id, 201, { first: i });
    }
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claim(ask(i))));
    expect(claims.slice(0, 3)).toEqual([0, 1, 2].map((i) => ({ kind: 'replay', statusCode: 201, response: { first: i } })));
    const mine = claims.slice(3).map((c) => (c.kind === 'mine' ? c.id : null));
    expect(mine.every((id) => id != null)).toBe(true);
    expect(new Set(mine).size).toBe(17);
    // All answered at once: one batch, and still each key replays its own answer.
    await Promise.all(mine.map((id, k) => store.complete(id!, k % 2 ? 200 : 201, { answer: k + 3 })));
    const again = await Promise.all(Array.from({ length: 17 }, (_, k) => store.claim(ask(k + 3))));
    expect(again).toEqual(Array.from({ length: 17 }, (_, k) => ({ kind: 'replay', statusCode: k % 2 ? 200 : 201, response: { answer: k + 3 } })));
    expect(await t.db.manager.count(IdempotencyKey, { where: { request: 'POST /api/crowd' } })).toBe(20);
  });
});
