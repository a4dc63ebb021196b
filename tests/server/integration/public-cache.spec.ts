import { Need } from '../../../server/src/needs/need.entity';
import { buildTree, categoryId, person, reportNeed, resident, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type User = Api & { userId: number };

/**
 * #15: the public pages a crowd reads are shared from memory for a few seconds — but never past
 * a write: whatever the loop changes through the API is on the next read.
 */
describe('public reads shared for seconds, never past a write', () => {
  let t: TestApp;
  let tree: Tree;
  let cat: number;
  let staff: User;
  let alice: User;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_CACHE_SECONDS: '30' });
    tree = await buildTree(t.db);
    cat = await categoryId(t, 'facilities');
    staff = await person(t, 'o-pc-staff', [['staff', tree.a]]);
    alice = await resident(t, 'o-pc-alice', tree.a);
  });
  afterAll(() => t.close());

  const board = async () => {
    const res = await t.api.get(`/public/communities/${tree.a.id}/needs`);
    expect(res.status).toBe(200);
    return res.data as { items: Array<{ id: number; title: string; status: string; communityName: string; categoryLabel: string }>; total: number };
  };

  it('answers a repeat from memory: a change made behind the server’s back is not read again', async () => {
    const id = await reportNeed(alice, cat, { title: '单元门禁坏了' });
    const first = await board();
    expect(first.items.map((i) => i.title)).toEqual(['单元门禁坏了']);
    // The community's name and the category's label come with each item (one joined query).
    expect(first.items[0]).toMatchObject({ communityName: tree.a.name, categoryLabel: '环境设施' });
    // Not through the API (no transaction of ours): the shared answer stands, so it was not read again.
    await t.db.manager.update(Need, { id }, { title: '改过的标题' });
    expect((await board()).items.map((i) => i.title)).toEqual(['单元门禁坏了']);
    // Another page (offset) is its own entry and reads the database.
    const other = await t.api.get(`/public/communities/${tree.a.id}/needs?limit=5`);
    expect(other.data.items.map((i: { title: string }) => i.title)).toEqual(['改过的标题']);
  });

  it('never shows the old answer after a write through the API: a merged need leaves the board at once', async () => {
    const survivor = await reportNeed(alice, cat, { title: '路灯不亮' });
    const duplicate = await reportNeed(alice, cat, { title: '路灯又不亮' });
    const before = await board();
    expect(before.items.map((i) => i.id)).toEqual(expect.arrayContaining([survivor, duplicate]));

    const merged = await staff.post(`/needs/${duplicate}/merge`, { intoId: survivor, reason: '同一盏路灯' });
    expect(merged.status).toBe(200);
    const after = await board();
    expect(after.items.map((i) => i.id)).not.toContain(duplicate);
    expect(after.total).toBe(before.total - 1);

    // Status changes too: accepting is on the next read.
    expect((await staff.post(`/needs/${survivor}/accept`, { note: '已联系物业' })).status).toBe(200);
    expect((await board()).items.find((i) => i.id === survivor)?.status).toBe('accepted');
  });

  it('shares one answer among simultaneous readers and keys it by the whole URL', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.api.get(`/public/communities/${tree.a.id}/needs`)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect((await t.api.get(`/public/communities/${tree.b.id}/needs`)).data.items).toEqual([]);
  });
});
