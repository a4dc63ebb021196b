import { AuditLog } from '../../../server/src/audit/audit-log.entity';
import { ConsultMeeting, MeetingSignup } from '../../../server/src/consultation/meeting.entity';
import { ConsultVote } from '../../../server/src/consultation/vote.entity';
import { Need } from '../../../server/src/needs/need.entity';
import { OutboxMessage } from '../../../server/src/notifications/outbox-message.entity';
import { DAY, beijingDay, fromNow, fullScores, openTopic, projectBody, scheduleMeeting } from '../../helpers/consult-factories';
import { PNG_1X1, buildTree, categoryId, createOrg, fetchFile, person, reportNeed, resident, type Tree, uploadFile } from '../../helpers/factories';
import { type Api, startTestApp, type TestApp } from '../../helpers/test-app';

type User = Api & { userId: number };

describe('consultation → project → guidance → evaluation: the loop for one need', () => {
  let t: TestApp;
  let tree: Tree;
  let cat: number;
  let staffA: User;
  let staffA2: User;
  let staffB: User;
  let streetAdmin: User;
  let socialWorker: User;
  let orgMember: User;
  let orgId: number;
  let alice: User; // resident of a, reports the need
  let bob: User; // resident of a
  let dave: User; // resident of a
  let carol: User; // resident of b

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.db);
    cat = await categoryId(t, 'facilities');
    const org = await createOrg(t.db, tree.street, '古南街道为老服务中心', 'social_work_agency');
    orgId = org.id;
    staffA = await person(t, 'o-c-staff-a', [['staff', tree.a]]);
    staffA2 = await person(t, 'o-c-staff-a2', [['staff', tree.a]]);
    staffB = await person(t, 'o-c-staff-b', [['staff', tree.b]]);
    streetAdmin = await person(t, 'o-c-street-admin', [['admin', tree.street]]);
    socialWorker = await person(t, 'o-c-sw', [['social_worker', tree.street]]);
    orgMember = await person(t, 'o-c-org', [['org_member', tree.street, org.id]]);
    alice = await resident(t, 'o-c-alice', tree.a, '3栋', '2单元');
    bob = await resident(t, 'o-c-bob', tree.a, '3栋', '1单元');
    dave = await resident(t, 'o-c-dave', tree.a, '5栋', '1单元');
    carol = await resident(t, 'o-c-carol', tree.b);
  });
  afterAll(() => t.close());

  const needStatus = async (id: number) => (await t.db.manager.findOneByOrFail(Need, { id })).status;
  const inboxTitles = async (u: Api) => (await u.get('/inbox?limit=50')).data?.items?.map((i: { title: string }) => i.title) ?? [];

  it('runs need → topic → meeting → vote → resolution → project → progress → guidance → sign-off → completion → rating → evaluation', async () => {
    // 居民需求
    const needId = await reportNeed(alice, cat, { title: '3栋老人上下楼难，希望加装电梯', subscribed: ['need_status'] });
    expect((await staffA.post(`/needs/${needId}/accept`, {})).status).toBe(200);

    // 社区协商: a topic from the need
    const topic = await openTopic(t, staffA, tree.a.id, { needIds: [needId] });
    expect(topic).toMatchObject({ status: 'open', voting: 'open', communityName: '文昌社区', results: null, onlineVoters: 0 });
    expect(topic.needs).toEqual([expect.objectContaining({ id: needId, status: 'in_consultation', statusLabel: '社区协商中' })]);
    const [yes, no] = topic.options.map((o: { id: number }) => o.id);
    expect(await needStatus(needId)).toBe('in_consultation');

    // A meeting; residents sign up
    const meeting = await scheduleMeeting(t, staffA, topic.id, { capacity: 2 });
    expect(meeting).toMatchObject({ capacity: 2, signedUp: 0, seatsLeft: 2, status: 'scheduled', kindLabel: '小板凳议事会' });
    // The topic list (one SELECT, #15) counts the need and the meeting and names the meeting as the next one
    const listed = async () => (await t.api.get(`/consultation/topics?communityId=${tree.a.id}`)).data.find((x: { id: number }) => x.id === topic.id);
    expect(await listed()).toMatchObject({ needCount: 1, meetingCount: 1, nextMeetingAt: meeting.startsAt, voting: 'open' });
    expect((await alice.post(`/consultation/meetings/${meeting.id}/signup`)).data).toMatchObject({ signedUp: 1, mySignup: { signedUp: true } });
    expect((await alice.post(`/consultation/meetings/${meeting.id}/signup`)).data.signedUp).toBe(1); // idempotent
    expect((await bob.post(`/consultation/meetings/${meeting.id}/signup`)).status).toBe(200);
    const full = await dave.post(`/consultation/meetings/${meeting.id}/signup`);
    expect(full.status).toBe(409);
    expect(full.body.error?.message).toContain('名额已满');
    expect((await carol.post(`/consultation/meetings/${meeting.id}/signup`)).status).toBe(403);

    // Votes: residents of the community only; changeable; results hidden while open
    expect((await alice.post(`/consultation/topics/${topic.id}/vote`, { optionId: yes, subscribed: ['need_status'] })).status).toBe(200);
    expect((await bob.post(`/consultation/topics/${topic.id}/vote`, { optionId: no })).status).toBe(200);
    const changed = await bob.post(`/consultation/topics/${topic.id}/vote`, { optionId: yes });
    expect(changed.status).toBe(200);
    expect(changed.data).toMatchObject({ results: null, onlineVoters: 2, me: { canVote: true, myOptionId: yes } });
    const outsider = await carol.post(`/consultation/topics/${topic.id}/vote`, { optionId: yes });
    expect(outsider.status).toBe(403);
    expect(outsider.body.error?.message).toContain('文昌社区的居民');
    expect((await staffA.post(`/consultation/topics/${topic.id}/vote`, { optionId: yes })).status).toBe(403); // a login or a staff role is not residence
    expect((await dave.post(`/consultation/topics/${topic.id}/vote`, { optionId: 999999 })).status).toBe(400);
    expect((await t.api.get(`/consultation/topics/${topic.id}`)).data.results).toBeNull();

    // After the meeting: attendance, minutes, photos; hand-counted votes kept apart from online ones
    expect((await staffA.post(`/consultation/meetings/${meeting.id}/record`, { minutes: '会前记录' })).status).toBe(409); // not held yet
    t.clock.advance(DAY + 3600_000);
    const photo = await uploadFile(staffA, PNG_1X1);
    expect(await listed()).toMatchObject({ meetingCount: 1, nextMeetingAt: null }); // still scheduled, but past
    const names = await staffA.get(`/consultation/meetings/${meeting.id}/signups`);
    expect(names.data.map((s: { userId: number }) => s.userId).sort()).toEqual([alice.userId, bob.userId].sort());
    const recorded = await staffA.post(`/consultation/meetings/${meeting.id}/record`, {
      minutes: '到会居民一致认为加装电梯很有必要，低楼层住户提出采光顾虑，会上商定按楼层系数分摊费用。',
      attendedUserIds: [alice.userId],
      walkIns: 5,
      photoIds: [photo.body.data.id],
    });
    expect(recorded.status).toBe(200);
    expect(recorded.data).toMatchObject({ status: 'held', attendedCount: 6, walkInCount: 5, photoCount: 1 });
    expect((await fetchFile(alice, `/api/uploads/${photo.body.data.id}`)).status).toBe(200); // a resident of the community sees it
    expect((await fetchFile(carol, `/api/uploads/${photo.body.data.id}`)).status).toBe(404);
    expect((await t.api.get(`/consultation/topics/${topic.id}`)).data.meetings[0]).toMatchObject({ photoCount: 1, photos: null });

    const tooMany = await staffA.put(`/consultation/topics/${topic.id}/offline-votes`, { meetingId: meeting.id, counts: [{ optionId: yes, count: 5 }, { optionId: no, count: 2 }] });
    expect(tooMany.status).toBe(400); // 7 votes from 6 people
    const offline = await staffA.put(`/consultation/topics/${topic.id}/offline-votes`, { meetingId: meeting.id, counts: [{ optionId: yes, count: 4 }, { optionId: no, count: 2 }] });
    expect(offline.status).toBe(200);

    // No resolution before the window closes; no votes after it
    expect((await staffA.post(`/consultation/topics/${topic.id}/resolution`, { text: '加装', outcome: 'project' })).status).toBe(409);
    t.clock.advance(DAY);
    const late = await dave.post(`/consultation/topics/${topic.id}/vote`, { optionId: no });
    expect(late.status).toBe(409);
    expect(late.body.error?.message).toContain('截止');
    const closed = await t.api.get(`/consultation/topics/${topic.id}`);
    expect(closed.data.voting).toBe('closed');
    expect(closed.data.results).toEqual({
      options: [
        { optionId: yes, label: '同意加装，按楼层分摊', online: 2, offline: 4, total: 6 },
        { optionId: no, label: '暂缓，先征求低楼层住户意见', online: 0, offline: 2, total: 2 },
      ],
      online: 2,
      offline: 2 + 4,
      total: 8,
    });

    const published = await staffA.post(`/consultation/topics/${topic.id}/resolution`, {
      text: '同意3栋加装电梯，费用按楼层系数分摊，由古南街道为老服务中心立项协助实施。',
      outcome: 'project',
      adoptedOptionId: yes,
    });
    expect(published.status).toBe(201);
    expect(published.data).toMatchObject({ status: 'resolved', resolution: { outcome: 'project', adoptedOptionLabel: '同意加装，按楼层分摊', figures: { online: 2, offline: 6 } } });
    expect((await staffA.post(`/consultation/topics/${topic.id}/resolution`, { text: '再发一次', outcome: 'project' })).status).toBe(409);
    expect(await inboxTitles(alice)).toContain('议事结果');
    expect(await inboxTitles(bob)).toContain('议事结果');
    expect(await inboxTitles(dave)).not.toContain('议事结果'); // neither reported nor voted
    // Alice granted a subscribe message when voting: the result is queued for WeChat, opening the topic page
    const queued = await t.db.manager.find(OutboxMessage, { where: { userId: alice.userId, page: `loop/pages/topic/index?id=${topic.id}` } });
    expect(queued).toHaveLength(1);
    expect(JSON.parse(queued[0].data)).toMatchObject({ thing1: { value: '3栋是否加装电梯' }, phrase2: { value: '已出结果' } });

    // 社会组织实施: a project from the resolution (a social worker is required)
    const base = { communityId: tree.a.id, orgId };
    const noSw = await staffA.post('/projects', projectBody(t, base, { resolutionId: published.data.resolution.id }));
    expect(noSw.status).toBe(400);
    expect(noSw.body.error?.fields?.[0]).toMatchObject({ field: 'socialWorkerId' });
    expect(noSw.body.error?.message).toContain('社工');
    const created = await staffA.post('/projects', projectBody(t, { ...base, socialWorkerId: socialWorker.userId }, { resolutionId: published.data.resolution.id }));
    expect(created.status).toBe(201);
    const project = created.data;
    expect(project).toMatchObject({ status: 'active', organization: { name: '古南街道为老服务中心' }, resolution: { topicId: topic.id }, can: { evaluate: false } });
    expect(await needStatus(needId)).toBe('in_project');
    expect((await t.api.get(`/consultation/topics/${topic.id}`)).data.resolution.projectId).toBe(project.id);
    expect((await staffA.post('/projects', projectBody(t, { ...base, socialWorkerId: socialWorker.userId }, { resolutionId: published.data.resolution.id }))).status).toBe(409);

    // Money: an allocation for the project shows as budget vs actual on its page
    await staffA.post(`/funds/nodes/${tree.a.id}/donations`, { amountFen: 100_000, anonymous: true, donorKind: 'individual', channel: '现金', receivedOn: beijingDay(t) });
    expect((await staffA.post(`/funds/nodes/${tree.a.id}/allocations`, { amountFen: 100, purpose: '电梯方案公示', projectId: 999999 })).status).toBe(400);
    const alloc = await staffA.post(`/funds/nodes/${tree.a.id}/allocations`, { amountFen: 30_000, purpose: '加装电梯方案公示与意见征集', projectId: project.id });
    expect(alloc.status).toBe(201);
    expect((await staffA2.post(`/funds/allocations/${alloc.data.id}/approve`)).data.status).toBe('posted');
    // 统计: the money posted to the community's projects today (#12).
    const today = beijingDay(t);
    expect((await staffA.get(`/stats/nodes/${tree.a.id}?from=${today}&to=${today}`)).data.loop.projectFundedFen).toBe(30_000);

    // Progress by the organization's member: the need moves into handling
    const milestone = project.milestones[0].id;
    const progressPhoto = await uploadFile(orgMember, PNG_1X1);
    expect((await staffA.post(`/projects/${project.id}/progress`, { text: 'x', peopleServed: 1 })).status).toBe(403);
    const progress = await orgMember.post(`/projects/${project.id}/progress`, {
      text: '已入户走访18户，完成意见征集，方案在楼栋公示7天无异议。',
      milestoneId: milestone,
      milestoneDone: true,
      peopleServed: 18,
      photoIds: [progressPhoto.body.data.id],
    });
    expect(progress.status).toBe(201);
    expect(progress.data).toMatchObject({ peopleServed: 18, milestones: [{ doneOn: beijingDay(t) }, { doneOn: null }, { doneOn: null }] });
    expect(progress.data.progress[0]).toMatchObject({ milestoneTitle: '意见征集与方案公示', peopleServed: 18, photoCount: 1 });
    expect(await needStatus(needId)).toBe('in_progress');

    // 社会工作者指导: completion is refused without guidance and the social worker's sign-off
    const evidence = await uploadFile(orgMember, PNG_1X1);
    const report = { report: '电梯已完成安装并通过验收，组织了两场使用培训。', evidencePhotoIds: [evidence.body.data.id] };
    const noGuidance = await orgMember.post(`/projects/${project.id}/complete`, report);
    expect(noGuidance.status).toBe(409);
    expect(noGuidance.body.error?.message).toContain('指导记录');
    expect((await socialWorker.post(`/projects/${project.id}/sign-off`, { comment: '同意结项' })).status).toBe(409);
    const guidance = await socialWorker.post(`/projects/${project.id}/guidance`, {
      guidedOn: beijingDay(t),
      form: 'community',
      content: '指导服务中心开展楼栋协商，梳理低楼层住户顾虑。',
      issues: '意见征集记录不完整',
      nextSteps: '补齐入户记录，邀请低楼层住户代表参与方案讨论',
    });
    expect(guidance.status).toBe(201);
    expect(guidance.data).toMatchObject({ formLabel: '社区', projectTitle: '3栋加装电梯服务项目' });
    const noSignOff = await orgMember.post(`/projects/${project.id}/complete`, report);
    expect(noSignOff.status).toBe(409);
    expect(noSignOff.body.error?.message).toContain('签署');
    expect((await orgMember.post(`/projects/${project.id}/sign-off`, { comment: '同意' })).status).toBe(403);
    // The sign-off waits for the other two milestones
    const unfinished = await socialWorker.post(`/projects/${project.id}/sign-off`, { comment: '同意结项' });
    expect(unfinished.status).toBe(409);
    expect(unfinished.body.error?.message).toContain('“施工协调”、“使用培训与验收”');
    for (const [i, text] of [[1, '施工协调完成，电梯安装到位。'], [2, '组织两场使用培训，电梯通过验收。']] as const) {
      expect((await orgMember.post(`/projects/${project.id}/progress`, { text, milestoneId: project.milestones[i].id, milestoneDone: true, peopleServed: 0 })).status).toBe(201);
    }
    const signed = await socialWorker.post(`/projects/${project.id}/sign-off`, { comment: '服务过程规范，同意结项。' });
    expect(signed.status).toBe(200);
    expect(signed.data).toMatchObject({ signedOff: true, can: { addGuidance: true, signOff: false } });
    const done = await orgMember.post(`/projects/${project.id}/complete`, report);
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({ status: 'completed', statusLabel: '已结项，待评估', evidencePhotoCount: 1 });
    expect(await needStatus(needId)).toBe('done');
    expect((await orgMember.post(`/projects/${project.id}/complete`, report)).status).toBe(409);

    // 居民监督和反馈: the resident rates the need; then the evaluation
    expect((await alice.post(`/needs/${needId}/rate`, { rating: 5, comment: '电梯装好了，老人出门方便多了' })).status).toBe(200);
    expect((await staffA.post(`/projects/${project.id}/evaluation`, { scores: [{ criterionId: 1, score: 90 }], comment: '好' })).status).toBe(400); // every criterion
    // 居民满意度 is computed from the one 5-star rating (5 × 20 = 100), the others typed
    const scores = (await fullScores(staffA)).map((s, i) => ({ ...s, score: [90, 80, 70, 90][i] }));
    const evaluated = await staffA.post(`/projects/${project.id}/evaluation`, { scores, comment: '项目回应了居民的共性需求，资金使用规范。' });
    expect(evaluated.status).toBe(200);
    // (90×20 + 80×30 + 100×20 + 70×15 + 90×15) / 100 = 86
    expect(evaluated.data).toMatchObject({ status: 'evaluated', evaluation: { totalScore: 86 }, residentRating: { average: 5, count: 1 } });
    expect((await staffA.post(`/projects/${project.id}/evaluation`, { scores, comment: '再评' })).status).toBe(409);

    // 评估标准 revised by the district (#13): a new version; the evaluation already given keeps its scorecard.
    const v1 = (await t.api.get('/projects/criteria')).data as Array<{ key: string; label: string; weight: number; source: string; version: number }>;
    expect(new Set(v1.map((c) => c.version))).toEqual(new Set([1]));
    const revised = [
      ...v1.filter((c) => c.source === 'scored').slice(0, 2).map((c, i) => ({ key: c.key, label: i === 0 ? `${c.label}（修订）` : c.label, weight: 35, source: 'scored' })),
      ...v1.filter((c) => c.source === 'residents').map((c) => ({ key: c.key, label: c.label, weight: 20, source: 'residents' })),
      { label: '可持续性', weight: 10, source: 'scored' },
    ];
    expect((await streetAdmin.put('/projects/criteria', { criteria: revised })).status).toBe(403);
    const district = await person(t, 'o-c-district-admin', [['admin', tree.district]]);
    const wrongSum = await district.put('/projects/criteria', { criteria: revised.map((c) => ({ ...c, weight: 10 })) });
    expect(wrongSum.status).toBe(400);
    expect(wrongSum.body.error?.message).toContain('权重之和应为 100');
    expect((await district.put('/projects/criteria', { criteria: [...revised.slice(0, -1), { label: revised[0].label, weight: 10, source: 'scored' }] })).body.error?.message).toBe('指标名称不能重复');
    const v2 = await district.put('/projects/criteria', { criteria: revised });
    expect(v2.status).toBe(200);
    expect(v2.data.map((c: { label: string; weight: number; version: number }) => [c.label, c.weight, c.version])).toEqual(revised.map((c) => [c.label, c.weight, 2]));
    // Saving the same set again makes no version 3.
    expect((await district.put('/projects/criteria', { criteria: v2.data.map((c: { key: string; label: string; weight: number; source: string }) => ({ key: c.key, label: c.label, weight: c.weight, source: c.source })) })).data[0].version).toBe(2);
    const kept = (await staffA.get(`/projects/${project.id}`)).data.evaluation;
    expect(kept).toMatchObject({ totalScore: 86, criteriaVersion: 1 });
    expect(kept.criteria.map((c: { label: string; weight: number }) => [c.label, c.weight])).toEqual(v1.map((c) => [c.label, c.weight]));

    // The need's timeline shows each step
    const tl = await alice.get(`/needs/${needId}/timeline`);
    expect(tl.data.events.filter((e: { kind: string }) => e.kind !== 'step').map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'reported',
      'accepted',
      'in_consultation',
      'in_project',
      'in_progress',
      'done',
      'rated',
    ]);
    const stepActions = tl.data.events.filter((e: { kind: string }) => e.kind === 'step').map((e: { step: string; action: string }) => `${e.step}:${e.action}`);
    expect(stepActions).toEqual([
      'consultation:召开小板凳议事会',
      'consultation:形成议定事项：立项实施（服务项目）',
      // The project's allocation was posted: 慈善资源保障 written by the money, not by a route (#13).
      'resources:慈善资金到位 ¥300.00',
      'guidance:社工指导',
      'implementation:项目进展',
      'implementation:项目进展',
      'guidance:社工签署结项意见',
    ]);
    // The moves name the topic and the project they came from, so the timeline can link to their public pages.
    expect(tl.data.events.find((e: { toStatus: string }) => e.toStatus === 'in_consultation')).toMatchObject({ topicId: topic.id });
    expect(tl.data.events.find((e: { toStatus: string }) => e.toStatus === 'in_project')).toMatchObject({ projectId: project.id });
    const inProgress = tl.data.events.find((e: { toStatus: string }) => e.toStatus === 'in_progress');
    expect(inProgress).toMatchObject({ actorRole: 'org_member', actorRoleLabel: '社会组织成员', action: '项目开始实施' });
    expect(Object.fromEntries(tl.data.steps.map((s: { key: string; state: string }) => [s.key, s.state]))).toEqual({
      need: 'done',
      consultation: 'done',
      // The project's ¥300 allocation was posted (#13: the money writes the step).
      resources: 'done',
      implementation: 'done',
      guidance: 'done',
      volunteers: 'skipped',
      feedback: 'done',
    });
    // Guidance content stays off the resident's timeline (it may be about a person)
    expect(JSON.stringify(tl.body)).not.toContain('低楼层住户顾虑');

    // The public page: score, resolution, organization, progress, report, budget vs actual — no personal data
    const page = await t.api.get(`/projects/${project.id}/public`);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({
      status: 'evaluated',
      organization: { name: '古南街道为老服务中心', kindLabel: '社会工作服务机构' },
      budgetFen: 5_000_000,
      allocatedFen: 30_000,
      spentFen: 30_000,
      peopleServed: 18,
      evaluation: { totalScore: 86 },
      resolution: { topicTitle: '3栋是否加装电梯', figures: { total: 8 } },
      completionReport: '电梯已完成安装并通过验收，组织了两场使用培训。',
      guidanceCount: 1,
    });
    const text = JSON.stringify(page.body);
    for (const secret of ['2单元', 'socialWorkerId', 'o-c-', '/api/uploads/', 'nickname', 'phone', '低楼层住户顾虑', 'orgId']) expect(text).not.toContain(secret);
    // Read in one round of SELECTs (#15): photos counted as the working view lists them, the same fields in the same order.
    const working = (await staffA.get(`/projects/${project.id}`)).data;
    expect(page.data.progress.map((p: { photoCount: number }) => p.photoCount)).toEqual([1, 0, 0]);
    expect(page.data.progress.map((p: { photoCount: number }) => p.photoCount)).toEqual(working.progress.map((p: { photos: unknown[] }) => p.photos.length));
    expect(page.data.evidencePhotoCount).toBe(working.evidencePhotos.length);
    expect(page.data).toMatchObject({ residentRating: { average: 5, count: 1 }, milestones: working.milestones, evaluation: working.evaluation });
    expect(Object.keys(working).slice(0, Object.keys(page.data).length)).toEqual(Object.keys(page.data));
    expect((await t.api.get(`/projects/${project.id}`)).data).not.toHaveProperty('relation');

    // Audit rows for each step of the topic and project
    const actions = (await t.db.manager.find(AuditLog, { where: [{ entityType: 'consult_topic', entityId: topic.id }, { entityType: 'service_project', entityId: project.id }], order: { id: 'ASC' } })).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['consult.topic.open', 'consult.vote', 'consult.vote.change', 'consult.vote.offline', 'consult.resolution.publish', 'project.create', 'project.progress', 'project.guidance', 'project.sign_off', 'project.complete', 'project.evaluate']),
    );
  });

  it('keeps one vote per resident when the same resident votes many times at once', async () => {
    const topic = await openTopic(t, staffA, tree.a.id, { title: '小区停车位划线方案' });
    const [x, y] = topic.options.map((o: { id: number }) => o.id);
    const voters = [alice, bob, dave];
    const answers = await Promise.all(voters.flatMap((v) => [0, 1, 2, 3].map((i) => v.post(`/consultation/topics/${topic.id}/vote`, { optionId: i % 2 ? x : y }))));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const rows = await t.db.manager.find(ConsultVote, { where: { topicId: topic.id } });
    expect(rows.map((r) => r.userId).sort()).toEqual(voters.map((v) => v.userId).sort());
    expect((await t.api.get(`/consultation/topics/${topic.id}`)).data.onlineVoters).toBe(3);
  });

  it('never signs up more residents than the meeting holds, when many press at once', async () => {
    const topic = await openTopic(t, staffA, tree.a.id, { title: '老年食堂选址' });
    const meeting = await scheduleMeeting(t, staffA, topic.id, { capacity: 3, kind: 'council' });
    const crowd: User[] = [];
    for (let i = 0; i < 8; i++) crowd.push(await resident(t, `o-c-crowd-${i}`, tree.a));
    const answers = await Promise.all(crowd.map((r) => r.post(`/consultation/meetings/${meeting.id}/signup`)));
    const codes = answers.map((a) => a.status).sort();
    expect(codes).toEqual([200, 200, 200, 409, 409, 409, 409, 409]);
    const row = await t.db.manager.findOneByOrFail(ConsultMeeting, { id: meeting.id });
    expect(row.signedUpCount).toBe(3);
    expect(await t.db.manager.count(MeetingSignup, { where: { meetingId: meeting.id } })).toBe(3);

    // A cancellation frees a seat for someone else
    const inside = crowd[answers.findIndex((a) => a.status === 200)];
    const outside = crowd[answers.findIndex((a) => a.status === 409)];
    expect((await inside.delete(`/consultation/meetings/${meeting.id}/signup`)).data).toMatchObject({ signedUp: 2, mySignup: { signedUp: false } });
    expect((await outside.post(`/consultation/meetings/${meeting.id}/signup`)).status).toBe(200);
    expect((await t.db.manager.findOneByOrFail(ConsultMeeting, { id: meeting.id })).signedUpCount).toBe(3);
  });

  it('refuses votes before the window opens and after it closes, and keeps votes of a resolved topic fixed', async () => {
    const topic = await openTopic(t, staffA, tree.a.id, { title: '四点半课堂开放时间', voteStartsAt: fromNow(t, DAY), voteEndsAt: fromNow(t, 2 * DAY) });
    const early = await alice.post(`/consultation/topics/${topic.id}/vote`, { optionId: topic.options[0].id });
    expect(early.status).toBe(409);
    expect(early.body.error?.message).toContain('尚未开始');
    t.clock.advance(DAY + 60_000);
    expect((await alice.post(`/consultation/topics/${topic.id}/vote`, { optionId: topic.options[0].id })).status).toBe(200);
    t.clock.advance(DAY);
    expect((await alice.post(`/consultation/topics/${topic.id}/vote`, { optionId: topic.options[1].id })).status).toBe(409);
    const row = await t.db.manager.findOneByOrFail(ConsultVote, { topicId: topic.id, userId: alice.userId });
    expect(row.optionId).toBe(topic.options[0].id);

    // Closing needs honestly: a resolution that does not go ahead names its reason on the need
    const needId = await reportNeed(bob, cat, { title: '希望增设儿童游乐设施' });
    await staffA.post(`/needs/${needId}/accept`, {});
    const second = await openTopic(t, staffA, tree.a.id, { title: '儿童游乐设施选址', needIds: [needId], voteEndsAt: fromNow(t, 3600_000) });
    t.clock.advance(2 * 3600_000);
    expect((await staffA.post(`/consultation/topics/${second.id}/resolution`, { text: '暂不增设', outcome: 'close' })).status).toBe(400); // reason required
    const res = await staffA.post(`/consultation/topics/${second.id}/resolution`, { text: '暂不增设游乐设施。', outcome: 'close', reason: '小区内暂无符合安全距离的空地，待旧改时统一规划' });
    expect(res.status).toBe(201);
    const need = await bob.get(`/needs/${needId}`);
    expect(need.data).toMatchObject({ status: 'closed_infeasible', lastReason: '小区内暂无符合安全距离的空地，待旧改时统一规划' });
  });

  it("keeps another community's staff out of a topic; validates input with Chinese messages", async () => {
    const topic = await openTopic(t, staffA, tree.a.id, { title: '楼道堆物清理公约' });
    const other = await staffB.post('/consultation/topics', { communityId: tree.a.id, title: '越权议题', description: '越权', options: ['甲', '乙'], voteEndsAt: fromNow(t, DAY) });
    expect(other.status).toBe(403);
    expect(other.body.error?.code).toBe('OUT_OF_SCOPE');
    expect((await staffB.post(`/consultation/topics/${topic.id}/meetings`, { kind: 'bench', startsAt: fromNow(t, DAY), place: '活动室', capacity: 5, agenda: '议程' })).status).toBe(403);
    expect((await staffB.put(`/consultation/topics/${topic.id}/offline-votes`, { counts: [{ optionId: topic.options[0].id, count: 1 }] })).status).toBe(403);
    expect((await staffB.post(`/consultation/topics/${topic.id}/resolution`, { text: 'x', outcome: 'handle' })).status).toBe(403);
    expect((await alice.post('/consultation/topics', { communityId: tree.a.id })).status).toBe(403); // residents do not open topics
    // The street admin covers the community
    expect((await streetAdmin.post(`/consultation/topics/${topic.id}/meetings`, { kind: 'talk', startsAt: fromNow(t, DAY), place: '社区活动室', capacity: 30, agenda: '讨论公约条款' })).status).toBe(201);

    const bad = await staffA.post('/consultation/topics', { communityId: tree.a.id, title: '', description: 'x', options: ['只有一个'], voteEndsAt: '明天' });
    expect(bad.status).toBe(400);
    const fields = Object.fromEntries(bad.body.error!.fields!.map((f) => [f.field, f.message]));
    expect(fields).toMatchObject({ title: '请填写议题', options: '表决选项至少 2 项' });
    expect(fields.voteEndsAt).toContain('日期时间');
    const past = await staffA.post('/consultation/topics', { communityId: tree.a.id, title: '过期', description: 'x', options: ['甲', '乙'], voteEndsAt: fromNow(t, -DAY) });
    expect(past.status).toBe(400);
    expect(past.body.error?.message).toContain('晚于现在');
    const wrongNeed = await staffA.post('/consultation/topics', { communityId: tree.a.id, title: '跨社区', description: 'x', options: ['甲', '乙'], voteEndsAt: fromNow(t, DAY), needIds: [await reportNeed(carol, cat)] });
    expect(wrongNeed.status).toBe(400);
    expect((await t.api.get('/consultation/topics/999999')).status).toBe(404);
    expect((await t.api.get(`/consultation/topics?communityId=${tree.a.id}`)).data.length).toBeGreaterThanOrEqual(5);
  });
});
