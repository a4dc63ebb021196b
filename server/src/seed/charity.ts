import type { EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log.entity';
import { beijingDate } from '../contract/format';
import { FundAllocation } from '../funds/fund-allocation.entity';
import { FundEntry } from '../funds/fund-entry.entity';
import { Fund } from '../funds/fund.entity';
import { InKindDonation } from '../funds/in-kind-donation.entity';
import type { DestinationKind, DonorKind } from '../contract/funds';
import { Need } from '../needs/need.entity';
import { User } from '../users/user.entity';
import { WishCampaign } from '../wishes/wish-campaign.entity';
import { WishClaim } from '../wishes/wish-claim.entity';
import type { WishCategory } from '../contract/wishes';
import { Wish } from '../wishes/wish.entity';
import { maskName } from '../contract/format';
import type { DemoWorld, SeededCommunity } from './domain-seeds';
import { demoAt } from './demo-time';

/**
 * Demo charity resources (社会慈善资源保障), after the seed reports' "社区专属账户 … 小社大爱"
 * and "圆梦微心愿": each community's fund with donations (one anonymous: its donor's name is
 * stored and never shown), one spending posted after a second person's approval (the street
 * admin) and linked to a demo need, one proposal waiting for approval, goods donated; the
 * street's 冬日暖心 wish campaign; open wishes for 独居老人, 困境儿童, 残疾人 and 低保家庭, and
 * one wish already fulfilled and thanked. Balances equal the sum of the ledger lines.
 */

interface DemoDonation {
  daysAgo: number;
  amountFen: number;
  donorName: string;
  anonymous?: boolean;
  donorKind: DonorKind;
  channel: string;
}

interface DemoAllocation {
  amountFen: number;
  purpose: string;
  /** The demo need it pays for (by title). */
  needTitle?: string;
  proposedDaysAgo: number;
  /** Omitted: still waiting for the second person's approval. */
  postedDaysAgo?: number;
  invoiceRef?: string;
}

interface DemoGoods {
  daysAgo: number;
  item: string;
  quantity: number;
  unit: string;
  donorName: string;
  anonymous?: boolean;
  donorKind: DonorKind;
  destinationKind: DestinationKind;
  destinationNote?: string;
}

interface DemoWish {
  title: string;
  story: string;
  valueFen: number;
  category: WishCategory;
  beneficiaryName: string;
  beneficiaryAddress: string;
  daysAgo: number;
  inCampaign?: boolean;
  /** Fulfilled by the community's volunteer: claimed, delivered and thanked. */
  fulfilled?: { claimedDaysAgo: number; deliveredDaysAgo: number; thanks: string; asPartyMember: boolean };
}

interface DemoCharity {
  donations: DemoDonation[];
  allocations: DemoAllocation[];
  goods: DemoGoods[];
  wishes: DemoWish[];
}

const WENCHANG: DemoCharity = {
  donations: [
    { daysAgo: 62, amountFen: 500_000, donorName: '重庆綦江兴达建材有限公司', donorKind: 'enterprise', channel: '银行转账' },
    { daysAgo: 36, amountFen: 100_000, donorName: '刘明远', anonymous: true, donorKind: 'individual', channel: '区慈善会账户' },
    { daysAgo: 21, amountFen: 80_000, donorName: '文昌社区邻里互助会', donorKind: 'organization', channel: '银行转账' },
    { daysAgo: 6, amountFen: 30_000, donorName: '退休教师张老师', donorKind: 'individual', channel: '区慈善会账户' },
  ],
  allocations: [
    {
      amountFen: 150_000,
      purpose: '为社区独居老人购买助餐餐券（30张）',
      needTitle: '独居老人吃饭难，希望有助餐点',
      proposedDaysAgo: 12,
      postedDaysAgo: 11,
      invoiceRef: '长者食堂收据 WC-2026-031',
    },
    { amountFen: 60_000, purpose: '四点半课堂购买图书和文具', proposedDaysAgo: 1 },
  ],
  goods: [
    { daysAgo: 30, item: '大米', quantity: 20, unit: '袋', donorName: '綦江区爱心超市', donorKind: 'enterprise', destinationKind: 'household', destinationNote: '困难家庭10户' },
    { daysAgo: 14, item: '冬衣', quantity: 15, unit: '件', donorName: '赵女士', anonymous: true, donorKind: 'individual', destinationKind: 'stock' },
  ],
  wishes: [
    {
      title: '一台收音机',
      story: '社区里87岁的独居老人，老伴去世后一个人住，眼睛不好看不清电视，平时最爱听戏曲和新闻。家里的老收音机坏了，希望有一台声音大、按键大的收音机。',
      valueFen: 12_000,
      category: 'elderly_alone',
      beneficiaryName: '张桂芳',
      beneficiaryAddress: '文昌社区5栋1单元302',
      daysAgo: 5,
      inCampaign: true,
    },
    {
      title: '一个新书包',
      story: '小学三年级的孩子，父亲残疾、母亲打零工，书包已经用了三年，拉链坏了用夹子夹着。孩子希望新学期能背上一个结实的新书包。',
      valueFen: 15_000,
      category: 'child',
      beneficiaryName: '李小雨',
      beneficiaryAddress: '文昌社区8栋2单元101',
      daysAgo: 4,
      inCampaign: true,
    },
    {
      title: '一台小电暖器',
      story: '低保家庭，老人有风湿，腿脚一到冬天就疼。家里是老房子，屋里潮冷，希望有一台安全的小电暖器过冬。',
      valueFen: 26_000,
      category: 'low_income',
      beneficiaryName: '陈德福',
      beneficiaryAddress: '文昌社区2栋3单元501',
      daysAgo: 3,
      inCampaign: true,
    },
    {
      title: '一副老花镜',
      story: '独居的老奶奶喜欢看报纸、缝缝补补，原来的老花镜摔坏了，希望有一副合适的老花镜。',
      valueFen: 8_000,
      category: 'elderly_alone',
      beneficiaryName: '王淑珍',
      beneficiaryAddress: '文昌社区6栋1单元201',
      daysAgo: 2,
    },
    {
      title: '一床过冬的棉被',
      story: '行动不便的残疾居民，家里的被子又旧又薄，希望冬天能盖上一床暖和的新棉被。',
      valueFen: 20_000,
      category: 'disabled',
      beneficiaryName: '周建华',
      beneficiaryAddress: '文昌社区4栋2单元102',
      daysAgo: 20,
      fulfilled: { claimedDaysAgo: 18, deliveredDaysAgo: 15, thanks: '谢谢好心人送来的棉被，今年冬天不冷了！', asPartyMember: true },
    },
  ],
};

const QINGHE: DemoCharity = {
  donations: [
    { daysAgo: 50, amountFen: 100_000, donorName: '綦江区兴旺超市', donorKind: 'enterprise', channel: '银行转账' },
    { daysAgo: 28, amountFen: 200_000, donorName: '孙先生', anonymous: true, donorKind: 'individual', channel: '区慈善会账户' },
    { daysAgo: 9, amountFen: 50_000, donorName: '清河社区夕阳红服务社', donorKind: 'organization', channel: '银行转账' },
  ],
  allocations: [
    {
      amountFen: 40_000,
      purpose: '为高龄老人上门理发购买理发工具',
      needTitle: '高龄老人希望上门理发',
      proposedDaysAgo: 8,
      postedDaysAgo: 7,
      invoiceRef: '发票 QH-2026-012',
    },
  ],
  goods: [{ daysAgo: 16, item: '牛奶', quantity: 30, unit: '箱', donorName: '綦江区兴旺超市', donorKind: 'enterprise', destinationKind: 'household', destinationNote: '高龄独居老人15户' }],
  wishes: [
    {
      title: '一个助行器',
      story: '腿脚不便的老人，每天想下楼晒晒太阳，但没有扶手走不稳，希望有一个带轮子的助行器。',
      valueFen: 18_000,
      category: 'disabled',
      beneficiaryName: '吴秀兰',
      beneficiaryAddress: '清河社区3栋1单元401',
      daysAgo: 4,
      inCampaign: true,
    },
    {
      title: '一套课外读物',
      story: '留守儿童，爸爸妈妈在外打工，跟着奶奶生活。孩子喜欢看书，希望有一套适合四年级的课外读物。',
      valueFen: 10_000,
      category: 'child',
      beneficiaryName: '郑小军',
      beneficiaryAddress: '清河社区10栋2单元302',
      daysAgo: 3,
      inCampaign: true,
    },
    {
      title: '一双防滑棉鞋',
      story: '独居老人冬天出门买菜怕滑倒，希望有一双暖和、鞋底防滑的棉鞋（穿39码）。',
      valueFen: 9_000,
      category: 'elderly_alone',
      beneficiaryName: '何玉梅',
      beneficiaryAddress: '清河社区7栋1单元101',
      daysAgo: 2,
    },
  ],
};

const DAY = 86_400_000;

export async function seedCharity(m: EntityManager, demo: DemoWorld): Promise<void> {
  const now = Date.now();
  const campaign = await m.save(
    WishCampaign,
    m.create(WishCampaign, {
      nodeId: demo.street.id,
      title: '冬日暖心·微心愿',
      description: '古南街道各社区为独居老人、困境儿童、残疾人和低保家庭征集的过冬小心愿，欢迎爱心人士和党员认领。',
      organizer: '古南街道党工委',
      deadlineAt: new Date(now + 30 * DAY),
      createdBy: demo.streetAdminId,
      createdAt: demoAt(now, 10),
    }),
  );
  await seedCommunity(m, demo, demo.communities[0], WENCHANG, campaign.id, now);
  await seedCommunity(m, demo, demo.communities[1], QINGHE, campaign.id, now);
}

async function seedCommunity(m: EntityManager, demo: DemoWorld, c: SeededCommunity, d: DemoCharity, campaignId: number, now: number): Promise<void> {
  const at = (daysAgo: number) => demoAt(now, daysAgo);
  const on = (daysAgo: number) => beijingDate(at(daysAgo));
  const staffId = c.people.get('staff')!;
  const audit = (row: Partial<AuditLog>) => m.save(AuditLog, m.create(AuditLog, { fromState: null, toState: null, reason: null, detail: null, ...row, nodeId: c.node.id }));

  let balance = 0;
  const fund = await m.save(Fund, m.create(Fund, { nodeId: c.node.id, balance: 0, createdAt: at(90) }));
  for (const g of d.donations) {
    const entry = await m.save(
      FundEntry,
      m.create(FundEntry, {
        fundId: fund.id,
        flow: 'in',
        kind: 'donation',
        amount: g.amountFen,
        occurredOn: on(g.daysAgo),
        donorName: g.donorName,
        anonymous: g.anonymous ?? false,
        donorKind: g.donorKind,
        channel: g.channel,
        recordedBy: staffId,
        createdAt: at(g.daysAgo),
      }),
    );
    balance += g.amountFen;
    await audit({ actorId: staffId, actorRole: 'staff', action: 'fund.donation', entityType: 'fund_entry', entityId: entry.id, detail: JSON.stringify({ fundId: fund.id, amountFen: g.amountFen, anonymous: !!g.anonymous }), createdAt: at(g.daysAgo) });
  }

  for (const a of d.allocations) {
    const need = a.needTitle ? await m.findOne(Need, { where: { communityId: c.node.id, title: a.needTitle } }) : null;
    const posted = a.postedDaysAgo !== undefined;
    const alloc = await m.save(
      FundAllocation,
      m.create(FundAllocation, {
        fundId: fund.id,
        amount: a.amountFen,
        purpose: a.purpose,
        needId: need?.id ?? null,
        projectId: null,
        grantToNodeId: null,
        invoiceRef: a.invoiceRef ?? null,
        invoiceUploadId: null,
        status: posted ? 'posted' : 'proposed',
        needsStreetApproval: false,
        proposedBy: staffId,
        // The second person: the street admin (a community has one demo staff member).
        approvedBy: posted ? demo.streetAdminId : null,
        approvedAt: posted ? at(a.postedDaysAgo!) : null,
        postedAt: posted ? at(a.postedDaysAgo!) : null,
        createdAt: at(a.proposedDaysAgo),
        updatedAt: at(a.postedDaysAgo ?? a.proposedDaysAgo),
      }),
    );
    const row = { entityType: 'fund_allocation', entityId: alloc.id };
    await audit({ ...row, actorId: staffId, actorRole: 'staff', action: 'fund.allocation.propose', toState: 'proposed', detail: JSON.stringify({ fundId: fund.id, amountFen: a.amountFen, needId: need?.id }), createdAt: at(a.proposedDaysAgo) });
    if (!posted) continue;
    const out = await m.save(
      FundEntry,
      m.create(FundEntry, {
        fundId: fund.id,
        flow: 'out',
        kind: 'allocation',
        amount: -a.amountFen,
        occurredOn: on(a.postedDaysAgo!),
        note: a.purpose,
        allocationId: alloc.id,
        receiptRef: a.invoiceRef ?? null,
        recordedBy: demo.streetAdminId,
        createdAt: at(a.postedDaysAgo!),
      }),
    );
    balance -= a.amountFen;
    await audit({ ...row, actorId: demo.streetAdminId, actorRole: 'admin', action: 'fund.allocation.approve', fromState: 'proposed', toState: 'approved', detail: JSON.stringify({ amountFen: a.amountFen }), createdAt: at(a.postedDaysAgo!) });
    await audit({ ...row, actorId: demo.streetAdminId, actorRole: 'admin', action: 'fund.allocation.post', fromState: 'approved', toState: 'posted', detail: JSON.stringify({ amountFen: a.amountFen, entryIds: [out.id] }), createdAt: at(a.postedDaysAgo!) });
  }
  await m.update(Fund, { id: fund.id }, { balance });

  for (const g of d.goods) {
    const row = await m.save(
      InKindDonation,
      m.create(InKindDonation, {
        nodeId: c.node.id,
        item: g.item,
        quantity: g.quantity,
        unit: g.unit,
        donorName: g.donorName,
        anonymous: g.anonymous ?? false,
        donorKind: g.donorKind,
        receivedOn: on(g.daysAgo),
        destinationKind: g.destinationKind,
        needId: null,
        wishId: null,
        destinationNote: g.destinationNote ?? null,
        recordedBy: staffId,
        createdAt: at(g.daysAgo),
      }),
    );
    await audit({ actorId: staffId, actorRole: 'staff', action: 'fund.in_kind', entityType: 'in_kind_donation', entityId: row.id, detail: JSON.stringify({ quantity: g.quantity, destinationKind: g.destinationKind }), createdAt: at(g.daysAgo) });
  }

  const contactText = `请送至${c.node.name}党群服务中心一楼，交社区工作人员（工作日 9:00–17:00）`;
  for (const w of d.wishes) {
    const wish = await m.save(
      Wish,
      m.create(Wish, {
        communityId: c.node.id,
        campaignId: w.inCampaign ? campaignId : null,
        title: w.title,
        story: w.story,
        valueFen: w.valueFen,
        category: w.category,
        beneficiaryMasked: maskName(w.beneficiaryName),
        beneficiaryNameEnc: demo.pii.encrypt(w.beneficiaryName),
        beneficiaryAddressEnc: demo.pii.encrypt(w.beneficiaryAddress),
        contactText,
        needId: null,
        status: 'open',
        activeClaimId: null,
        photoPublic: false,
        createdBy: staffId,
        createdAt: at(w.daysAgo),
        updatedAt: at(w.daysAgo),
      }),
    );
    const row = { entityType: 'wish', entityId: wish.id };
    await audit({ ...row, actorId: staffId, actorRole: 'staff', action: 'wish.publish', toState: 'open', detail: JSON.stringify({ campaignId: wish.campaignId, valueFen: w.valueFen }), createdAt: at(w.daysAgo) });
    const f = w.fulfilled;
    if (!f) continue;
    const claimerId = c.people.get('volunteer')!;
    const claimer = await m.findOneByOrFail(User, { id: claimerId });
    const claim = await m.save(
      WishClaim,
      m.create(WishClaim, {
        wishId: wish.id,
        userId: claimerId,
        activeWishId: null,
        anonymous: false,
        asPartyMember: f.asPartyMember,
        publicName: claimer.nickname,
        status: 'delivered',
        claimedAt: at(f.claimedDaysAgo),
        deadlineAt: new Date(at(f.claimedDaysAgo).getTime() + 7 * DAY),
        endedAt: at(f.deliveredDaysAgo),
        createdAt: at(f.claimedDaysAgo),
      }),
    );
    await m.update(Wish, { id: wish.id }, {
      status: 'completed',
      activeClaimId: claim.id,
      deliveredAt: at(f.deliveredDaysAgo),
      deliveryNote: '社区工作人员陪同送到家中',
      thanksText: f.thanks,
      completedAt: at(f.deliveredDaysAgo - 1),
      updatedAt: at(f.deliveredDaysAgo - 1),
    });
    await audit({ ...row, actorId: claimerId, actorRole: 'claimer', action: 'wish.claim', fromState: 'open', toState: 'claimed', detail: JSON.stringify({ claimId: claim.id }), createdAt: at(f.claimedDaysAgo) });
    await audit({ ...row, actorId: staffId, actorRole: 'staff', action: 'wish.deliver', fromState: 'claimed', toState: 'delivered', detail: '{}', createdAt: at(f.deliveredDaysAgo) });
    await audit({ ...row, actorId: staffId, actorRole: 'staff', action: 'wish.complete', fromState: 'delivered', toState: 'completed', detail: '{}', createdAt: at(f.deliveredDaysAgo - 1) });
  }
}
