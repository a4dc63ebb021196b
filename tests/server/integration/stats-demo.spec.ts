import { PiiCipher } from '../../../server/src/common/crypto';
import { beijingDate } from '../../../server/src/contract/format';
import { seedDemo } from '../../../server/src/seed/demo-seed';
import { ServiceNode } from '../../../server/src/tree/service-node.entity';
import { startTestApp, type TestApp } from '../../helpers/test-app';

/**
 * 统计台账 on the demo data (#12): the street admin's figures for the last 90 days, checked against
 * what server/src/seed/*.ts writes (counted by hand from those files).
 */
describe('statistics of the demo street', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEV_LOGIN: 'true' });
    expect(await seedDemo(t.db, t.app.get(PiiCipher))).toBe(true);
  });
  afterAll(() => t.close());

  it('counts the seeded needs, the consultation and project, the volunteers and the wishes', async () => {
    const admin = t.api.as((await t.api.post('/auth/dev-login', { account: 'street-admin' })).data.token);
    const street = await t.db.manager.findOneByOrFail(ServiceNode, { name: '古南街道' });
    const to = beijingDate(t.clock.now());
    const from = beijingDate(new Date(t.clock.now().getTime() - 89 * 86_400_000));
    const res = await admin.get(`/stats/nodes/${street.id}?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    // server/src/seed/needs.ts: 7 needs over the last 40 days (文昌 5, 清河 2); 5 accepted; one rated 5.
    expect(res.data.needs).toMatchObject({ reported: 7, accepted: 5, satisfactionRate: { numerator: 1, denominator: 1, percent: 100 } });
    expect(res.data.children.map((c: { node: { name: string }; needs: { reported: number } }) => [c.node.name, c.needs.reported])).toEqual([
      ['文昌社区', 5],
      ['清河社区', 2],
    ]);
    // server/src/seed/consultation.ts: one topic, one 小板凳议事会 held with 23 residents, one resolution, one project with 36 served.
    expect(res.data.loop).toMatchObject({ topics: 1, meetingsHeld: 1, meetingParticipants: 23, resolutions: 1, projectsStarted: 1, peopleServed: 36 });
    // server/src/seed/volunteers.ts: two approved volunteers (60 days ago), two past activities confirmed (3 h + 2 h).
    expect(res.data.volunteers).toMatchObject({ registered: 2, active: 2, activitiesHeld: 2, confirmedHours: 5 });
  });
});
