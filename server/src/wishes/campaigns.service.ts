import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, notFound } from '../common/errors';
import type { CampaignInput, CampaignView } from '../contract/wishes';
import { inTransaction } from '../database/transaction';
import { ancestorIds, requireRoleOn } from '../roles/access';
import { ServiceNode } from '../tree/service-node.entity';
import { TreeService } from '../tree/tree.service';
import { ContentSecurity } from '../wechat/content-security.service';
import { WishCampaign } from './wish-campaign.entity';
import { WishViews } from './wish-views';
import { CAMPAIGN_ROLES } from './wish-workflow';

/** Campaigns (心愿活动, e.g. 六一圆梦): a party organization collects wishes under one title and deadline. */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly views: WishViews,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly contentSecurity: ContentSecurity,
  ) {}

  async createCampaign(principal: Principal, input: CampaignInput): Promise<CampaignView> {
    const node = await this.tree.getNode(input.nodeId);
    requireRoleOn(principal, node, CAMPAIGN_ROLES, '只能在自己管辖的社区或街道发起心愿活动');
    const deadlineAt = new Date(input.deadlineAt);
    if (deadlineAt <= this.clock.now()) throw badRequest('截止时间应晚于现在', 'deadlineAt');
    await this.contentSecurity.assertPublishable(
      [
        { field: 'title', label: '活动名称', text: input.title },
        { field: 'description', label: '活动说明', text: input.description ?? '' },
        { field: 'organizer', label: '主办单位', text: input.organizer ?? '' },
      ],
      principal.openid,
      3,
    );
    const id = await inTransaction(this.db, async (m) => {
      const n = await this.tree.getNode(input.nodeId, m);
      const grant = requireRoleOn(principal, n, CAMPAIGN_ROLES, '只能在自己管辖的社区或街道发起心愿活动');
      const c = await m.save(
        WishCampaign,
        m.create(WishCampaign, { nodeId: n.id, title: input.title, description: input.description ?? '', organizer: input.organizer ?? '', deadlineAt, createdBy: principal.userId }),
      );
      await this.audit.record(m, { actorId: principal.userId, actorRole: grant.role, action: 'wish.campaign.create', entityType: 'wish_campaign', entityId: c.id, nodeId: n.id });
      return c.id;
    });
    return this.campaign(id);
  }

  /** Campaigns that concern a node: run on it, on a node above it, or on a node inside it. */
  async campaigns(nodeId: number): Promise<CampaignView[]> {
    const node = await this.tree.getNode(nodeId);
    const rows = await this.db.manager
      .createQueryBuilder(WishCampaign, 'c')
      .innerJoin(ServiceNode, 'n', 'n.id = c.node_id')
      .where('(n.path LIKE :sub OR c.node_id IN (:...above))', { sub: `${node.path}%`, above: [0, ...ancestorIds(node)] })
      .orderBy('c.deadline_at', 'DESC')
      .take(100)
      .getMany();
    return this.views.campaignViews(rows);
  }

  async campaign(id: number): Promise<CampaignView> {
    const c = await this.db.manager.findOne(WishCampaign, { where: { id } });
    if (!c) throw notFound('该心愿活动');
    return (await this.views.campaignViews([c]))[0];
  }
}
