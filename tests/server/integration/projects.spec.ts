import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { Need } from '../../../server/src/needs/need.entity';
import { GuidanceRecord, ServiceProject } from '../../../server/src/projects/project.entity';
import { DAY, beijingDay, fromNow, fullScores, openTopic, projectBody } from '../../helpers/consult-factories';
import { activityBody, approvedVolunteers, createActivity } from '../../helpers/volunteer-factories';
import { PNG_1X1, buildTree, categoryId, createOrg, person, reportNeed, resident, type Tree, uploadFile } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type User = Api & { userId: number };

describe('service projects: who may create, implement, guide, complete and evaluate', () => {
  let t: TestApp;
  let tree: Tree;
  let cat: number;
  let staffA: User;
  let staffB: User;
  let streetAdmin: User;
  let otherAdmin: User;
  let sw: User;
  let swOther: User;
  let member: User;
  let otherMember: User;
  let alice: User;
  let orgId: number;
  let otherOrgId: number;

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    cat = await categoryId(t, 'elderly');
    const org = await createOrg(t.db, tree.a, '文昌社区邻里互助社');
    const far = await createOrg(t.db, tree.other, '九龙社区服务社');
    orgId = org.id;
    otherOrgId = far.id;
    staffA = await person(t, 'o-p-staff-a', [['staff', tree.a]]);
    staffB = await person(t, 'o-p-staff-b', [['staff', tree.b]]);
    streetAdmin = await person(t, 'o-p-street-admin', [['admin', tree.street]]);
    otherAdmin = await person(t, 'o-p-other-admin', [['admin', tree.other]]);
    sw = await person(t, 'o-p-sw', [['social_worker', tree.a]]);
    swOther = await person(t, 'o-p-sw-other', [['social_worker', tree.other]]);
    member = await person(t, 'o-p-member', [['org_member', tree.a, org.id]]);
    otherMember = await person(t, 'o-p-member-other', [['org_member', tree.other, far.id]]);
    alice = await resident(t, 'o-p-alice', tree.a);
  });
  afterAll(() => t.close());

  const acceptedNeed = async (title = '独居老人吃饭难，希望有助餐点') => {
    const id = await reportNeed(alice, cat, { title, isPublic: false });
    await staffA.post(`/needs/${id}/accept`, {});
    return id;
  };
  const base = () => ({ communityId: tree.a.id, orgId, socialWorkerId: sw.userId });

  it('creates a project straight from a need, and refuses bad organizations, social workers, sources and scope', async () => {
    const needId = await acceptedNeed();
    const wrongOrg = await staffA.post('/projects', projectBody(t, { ...base(), orgId: otherOrgId }, { needIds: [needId] }));
    expect(wrongOrg.status).toBe(400);
    expect(wrongOrg.body.error?.fields?.[0].field).toBe('orgId');
    const wrongSw = await staffA.post('/projects', projectBody(t, { ...base(), socialWorkerId: swOther.userId }, { needIds: [needId] }));
    expect(wrongSw.status).toBe(400);
    expect(wrongSw.body.error?.fields?.[0].field).toBe('socialWorkerId');
    const noSource = await staffA.post('/projects', projectBody(t, base()));
    expect(noSource.status).toBe(400);
    expect(noSource.body.error?.message).toContain('来源');
    const outside = await staffB.post('/projects', projectBody(t, base(), { needIds: [needId] }));
    expect(outside.status).toBe(403);
    expect(outside.body.error?.code).toBe('OUT_OF_SCOPE');
    expect((await member.post('/projects', projectBody(t, base(), { needIds: [needId] }))).status).toBe(403);

    const invalid = await staffA.post('/projects', projectBody(t, base(), { needIds: [needId], budgetFen: -1, domain: '养老', endsOn: '2026-02-30' }));
    expect(invalid.status).toBe(400);
    const fields = Object.fromEntries(invalid.body.error!.fields!.map((f) => [f.field, f.message]));
    expect(fields).toMatchObject({ budgetFen: '预算（分）不能小于 0' });
    expect(fields.domain).toContain('服务领域只能是');
    const badDate = await staffA.post('/projects', projectBody(t, base(), { needIds: [needId], endsOn: '2026-02-30' }));
    expect(badDate.status).toBe(400);
    expect(badDate.body.error?.message).toContain('不是有效的日期');
    const outOfRange = await staffA.post('/projects', projectBody(t, base(), { needIds: [needId], milestones: [{ title: '开餐', plannedOn: beijingDay(t, 400) }] }));
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error?.message).toContain('起止日期之间');
    expect(await t.db.manager.count(ServiceProject)).toBe(0);

    const ok = await staffA.post('/projects', projectBody(t, base(), { needIds: [needId], title: '长者助餐服务', domain: 'elderly' }));
    expect(ok.status).toBe(201);
    expect(ok.data).toMatchObject({ domainLabel: '养老', resolution: null, privateNeedCount: 0, needs: [{ id: needId, status: 'in_project' }] });
    // The same need cannot be taken into a second project
    expect((await staffA.post('/projects', projectBody(t, base(), { needIds: [needId] }))).status).toBe(409);
    // The social worker and the organization were told
    expect((await sw.get('/inbox')).data.items[0].title).toBe('新服务项目');
    expect((await member.get('/inbox')).data.items[0].title).toBe('新服务项目');
  });

  it('lets only the implementing organization post progress and only the assigned social worker guide and sign off', async () => {
    const needId = await acceptedNeed('老人行动不便，希望有人上门理发');
    const project = (await staffA.post('/projects', projectBody(t, base(), { needIds: [needId], title: '上门理发助老服务' }))).data;

    expect((await otherMember.post(`/projects/${project.id}/progress`, { text: '外组织', peopleServed: 1 })).status).toBe(403);
    expect((await sw.post(`/projects/${project.id}/progress`, { text: '社工', peopleServed: 1 })).status).toBe(403);
    const wrongMilestone = await member.post(`/projects/${project.id}/progress`, { text: '进展', peopleServed: 1, milestoneId: 999999 });
    expect(wrongMilestone.status).toBe(400);
    const notMine = await uploadFile(sw, PNG_1X1);
    expect((await member.post(`/projects/${project.id}/progress`, { text: '进展', peopleServed: 1, photoIds: [notMine.body.data.id] })).status).toBe(400);
    expect((await member.post(`/projects/${project.id}/progress`, { text: '首次上门理发8位老人', peopleServed: 8 })).status).toBe(201);
    expect((await t.db.manager.findOneByOrFail(Need, { id: needId })).status).toBe('in_progress');

    const g = { guidedOn: beijingDay(t), form: 'supervision', content: '督导服务流程与安全规范' };
    expect((await swOther.post(`/projects/${project.id}/guidance`, g)).status).toBe(403);
    expect((await member.post(`/projects/${project.id}/guidance`, g)).status).toBe(403); // no social_worker role at all
    expect((await sw.post(`/projects/${project.id}/guidance`, { ...g, guidedOn: beijingDay(t, 3) })).status).toBe(400); // not in the future
    expect((await sw.post(`/projects/${project.id}/guidance`, { ...g, form: '面谈' })).status).toBe(400);

    // Completion is refused without guidance and sign-off, and nothing is written
    const evidence = await uploadFile(member, PNG_1X1);
    const report = { report: '共上门服务 8 人次。', evidencePhotoIds: [evidence.body.data.id] };
    expect((await member.post(`/projects/${project.id}/complete`, report)).status).toBe(409);
    expect((await member.post(`/projects/${project.id}/complete`, { report: '没有佐证' })).status).toBe(400);
    expect((await t.db.manager.findOneByOrFail(ServiceProject, { id: project.id })).status).toBe('active');
    expect(await t.db.manager.count(AuditLog, { where: { entityType: 'service_project', entityId: project.id, action: 'project.complete' } })).toBe(0);

    expect((await sw.post(`/projects/${project.id}/guidance`, g)).status).toBe(201);
    // Guidance records: the social worker, the organization, covering staff and the street admin; not another community's staff
    for (const who of [sw, member, staffA, streetAdmin]) expect((await who.get(`/projects/${project.id}/guidance`)).data).toHaveLength(1);
    expect((await staffB.get(`/projects/${project.id}/guidance`)).status).toBe(403);
    expect((await alice.get(`/projects/${project.id}/guidance`)).status).toBe(403);
    const subtree = await streetAdmin.get(`/projects/guidance?nodeId=${tree.street.id}`);
    expect(subtree.status).toBe(200);
    expect(subtree.data.map((r: { projectTitle: string }) => r.projectTitle)).toContain('上门理发助老服务');
    expect(subtree.data[0]).toMatchObject({ communityName: '文昌社区', formLabel: '督导' });
    expect((await otherAdmin.get(`/projects/guidance?nodeId=${tree.street.id}`)).status).toBe(403);
    expect((await staffB.get(`/projects/guidance?nodeId=${tree.a.id}`)).status).toBe(403);

    expect((await swOther.post(`/projects/${project.id}/sign-off`, { comment: '同意' })).status).toBe(403);
    // Sign-off waits for every milestone done or settled with a reason; the working view says what is missing
    const early = await sw.post(`/projects/${project.id}/sign-off`, { comment: '同意结项' });
    expect(early.status).toBe(409);
    expect(early.body.error?.message).toContain('“意见征集与方案公示”、“施工协调”、“使用培训与验收”');
    expect((await t.db.manager.findOneByOrFail(ServiceProject, { id: project.id })).signedOffAt).toBeNull();
    const swView = (await sw.get(`/projects/${project.id}`)).data;
    expect(swView.can).toMatchObject({ signOff: false, waiveMilestone: true });
    expect(swView.signOffMissing).toHaveLength(1);
    expect(swView.signOffMissing[0]).toContain('还有 3 个项目节点未完成');
    const [m1, m2, m3] = swView.milestones.map((x: { id: number }) => x.id);
    expect((await member.post(`/projects/${project.id}/progress`, { text: '意见征集完成，方案已公示', peopleServed: 0, milestoneId: m1, milestoneDone: true })).status).toBe(201);
    const waive = (mid: number) => `/projects/${project.id}/milestones/${mid}/waive`;
    expect((await member.post(waive(m2), { reason: '不做了' })).status).toBe(403); // the organization cannot settle its own milestones
    expect((await swOther.post(waive(m2), { reason: '不做了' })).status).toBe(403);
    expect((await sw.post(waive(m2), { reason: '  ' })).status).toBe(400);
    expect((await sw.post(waive(999999), { reason: '没有这个节点' })).status).toBe(404);
    const doneAlready = await sw.post(waive(m1), { reason: '已完成的节点' });
    expect(doneAlready.status).toBe(409);
    expect(doneAlready.body.error?.message).toContain('已完成');
    const waived = await sw.post(waive(m2), { reason: '施工由街道统一协调，本项目不再承担' });
    expect(waived.status).toBe(200);
    expect(waived.data.milestones[1]).toMatchObject({ waivedReason: '施工由街道统一协调，本项目不再承担', waivedOn: beijingDay(t) });
    expect(waived.data.signOffMissing[0]).toContain('还有 1 个项目节点未完成：“使用培训与验收”');
    expect((await sw.post(waive(m2), { reason: '再来一次' })).status).toBe(409);
    expect((await member.get('/inbox')).data.items[0].title).toBe('项目节点调整');
    expect((await sw.post(waive(m3), { reason: '电梯未装，培训推迟到下一期项目' })).status).toBe(200);
    expect((await t.api.get(`/projects/${project.id}/public`)).data.milestones.map((x: { waivedReason: string | null }) => x.waivedReason)).toEqual([
      null,
      '施工由街道统一协调，本项目不再承担',
      '电梯未装，培训推迟到下一期项目',
    ]);
    expect((await sw.post(`/projects/${project.id}/sign-off`, { comment: '同意结项' })).status).toBe(200);
    expect((await sw.post(waive(m3), { reason: '签署后' })).status).toBe(409);
    expect((await sw.post(`/projects/${project.id}/sign-off`, { comment: '再签' })).status).toBe(409);
    expect((await staffA.post(`/projects/${project.id}/evaluation`, { scores: await fullScores(staffA), comment: '早' })).status).toBe(409); // not completed yet
    expect((await member.post(`/projects/${project.id}/complete`, report)).status).toBe(200);
    expect((await member.post(`/projects/${project.id}/progress`, { text: '结项后', peopleServed: 1 })).status).toBe(409);
    expect((await sw.post(`/projects/${project.id}/guidance`, g)).status).toBe(409);
    expect(await t.db.manager.count(GuidanceRecord, { where: { projectId: project.id } })).toBe(1);

    // Evaluation: covering staff only, never the people who ran it
    const scores = await fullScores(staffA, 80);
    expect((await staffB.post(`/projects/${project.id}/evaluation`, { scores, comment: '外社区' })).status).toBe(403);
    expect((await member.post(`/projects/${project.id}/evaluation`, { scores, comment: '自评' })).status).toBe(403);
    const both = await person(t, 'o-p-staff-and-member', [['staff', tree.a], ['org_member', tree.a, orgId]]);
    const self = await both.post(`/projects/${project.id}/evaluation`, { scores, comment: '自评' });
    expect(self.status).toBe(403);
    expect(self.body.error?.message).toContain('不能评估自己参与的项目');
    const dup = await staffA.post(`/projects/${project.id}/evaluation`, { scores: [...scores, scores[0]], comment: '重复' });
    expect(dup.status).toBe(400);
    // 居民满意度 comes from the residents' ratings, never typed
    const criteria = (await staffA.get('/projects/criteria')).data as Array<{ id: number; key: string; source: string }>;
    const satisfaction = criteria.find((c) => c.key === 'satisfaction')!;
    expect(satisfaction.source).toBe('residents');
    const typed = await staffA.post(`/projects/${project.id}/evaluation`, { scores: [...scores, { criterionId: satisfaction.id, score: 100 }], comment: '打满分' });
    expect(typed.status).toBe(400);
    expect(typed.body.error?.message).toContain('居民满意度由居民评价计算');
    const ok = await streetAdmin.post(`/projects/${project.id}/evaluation`, { scores, comment: '服务规范，老人满意。' });
    expect(ok.status).toBe(200);
    expect(ok.data).toMatchObject({ status: 'evaluated', evaluation: { totalScore: 80 }, residentRating: { average: null, count: 0 } });
    // Nobody rated: 无数据, left out of the total (80 over the other weights), and shown so
    expect(ok.data.evaluation.criteria.find((c: { label: string }) => c.label === '居民满意度')).toEqual({ label: '居民满意度', weight: 20, score: null, source: 'residents', ratings: 0 });

    // Lists: the street's workbench, mine, the public list
    expect((await streetAdmin.get(`/projects?nodeId=${tree.street.id}`)).data.map((p: { id: number }) => p.id)).toContain(project.id);
    expect((await staffB.get(`/projects?nodeId=${tree.a.id}`)).status).toBe(403);
    expect((await sw.get('/projects/mine')).data.map((p: { id: number }) => p.id)).toContain(project.id);
    expect((await member.get('/projects/mine')).data.map((p: { id: number }) => p.id)).toContain(project.id);
    expect((await otherMember.get('/projects/mine')).data).toEqual([]);
    const list = await t.api.get(`/projects/public?communityId=${tree.a.id}`);
    expect(list.data.find((p: { id: number }) => p.id === project.id)).toMatchObject({ score: 80, organizationName: '文昌社区邻里互助社', statusLabel: '已评估' });
    // A private need is not named on the public page
    const page = await t.api.get(`/projects/${project.id}/public`);
    expect(page.data.needs).toEqual([]);
    expect(JSON.stringify(page.body)).not.toContain('老人行动不便');
  });

  it('lists a project’s volunteer activities, and writes 志愿者参与 on its needs once someone attended (#13)', async () => {
    const needId = await acceptedNeed('高龄老人需要陪同就医');
    const created = await staffA.post('/projects', projectBody(t, base(), { needIds: [needId], title: '高龄老人陪诊服务' }));
    expect(created.status).toBe(201);
    const projectId = created.data.id as number;
    const vol = (await approvedVolunteers(t, tree.a, 1, 'o-p-vol'))[0];
    // A project of another community, or none at all, is refused by its field.
    const wrong = await staffB.post('/volunteer-activities', activityBody(t, tree.b, { projectId }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.fields?.[0].field).toBe('projectId');
    expect((await staffA.post('/volunteer-activities', activityBody(t, tree.a, { projectId: 999_999 }))).status).toBe(400);
    const a = await createActivity(t, staffA, tree.a, { title: '陪诊志愿服务', projectId }, 24 * 60, 120);
    expect((await staffA.get(`/volunteer-activities?projectId=${projectId}`)).data.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    expect((await staffA.get('/volunteer-activities?projectId=0')).status).toBe(400);
    const volunteersStep = async () =>
      (await staffA.get(`/needs/${needId}/timeline`)).data.events.filter((e: { step: string | null }) => e.step === 'volunteers').map((e: { action: string }) => e.action);

    const signup = await vol.post(`/volunteer-activities/${a.id}/signups`, {});
    expect(signup.status).toBe(201);
    t.clock.advance(new Date(a.endsAt).getTime() - t.clock.now().getTime() + 10 * 60_000);
    const marked = await staffA.post(`/volunteer-activities/${a.id}/attendance`, { signupId: signup.data.signupId, attendance: 'present', reason: '现场点名确认', checkedInAt: a.startsAt, checkedOutAt: a.endsAt });
    expect(marked.status).toBeLessThan(300);
    expect((await staffA.post(`/volunteer-activities/${a.id}/confirm-attendance`)).status).toBe(200);
    expect(await volunteersStep()).toEqual(['志愿活动“陪诊志愿服务”完成']);
  });

  it('lists the volunteer tasks of a project’s needs for the people on it, not for others (#13)', async () => {
    const needId = await acceptedNeed('独居老人需要有人代购药品');
    const created = await staffA.post('/projects', projectBody(t, base(), { needIds: [needId], title: '独居老人代购服务' }));
    expect(created.status).toBe(201);
    const projectId = created.data.id as number;
    expect((await member.get(`/projects/${projectId}/tasks`)).data).toEqual([]);
    const at = (h: number) => new Date(t.clock.now().getTime() + h * 3600_000).toISOString();
    const task = await staffA.post(`/needs/${needId}/volunteer-tasks`, { kind: 'shopping', title: '代购降压药', startsAt: at(24), endsAt: at(25), place: '社区药店' });
    expect(task.status).toBe(201);
    for (const who of [member, sw, staffA]) {
      expect((await who.get(`/projects/${projectId}/tasks`)).data).toEqual([
        expect.objectContaining({ id: task.data.id, needId, title: '代购降压药', kindLabel: '代购', statusLabel: '待认领', creditedHours: null }),
      ]);
    }
    expect((await alice.get(`/projects/${projectId}/tasks`)).status).toBe(403);
    expect((await otherMember.get(`/projects/${projectId}/tasks`)).status).toBe(403);
  });

  it('starts a project only from a resolution that decided on one, once', async () => {
    const needId = await acceptedNeed('希望开设四点半课堂');
    const topic = await openTopic(t, staffA, tree.a.id, { title: '是否开设四点半课堂', needIds: [needId], voteEndsAt: fromNow(t, 3600_000) });
    t.clock.advance(2 * 3600_000);
    const handle = await staffA.post(`/consultation/topics/${topic.id}/resolution`, { text: '由社区直接安排志愿者辅导', outcome: 'handle' });
    expect(handle.status).toBe(201);
    expect((await t.db.manager.findOneByOrFail(Need, { id: needId })).status).toBe('in_progress');
    const refused = await staffA.post('/projects', projectBody(t, base(), { resolutionId: handle.data.resolution.id }));
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toContain('立项实施');
    expect((await staffA.post('/projects', projectBody(t, base(), { resolutionId: 999999 }))).status).toBe(400);
    t.clock.advance(DAY);
  });
});
