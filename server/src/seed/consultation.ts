import { AuditLog } from '../audit/audit-log.entity';
import type { EntityManager } from 'typeorm';
import { ConsultMeeting, MeetingSignup } from '../consultation/meeting.entity';
import { ConsultOption, ConsultTopic, ConsultTopicNeed } from '../consultation/topic.entity';
import { ConsultResolution, ConsultVote } from '../consultation/vote.entity';
import type { ResolutionFigures } from '../contract/consultation';
import { beijingDate } from '../contract/format';
import type { LoopStep, NeedStatus } from '../needs/need-status';
import { type NeedEventContext, recordNeedEvent } from '../needs/need-timeline';
import { Need } from '../needs/need.entity';
import { GuidanceRecord, ProjectMilestone, ProjectNeed, ProjectProgress, ServiceProject } from '../projects/project.entity';
import type { DemoWorld } from './domain-seeds';
import { demoAt } from './demo-time';

const NEED_TITLE = '独居老人吃饭难，希望有助餐点';

/**
 * Demo consultation and project in 文昌社区, following the seed reports' loop (小板凳议事会 →
 * 议定事项 → 社会组织实施 → 社工指导): the seeded need "独居老人吃饭难" becomes a topic on a
 * 老年食堂, a meeting is held under the trees with hand-counted votes, the resolution starts a
 * project run by 文昌社区邻里互助会 under the community's social worker, with milestones, a first
 * progress update and a guidance record. The need's timeline gets the rows the workflow writes.
 */
