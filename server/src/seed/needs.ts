import type { EntityManager } from 'typeorm';
import type { NeedStatus, Urgency } from '../contract/needs';
import { NeedCategory } from '../needs/need-category.entity';
import { recordNeedEvent } from '../needs/need-timeline';
import { Need } from '../needs/need.entity';
import type { DemoWorld, SeededCommunity } from './domain-seeds';
import { demoAt } from './demo-time';

/**
 * Demo needs, so that the board, the queue and 我的需求 are not empty on first start: the
 * small troubles residents bring to 綦江区's communities in the seed reports (楼道灯, 助餐,
 * 停车, 四点半课堂, 漏水, 健身器材, 上门理发), at different points of the loop, each with
 * the timeline rows the real workflow writes, backdated (through the timeline module, as the
 * workflow does).
 */

interface Step {
  /** Days before now. */
  daysAgo: number;
  to: NeedStatus;
  action: string;
  by: 'resident' | 'staff';
  note?: string;
  reason?: string;
  rating?: number;
  comment?: string;
}

interface DemoNeed {
  category: string;
  title: string;
  description: string;
  urgency: Urgency;
  isPublic: boolean;
  building: string;
  unit: string;
  meToo?: number;
  reportedDaysAgo: number;
  steps: Step[];
}

const WENCHANG: DemoNeed[] = [
  {
    category: 'facilities',
    title: '3栋2单元楼道灯坏了',
    description: '3栋2单元三楼到六楼的楼道灯坏了快一个星期，晚上上下楼看不见，老人走路容易摔跤，希望尽快修好。',
    urgency: 'urgent',
    isPublic: true,
    building: '3栋',
    unit: '2单元',
    meToo: 2,
    reportedDaysAgo: 4,
    steps: [
      { daysAgo: 3.8, to: 'accepted', action: '受理', by: 'staff' },
      { daysAgo: 3.5, to: 'in_progress', action: '直接办理', by: 'staff' },
      { daysAgo: 1, to: 'done', action: '办结', by: 'staff', note: '物业电工已更换6盏声控灯，并检查了线路。' },
    ],
  },
  {
    category: 'elderly',
    title: '独居老人吃饭难，希望有助餐点',
    description: '小区里独居和高龄老人多，自己做饭不方便，希望社区能办一个老年食堂或者送餐服务。',
    urgency: 'normal',
    isPublic: true,
    building: '3栋',
    unit: '2单元',
    meToo: 5,
    reportedDaysAgo: 9,
    steps: [{ daysAgo: 8, to: 'accepted', action: '受理', by: 'staff' }],
  },
  {
    category: 'facilities',
    title: '车辆乱停占用消防通道',
    description: '晚上小区车位不够，很多车停在消防通道和单元门口，救护车进不来，希望规划停车位。',
    urgency: 'normal',
    isPublic: true,
    building: '3栋',
    unit: '2单元',
    meToo: 3,
    reportedDaysAgo: 1,
    steps: [],
  },
  {
    category: 'children',
    title: '孩子放学后没人看管',
    description: '双职工家庭孩子下午四点放学后没人接，希望社区开设“四点半课堂”，有志愿者辅导作业。',
    urgency: 'normal',
    isPublic: true,
    building: '3栋',
    unit: '2单元',
    reportedDaysAgo: 40,
    steps: [
      { daysAgo: 39, to: 'accepted', action: '受理', by: 'staff' },
      { daysAgo: 38, to: 'in_progress', action: '直接办理', by: 'staff' },
      { daysAgo: 20, to: 'done', action: '办结', by: 'staff', note: '四点半课堂已在党群服务中心开班，每周一至周五开放。' },
      { daysAgo: 18, to: 'rated', action: '确认并评价', by: 'resident', rating: 5, comment: '孩子有地方写作业了，谢谢社区和志愿者！' },
    ],
  },
  {
    category: 'neighbours',
    title: '楼上卫生间漏水到我家',
    description: '楼上卫生间防水坏了，我家天花板一直渗水，和楼上沟通了几次没有结果，请社区帮忙协调。',
    urgency: 'urgent',
    isPublic: false,
    building: '3栋',
    unit: '2单元',
    reportedDaysAgo: 6,
    steps: [
      { daysAgo: 5.5, to: 'accepted', action: '受理', by: 'staff' },
      { daysAgo: 5, to: 'in_progress', action: '直接办理', by: 'staff' },
    ],
  },
];

