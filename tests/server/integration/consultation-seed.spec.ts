import { PiiCipher } from '../../../server/src/common/crypto';
import { seedDemo } from '../../../server/src/seed/demo-seed';
import { ServiceNode } from '../../../server/src/tree/service-node.entity';
import { startTestApp, type TestApp } from '../../helpers/test-app';

describe('demo consultation and project (seed)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEV_LOGIN: 'true' });
  });
  afterAll(() => t.close());

  it('seeds a resolved 小板凳议事会 topic in 文昌社区 and the project it started, visible through the API', async () => {
    expect(await seedDemo(t.db, t.app.get(PiiCipher))).toBe(true);
    const wenchang = await t.db.manager.findOneByOrFail(ServiceNode, { name: '文昌社区' });
    const topics = await t.api.get(`/consultation/topics?communityId=${wenchang.id}`);
    expect(topics.data).toHaveLength(1);
    const topic = (await t.api.get(`/consultation/topics/${topics.data[0].id}`)).data;
    expect(topic).toMatchObject({ status: 'resolved', voting: 'closed', results: { online: 1, offline: 23, total: 24 }, meetings: [{ kindLabel: '小板凳议事会', status: 'held', attendedCount: 23 }] });
    expect(topic.resolution.projectId).toEqual(expect.any(Number));

    const page = (await t.api.get(`/projects/${topic.resolution.projectId}/public`)).data;
    expect(page).toMatchObject({ title: '文昌社区长者食堂助餐服务', status: 'active', organization: { name: '文昌社区邻里互助会' }, guidanceCount: 1, peopleServed: 36 });
    expect(page.milestones).toHaveLength(3);
    expect(page.progress).toHaveLength(1);

    const login = await t.api.post('/auth/dev-login', { account: 'wenchang-resident' });
    const resident = t.api.as(login.data.token);
    const needId = topic.needs[0].id;
    const tl = (await resident.get(`/needs/${needId}/timeline`)).data;
    expect(tl.need.status).toBe('in_progress');
    expect(Object.fromEntries(tl.steps.map((s: { key: string; state: string }) => [s.key, s.state]))).toMatchObject({ consultation: 'done', implementation: 'done', guidance: 'done' });

    const sw = t.api.as((await t.api.post('/auth/dev-login', { account: 'wenchang-socialworker' })).data.token);
    expect((await sw.get('/projects/mine')).data[0]).toMatchObject({ title: '文昌社区长者食堂助餐服务' });
    expect((await sw.get(`/projects/${page.id}/guidance`)).data[0]).toMatchObject({ formLabel: '社区' });
  });
});
