import { type EntityManager, In } from 'typeorm';
import { Need } from '../needs/need.entity';
import { User } from '../users/user.entity';
import { Activity, ActivitySkill } from '../volunteers/activity.entity';
import { hoursOf, pointsFor } from '../volunteers/hours';
import { PointsEntry } from '../volunteers/points-entry.entity';
import { Signup } from '../volunteers/signup.entity';
import { VolunteerTask } from '../volunteers/task.entity';
import { VolunteerSkill } from '../volunteers/volunteer-skill.entity';
import { Volunteer, VolunteerSkillLink } from '../volunteers/volunteer.entity';
import { CONSENT_VERSION } from '../volunteers/volunteers.service';
import { BEIJING_OFFSET_MS, bj, maskName } from '../contract/format';
import { demoAt } from './demo-time';
import type { DemoWorld, SeededCommunity } from './domain-seeds';

/**
 * Demo volunteers (志愿者参与): each community's demo volunteer registered and approved with
 * skills, upcoming activities drawn from the seed reports' community work (敬老助餐日 — no festival named off its date —,
 * 垃圾分类宣传, 老旧小区楼道清理, 四点半课堂), one past activity with confirmed hours and
 * points, and a volunteer task cut from an accepted need when the demo has one.
 */

interface DemoActivity {
  title: string;
  description: string;
  /** Days from today (Beijing), and the Beijing start/end times. */
  day: number;
  from: [number, number];
  to: [number, number];
  address: string;
  capacity: number;
  skills?: string[];
  needsApproval?: boolean;
}

const WENCHANG: DemoActivity[] = [
  {
    title: '敬老助餐日',
    description: '在社区长者食堂为高龄、独居老人打饭送餐，陪老人聊聊天；行动不便的老人由志愿者送餐上门。请穿红马甲，提前10分钟到场。',
    day: 3,
    from: [10, 30],
    to: [13, 0],
    address: '文昌社区长者食堂（党群服务中心一楼）',
    capacity: 8,
    skills: ['elderly_care'],
  },
  {
    title: '垃圾分类宣传',
    description: '在小区广场设宣传点，向居民讲解厨余垃圾、可回收物的分类方法，发放宣传册，协助居民正确投放。',
    day: 5,
    from: [9, 0],
    to: [11, 30],
    address: '文昌社区中心广场',
    capacity: 12,
  },
  {
    title: '老旧小区楼道清理',
    description: '清理3栋至7栋楼道堆放的杂物和小广告，消除消防隐患。社区提供手套、扫帚和垃圾袋。',
    day: 7,
    from: [14, 30],
    to: [17, 0],
    address: '文昌社区3栋至7栋楼道（3栋楼下集合）',
    capacity: 10,
    skills: ['environment'],
  },
];

const QINGHE: DemoActivity[] = [
  {
    title: '四点半课堂作业辅导',
    description: '为双职工家庭的小学生辅导作业、读绘本，活动在社区四点半课堂进行。',
    day: 4,
    from: [16, 30],
    to: [18, 0],
    address: '清河社区党群服务中心二楼',
    capacity: 6,
    skills: ['tutoring'],
  },
];

/** The past activity each community's volunteer attended (confirmed). */
const PAST: Record<string, Omit<DemoActivity, 'capacity'> & { minutes: number }> = {
  wenchang: {
    title: '乐龄先锋健康义诊',
    description: '协助社区卫生服务站为老人测血压、血糖，引导排队，登记健康档案。',
    day: -10,
    from: [9, 0],
    to: [12, 0],
    address: '文昌社区党群服务中心',
    minutes: 180,
  },
  qinghe: {
    title: '小区环境整治',
    description: '清理绿化带垃圾，整理共享单车，擦拭健身器材。',
    day: -6,
    from: [8, 30],
    to: [10, 30],
    address: '清河社区中心花园',
    minutes: 120,
  },
};

/** The Beijing-time moment `day` days from today at hh:mm. */
function beijingAt(now: number, day: number, [hh, mm]: [number, number]): Date {
  const b = bj(new Date(now));
  return new Date(Date.UTC(b.y, b.m - 1, b.d + day, hh, mm) - BEIJING_OFFSET_MS);
}

export async function seedVolunteers(m: EntityManager, demo: DemoWorld): Promise<void> {
  const now = Date.now();
  const skills = await m.find(VolunteerSkill);
  const skillId = (key: string) => skills.find((s) => s.key === key)?.id;
  const [wenchang, qinghe] = demo.communities;
  const liu = await seedVolunteer(m, demo, wenchang, ['elderly_care', 'meal_delivery', 'environment'].map(skillId), 'weekend_morning,weekday_evening', now);
  const sun = await seedVolunteer(m, demo, qinghe, ['tutoring', 'arts'].map(skillId), 'weekday_afternoon,weekend_afternoon', now);

  for (const a of WENCHANG) await seedActivity(m, wenchang, a, now, skillId);
  for (const a of QINGHE) await seedActivity(m, qinghe, a, now, skillId);
  if (liu) await seedPast(m, wenchang, liu, PAST.wenchang, now);
  if (sun) await seedPast(m, qinghe, sun, PAST.qinghe, now);
  await seedTask(m, wenchang, now);
}