const QINGHE: DemoNeed[] = [
  {
    category: 'facilities',
    title: '小区健身器材损坏',
    description: '中心花园的太空漫步机和扭腰器坏了，有螺丝松动，老人和小孩用着不安全。',
    urgency: 'normal',
    isPublic: true,
    building: '12栋',
    unit: '1单元',
    reportedDaysAgo: 2,
    steps: [],
  },
  {
    category: 'elderly',
    title: '高龄老人希望上门理发',
    description: '家里老人八十多岁腿脚不便，下不了楼，希望有志愿者定期上门理发。',
    urgency: 'normal',
    isPublic: true,
    building: '12栋',
    unit: '1单元',
    meToo: 1,
    reportedDaysAgo: 5,
    steps: [{ daysAgo: 4, to: 'accepted', action: '受理', by: 'staff' }],
  },
  {
    // Left waiting past twice its 24-hour limit: red, escalated to the street (接诉即办 督办).
    category: 'facilities',
    title: '单元门禁坏了，陌生人随意进出',
    description: '12栋1单元的门禁坏了三天，楼道门一直开着，晚上有陌生人进来，独居老人很害怕。',
    urgency: 'urgent',
    isPublic: true,
    building: '12栋',
    unit: '1单元',
    meToo: 2,
    reportedDaysAgo: 2.5,
    steps: [],
  },
];

const DAY = 86_400_000;

async function seedCommunity(m: EntityManager, c: SeededCommunity, needs: DemoNeed[], now: number): Promise<void> {
  const residentId = c.people.get('resident')!;
  const staffId = c.people.get('staff')!;
  const categories = new Map((await m.find(NeedCategory)).map((cat) => [cat.key, cat.id]));
  for (const d of needs) {
    const at = (daysAgo: number) => demoAt(now, daysAgo);
    const last = d.steps[d.steps.length - 1];
    const status: NeedStatus = last?.to ?? 'reported';
    const find = (to: NeedStatus) => d.steps.find((s) => s.to === to);
    const done = find('done');
    const rated = find('rated');
    const need = await m.save(
      Need,
      m.create(Need, {
        communityId: c.node.id,
        categoryId: categories.get(d.category)!,
        title: d.title,
        description: d.description,
        status,
        urgency: d.urgency,
        priority: d.urgency === 'urgent' ? 1 : 0,
        isPublic: d.isPublic,
        reporterId: residentId,
        enteredBy: residentId,
        proxy: false,
        proxyNameEnc: null,
        proxyPhoneEnc: null,
        proxyPhoneMasked: null,
        locationKind: 'residence',
        building: d.building,
        unit: d.unit,
        latE6: null,
        lngE6: null,
        address: null,
        handlerId: find('in_progress') ? staffId : null,
        mergedIntoId: null,
        meTooCount: d.meToo ?? 0,
        reopenCount: 0,
        rating: rated?.rating ?? null,
        ratingComment: rated?.comment ?? null,
        ratedBy: rated ? residentId : null,
        lastReason: null,
        referredTo: null,
        doneNote: done?.note ?? null,
        createdAt: at(d.reportedDaysAgo),
        updatedAt: at(last?.daysAgo ?? d.reportedDaysAgo),
        acceptedAt: find('accepted') ? at(find('accepted')!.daysAgo) : null,
        doneAt: done ? at(done.daysAgo) : null,
        feedbackDueAt: status === 'done' && done ? new Date(at(done.daysAgo).getTime() + 7 * DAY) : null,
        closedAt: rated ? at(rated.daysAgo) : null,
      }),
    );
    const resident = { userId: residentId, role: 'resident' };
    await recordNeedEvent(m, need, resident, { kind: 'report', action: '居民上报需求', proxy: false, photos: 0 }, at(d.reportedDaysAgo));
    let from: NeedStatus = 'reported';
    for (const s of d.steps) {
      const actor = s.by === 'staff' ? { userId: staffId, role: 'staff' } : resident;
      await recordNeedEvent(
        m,
        need,
        actor,
        { kind: 'status', from, to: s.to, action: s.action, reason: s.reason, note: s.note, rating: s.rating, comment: s.comment },
        at(s.daysAgo),
      );
      from = s.to;
    }
  }
}

export async function seedNeeds(m: EntityManager, demo: DemoWorld): Promise<void> {
  const now = Date.now();
  await seedCommunity(m, demo.communities[0], WENCHANG, now);
  await seedCommunity(m, demo.communities[1], QINGHE, now);
}
