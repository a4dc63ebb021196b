import { buildTree, categoryId, person, reportNeed, resident, type Tree } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

/** Free text shown in public is redacted on the way out (#14); the reporter reads it as written, with what the public sees. */
describe('public text: phone numbers, exact addresses and names masked for everyone but those involved', () => {
  let t: TestApp;
  let tree: Tree;
  let alice: Api & { userId: number };
  let bob: Api & { userId: number };
  let staff: Api & { userId: number };

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    alice = await resident(t, 'o-pt-alice', tree.a);
    bob = await resident(t, 'o-pt-bob', tree.a, '9栋', '1单元');
    staff = await person(t, 'o-pt-staff', [['staff', tree.a]]);
    await alice.patch('/me', { nickname: '王秀英' });
  });
  afterAll(() => t.close());

  it('masks the number, the room and the reporter’s name on the public page, the board and for a neighbour; not for her or staff', async () => {
    const id = await reportNeed(alice, await categoryId(t), {
      title: '有事请打我电话13712345678',
      description: '我是王秀英，住3栋2单元501室，楼道灯坏了一周，晚上看不清。',
    });
    const shown = { title: '有事请打我电话137****5678', description: '我是王**，住*栋*单元***室，楼道灯坏了一周，晚上看不清。' };

    const pub = await t.api.get(`/public/needs/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.data.need).toMatchObject(shown);
    expect(JSON.stringify(pub.body)).not.toMatch(/13712345678|王秀英|501/);
    const board = await t.api.get(`/public/communities/${tree.a.id}/needs`);
    expect(board.data.items.find((i: { id: number }) => i.id === id).title).toBe(shown.title);

    expect((await bob.post(`/needs/${id}/me-too`, {})).status).toBe(200);
    expect((await bob.get(`/needs/${id}`)).data).toMatchObject(shown);

    const mine = (await alice.get(`/needs/${id}`)).data;
    expect(mine).toMatchObject({ title: '有事请打我电话13712345678', publicPreview: shown });
    expect((await staff.get(`/needs/${id}`)).data).toMatchObject({ title: '有事请打我电话13712345678', description: expect.stringContaining('3栋2单元501室') });
  });
});