/** The community's demo volunteer, approved, with the phone they logged in with. */
async function seedVolunteer(m: EntityManager, demo: DemoWorld, c: SeededCommunity, skillIds: Array<number | undefined>, availability: string, now: number): Promise<number | null> {
  const userId = c.people.get('volunteer');
  if (!userId) return null;
  const user = await m.findOneByOrFail(User, { id: userId });
  if (!user.phoneEnc || !user.phoneHash || !user.phoneMasked) return null;
  const staffId = c.people.get('staff') ?? null;
  const at = demoAt(now, 60);
  const v = await m.save(
    Volunteer,
    m.create(Volunteer, {
      userId,
      communityId: c.node.id,
      orgId: null,
      realNameEnc: demo.pii.encrypt(user.nickname),
      realNameMasked: maskName(user.nickname ?? '志愿者'),
      phoneEnc: user.phoneEnc,
      phoneHash: user.phoneHash,
      phoneMasked: user.phoneMasked,
      idNumberEnc: null,
      idNumberHash: null,
      idNumberMasked: null,
      availability,
      consentAt: at,
      consentVersion: CONSENT_VERSION,
      status: 'approved',
      returnReason: null,
      reviewedBy: staffId,
      reviewedAt: new Date(at.getTime() + 3600_000),
      lockVersion: 0,
      createdAt: at,
      updatedAt: at,
    }),
  );
  const ids = skillIds.filter((x): x is number => x != null);
  if (ids.length) await m.insert(VolunteerSkillLink, ids.map((skillId) => ({ volunteerId: v.id, skillId })));
  return userId;
}

async function seedActivity(m: EntityManager, c: SeededCommunity, a: DemoActivity, now: number, skillId: (key: string) => number | undefined): Promise<Activity> {
  const startsAt = beijingAt(now, a.day, a.from);
  const created = demoAt(now, 2);
  const activity = await m.save(
    Activity,
    m.create(Activity, {
      communityId: c.node.id,
      orgId: null,
      createdBy: c.people.get('staff') ?? null,
      title: a.title,
      description: a.description,
      startsAt,
      endsAt: beijingAt(now, a.day, a.to),
      extendedUntil: null,
      signupDeadline: new Date(startsAt.getTime() - 2 * 3600_000),
      address: a.address,
      latE6: null,
      lngE6: null,
      maxDistanceM: null,
      capacity: a.capacity,
      confirmedCount: 0,
      waitlistCount: 0,
      waitlistSeq: 0,
      needsApproval: a.needsApproval ?? false,
      cancelCutoffMinutes: 120,
      lateCancel: 'refuse',
      needId: null,
      projectId: null,
      status: 'published',
      attendanceConfirmedAt: null,
      attendanceConfirmedBy: null,
      version: 0,
      createdAt: created,
      updatedAt: created,
    }),
  );
  const ids = (a.skills ?? []).map(skillId).filter((x): x is number => x != null);
  if (ids.length) await m.insert(ActivitySkill, ids.map((sid) => ({ activityId: activity.id, skillId: sid })));
  return activity;
}

async function seedPast(m: EntityManager, c: SeededCommunity, userId: number, a: Omit<DemoActivity, 'capacity'> & { minutes: number }, now: number): Promise<void> {
  const activity = await seedActivity(m, c, { ...a, capacity: 10 }, now, () => undefined);
  const startsAt = activity.startsAt;
  const confirmedAt = new Date(activity.endsAt.getTime() + 3600_000);
  await m.update(Activity, { id: activity.id }, { confirmedCount: 1, attendanceConfirmedAt: confirmedAt, attendanceConfirmedBy: c.people.get('staff') ?? null, createdAt: new Date(startsAt.getTime() - 5 * 24 * 3600_000) });
  const signup = await m.save(
    Signup,
    m.create(Signup, {
      activityId: activity.id,
      userId,
      status: 'confirmed',
      waitlistSeq: null,
      lateCancel: false,
      cancelledAt: null,
      promotedAt: null,
      checkedInAt: new Date(startsAt.getTime() - 5 * 60_000),
      checkedOutAt: new Date(startsAt.getTime() + a.minutes * 60_000 + 4 * 60_000),
      attendance: 'present',
      attendanceReason: null,
      attendanceBy: null,
      creditedMinutes: a.minutes,
      confirmedAt,
      createdAt: new Date(startsAt.getTime() - 3 * 24 * 3600_000),
      updatedAt: confirmedAt,
    }),
  );
  await m.insert(PointsEntry, {
    userId,
    delta: pointsFor(a.minutes),
    reason: `参加“${a.title}”服务 ${hoursOf(a.minutes)} 小时`,
    sourceType: 'activity',
    sourceId: signup.id,
    createdBy: c.people.get('staff') ?? null,
    createdAt: confirmedAt,
  });
}

/** A 送餐 task cut from the community's accepted 助餐 need (or any accepted need), open to claim. */
async function seedTask(m: EntityManager, c: SeededCommunity, now: number): Promise<void> {
  const needs = await m.find(Need, { where: { communityId: c.node.id, status: In(['accepted', 'in_progress']) }, order: { id: 'ASC' } });
  const need = needs.find((n) => n.title.includes('吃饭') || n.title.includes('助餐')) ?? needs[0];
  if (!need) return;
  const meal = need.title.includes('吃饭') || need.title.includes('助餐');
  const startsAt = beijingAt(now, 2, [11, 0]);
  await m.save(
    VolunteerTask,
    m.create(VolunteerTask, {
      needId: need.id,
      communityId: c.node.id,
      kind: meal ? 'meal' : 'visit',
      title: meal ? '为3栋独居老人送午餐' : '上门探访了解情况',
      description: meal ? '从社区长者食堂取餐，送到老人家中，顺便看看老人身体情况。' : '上门了解居民的具体困难，记录后反馈给社区。',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
      place: meal ? '文昌社区长者食堂取餐，送至3栋' : `${c.node.name}`,
      status: 'open',
      claimedBy: null,
      claimedAt: null,
      doneAt: null,
      doneNote: null,
      createdBy: c.people.get('staff') ?? null,
      overdueAlertedAt: null,
      createdAt: demoAt(now, 0.1),
      updatedAt: demoAt(now, 0.1),
    }),
  );
}