export async function seedConsultation(m: EntityManager, demo: DemoWorld): Promise<void> {
  const c = demo.communities[0];
  const need = await m.findOne(Need, { where: { communityId: c.node.id, title: NEED_TITLE } });
  if (!need || need.status !== 'accepted') return;
  const residentId = c.people.get('resident')!;
  const staffId = c.people.get('staff')!;
  const swId = c.people.get('social_worker')!;
  const orgMemberId = c.people.get('org_member')!;
  const orgId = c.orgIds.get('文昌社区邻里互助会')!;
  const now = Date.now();
  const at = (daysAgo: number) => demoAt(now, daysAgo);
  // Audit rows of the topic and the project, dated in the past (the need's own rows go through the timeline module).
  const audit = (row: Partial<AuditLog> & Pick<AuditLog, 'action' | 'entityType' | 'entityId'>, daysAgo: number, detail: Record<string, unknown> = {}) =>
    m.save(
      AuditLog,
      m.create(AuditLog, { actorId: null, actorRole: null, nodeId: c.node.id, fromState: null, toState: null, reason: null, ...row, detail: JSON.stringify(detail), createdAt: at(daysAgo) }),
    );
  // The need's timeline through the one timeline module, dated in the past.
  type Detail = NeedEventContext & { action: string; note?: string };
  let status: NeedStatus = 'accepted';
  const move = async (to: NeedStatus, daysAgo: number, by: { id: number; role: string }, { action, note, ...context }: Detail) => {
    await recordNeedEvent(m, need, { userId: by.id, role: by.role }, { kind: 'status', from: status, to, action, note, context }, at(daysAgo));
    status = to;
  };
  const step = (step: LoopStep, daysAgo: number, by: { id: number; role: string }, { action, note, ...context }: Detail) =>
    recordNeedEvent(m, need, { userId: by.id, role: by.role }, { kind: 'step', step, status, action, note, context }, at(daysAgo));
  const staff = { id: staffId, role: 'staff' };

  // 社区协商: the topic, its options, the need taken in
  const topic = await m.save(
    ConsultTopic,
    m.create(ConsultTopic, {
      communityId: c.node.id,
      title: '是否在党群服务中心开办老年食堂',
      description:
        '社区60岁以上老人1200余人，其中独居、高龄老人86位，多位居民反映吃饭难。拟利用党群服务中心一楼闲置用房开办老年食堂，由社会组织运营，80岁以上老人每餐补贴3元。请居民就是否开办、供餐方式发表意见。',
      status: 'resolved',
      voteStartsAt: at(7.5),
      voteEndsAt: at(3),
      createdBy: staffId,
      resolvedAt: at(2.5),
      createdAt: at(7.5),
      updatedAt: at(2.5),
    }),
  );
  const labels = ['同意开办，堂食与送餐结合', '同意开办，只做堂食', '暂缓，先做送餐上门'];
  const offline = [19, 3, 1];
  const options: ConsultOption[] = [];
  for (const [sort, label] of labels.entries()) {
    options.push(await m.save(ConsultOption, m.create(ConsultOption, { topicId: topic.id, sort, label, offlineVotes: offline[sort] })));
  }
  await m.insert(ConsultTopicNeed, { topicId: topic.id, needId: need.id, createdAt: at(7.5) });
  await audit({ actorId: staffId, actorRole: 'staff', action: 'consult.topic.open', entityType: 'consult_topic', entityId: topic.id, toState: 'open' }, 7.5, { options: 3, needIds: [need.id] });
  await move('in_consultation', 7.5, staff, { action: '提交社区协商', note: `议题：${topic.title}`, topicId: topic.id, topicTitle: topic.title });

  // One online vote (the resident who raised it)
  await m.insert(ConsultVote, { topicId: topic.id, optionId: options[0].id, userId: residentId, createdAt: at(6), updatedAt: at(6) });

  // 小板凳议事会 under the trees, held; hand-counted votes entered afterwards
  const meeting = await m.save(
    ConsultMeeting,
    m.create(ConsultMeeting, {
      topicId: topic.id,
      kind: 'bench',
      startsAt: at(5),
      place: '文昌社区3栋前黄葛树下',
      capacity: 30,
      signedUpCount: 1,
      agenda: '一、社区介绍老年食堂选址和运营方案；二、居民代表发言；三、讨论供餐方式和收费标准；四、现场举手表决',
      status: 'held',
      minutes:
        '到会居民23人（报名1人，现场参加22人）。居民普遍赞成开办老年食堂，建议兼顾行动不便的老人提供送餐；有居民担心价格，社区说明80岁以上老人每餐补贴3元。现场表决：赞成堂食与送餐结合19票，只做堂食3票，暂缓1票。',
      attendedCount: 23,
      walkInCount: 22,
      recordedBy: staffId,
      recordedAt: at(4.9),
      createdBy: staffId,
      createdAt: at(7),
    }),
  );
  await m.insert(MeetingSignup, { meetingId: meeting.id, userId: residentId, attended: true, createdAt: at(6.5) });
  await step('consultation', 4.9, staff, { action: '召开小板凳议事会', note: `议题“${topic.title}”，到会 23 人`, topicId: topic.id, meetingId: meeting.id });

  // 议定事项
  const figures: ResolutionFigures = {
    options: options.map((o, i) => ({ optionId: o.id, label: o.label, online: i === 0 ? 1 : 0, offline: offline[i], total: (i === 0 ? 1 : 0) + offline[i] })),
    online: 1,
    offline: offline.reduce((s, n) => s + n, 0),
    total: 1 + offline.reduce((s, n) => s + n, 0),
  };
  const text = '同意在党群服务中心一楼开办老年食堂，堂食与送餐上门相结合，由文昌社区邻里互助会立项运营，社区社工全程指导，资金由社区基金和爱心企业捐赠共同保障。';
  const resolution = await m.save(
    ConsultResolution,
    m.create(ConsultResolution, {
      topicId: topic.id,
      text,
      outcome: 'project',
      adoptedOptionId: options[0].id,
      figures: JSON.stringify(figures),
      closeReason: null,
      publishedBy: staffId,
      publishedAt: at(2.5),
    }),
  );
  await audit({ actorId: staffId, actorRole: 'staff', action: 'consult.resolution.publish', entityType: 'consult_topic', entityId: topic.id, fromState: 'open', toState: 'resolved' }, 2.5, {
    resolutionId: resolution.id,
    outcome: 'project',
  });
  await step('consultation', 2.5, staff, { action: '形成议定事项：立项实施（服务项目）', note: text, topicId: topic.id, resolutionId: resolution.id });

  // 社会组织实施
  const project = await m.save(
    ServiceProject,
    m.create(ServiceProject, {
      communityId: c.node.id,
      resolutionId: resolution.id,
      title: '文昌社区长者食堂助餐服务',
      domain: 'elderly',
      summary: '在党群服务中心开办长者食堂，为60岁以上老人提供午餐堂食，为独居、高龄、失能老人送餐上门，并结合用餐开展健康讲座和邻里探访。',
      orgId,
      socialWorkerId: swId,
      budgetFen: 8_000_000,
      startsOn: beijingDate(at(2)),
      endsOn: beijingDate(at(-180)),
      status: 'active',
      peopleServed: 36,
      signedOffBy: null,
      signedOffAt: null,
      signOffComment: null,
      completionReport: null,
      completedAt: null,
      score: null,
      createdBy: staffId,
      createdAt: at(2),
      updatedAt: at(1),
    }),
  );
  const milestones = [
    ['场地改造与食品经营备案', -20],
    ['试运营（每日午餐60份，送餐20份）', -45],
    ['正式运营与满意度调查', -170],
  ] as const;
  for (const [sort, [title, days]] of milestones.entries()) {
    await m.insert(ProjectMilestone, { projectId: project.id, sort, title, plannedOn: beijingDate(at(days)), doneOn: null });
  }
  await m.insert(ProjectNeed, { projectId: project.id, needId: need.id, createdAt: at(2) });
  await audit({ actorId: staffId, actorRole: 'staff', action: 'project.create', entityType: 'service_project', entityId: project.id, toState: 'active' }, 2, { resolutionId: resolution.id, orgId });
  await move('in_project', 2, staff, { action: '协商通过，纳入服务项目', note: `纳入服务项目“${project.title}”，由文昌社区邻里互助会实施`, projectId: project.id });

  const progress = await m.save(
    ProjectProgress,
    m.create(ProjectProgress, {
      projectId: project.id,
      milestoneId: null,
      text: '完成场地勘察，入户走访36位独居、高龄老人登记用餐需求，与一家爱心餐饮企业达成供餐合作意向。',
      peopleServed: 36,
      milestoneDone: false,
      postedBy: orgMemberId,
      createdAt: at(1),
    }),
  );
  await audit({ actorId: orgMemberId, actorRole: 'org_member', action: 'project.progress', entityType: 'service_project', entityId: project.id }, 1, { progressId: progress.id, peopleServed: 36 });
  await move('in_progress', 1, { id: orgMemberId, role: 'org_member' }, { action: '项目开始实施', note: progress.text, projectId: project.id, progressId: progress.id });
  await m.update(Need, { id: need.id }, { status: 'in_progress', handlerId: orgMemberId, updatedAt: at(1) });

  // 社工指导
  const guidance = await m.save(
    GuidanceRecord,
    m.create(GuidanceRecord, {
      projectId: project.id,
      socialWorkerId: swId,
      guidedOn: beijingDate(at(0.5)),
      form: 'community',
      content: '与邻里互助会一起梳理用餐老人名单和送餐路线，指导建立用餐登记和食品安全台账。',
      issues: '送餐志愿者人手不足；部分失能老人需要喂餐协助。',
      nextSteps: '联合红马甲志愿服务队招募送餐志愿者；为失能老人制定个案服务计划。',
      createdAt: at(0.5),
    }),
  );
  await audit({ actorId: swId, actorRole: 'social_worker', action: 'project.guidance', entityType: 'service_project', entityId: project.id }, 0.5, { guidanceId: guidance.id, form: 'community' });
  await step('guidance', 0.5, { id: swId, role: 'social_worker' }, { action: '社工指导', note: `社区指导（${guidance.guidedOn}）`, projectId: project.id, guidanceId: guidance.id });
}
