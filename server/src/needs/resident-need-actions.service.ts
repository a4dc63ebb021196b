import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { cut } from '../common/text';
import { URGENCY_LABEL } from '../contract/needs';
import { usersCovering } from '../roles/directory';
import { ServiceNode } from '../tree/service-node.entity';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { beijingDate } from '../contract/format';
import { PiiCipher } from '../common/crypto';
import { isUniqueViolation } from '../common/db-errors';
import { badRequest, conflict, forbidden, notFound } from '../common/errors';
import { maskPhone } from '../common/redact';
import type { NeedAnyView, NeedView, RateNeedInput, ReopenNeedInput, ReportNeedInput } from '../contract/needs';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { requireConfirmedResident, requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { TreeService } from '../tree/tree.service';
import { UploadsService } from '../uploads/uploads.service';
import { Residence } from '../users/residence.entity';
import { ContentSecurity } from '../wechat/content-security.service';
import { canSeePrivate } from './need-access';
import { NeedCategory } from './need-category.entity';
import { NeedFollower } from './need-follower.entity';
import { findNeedWithRelation } from './need-queries';
import { NEED_STATUS_LABEL, OPEN_STATUSES } from './need-status';
import { recordNeedEvent } from './need-timeline';
import { NeedWorkflow } from './need-workflow.service';
import { Need } from './need.entity';
import { NeedsService } from './needs.service';

/**
 * What residents do with needs: report one (or staff for an offline resident: 代报), say
 * "我也遇到了", and judge the result (rate it, or say it is not solved). Texts others will see
 * pass the content check before any transaction.
 */
@Injectable()
export class ResidentNeedActions {
  private readonly logger = new Logger(ResidentNeedActions.name);

  constructor(
    private readonly db: DataSource,
    private readonly needs: NeedsService,
    private readonly tree: TreeService,
    private readonly workflow: NeedWorkflow,
    private readonly uploads: UploadsService,
    private readonly notifications: NotificationsService,
    private readonly contentSecurity: ContentSecurity,
    private readonly pii: PiiCipher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report(principal: Principal, dto: ReportNeedInput): Promise<NeedView> {
    await this.contentSecurity.assertPublishable(
      [
        { field: 'title', label: '标题', text: dto.title },
        { field: 'description', label: '需求描述', text: dto.description },
      ],
      principal.openid,
      3,
    );
    const id = await inTransaction(this.db, async (m) => {
      const residence = await m.findOne(Residence, { where: { userId: principal.userId } });
      const communityId = dto.communityId ?? residence?.communityId;
      if (!communityId) throw badRequest('请先在“我的”中设置您居住的社区，或选择社区', 'communityId');
      const community = await this.tree.getNode(communityId, m);
      if (community.level !== 'community') throw badRequest('请选择具体的社区（而不是街道或区县）', 'communityId');
      const category = await m.findOne(NeedCategory, { where: { id: dto.categoryId, active: true } });
      if (!category) throw badRequest('请选择有效的需求类别', 'categoryId');

      const proxy = dto.onBehalfOf;
      const grant = proxy
        ? requireRoleOn(principal, community, MANAGER_ROLES, '只有本社区的工作人员可以代居民上报需求')
        : requireRoleOn(principal, community, ['resident'], '只能在您居住的社区上报需求，请先在“我的”中设置居住地');

      const place: Pick<Need, 'locationKind' | 'building' | 'unit' | 'latE6' | 'lngE6' | 'address'> = {
        locationKind: dto.location.kind,
        building: null,
        unit: null,
        latE6: null,
        lngE6: null,
        address: null,
      };
      if (dto.location.kind === 'residence') {
        if (proxy) {
          if (!proxy.building || !proxy.unit) throw badRequest('代报时请填写居民所在的楼栋和单元', 'onBehalfOf.building');
          Object.assign(place, { building: proxy.building, unit: proxy.unit });
        } else {
          if (!residence || residence.communityId !== community.id) throw badRequest('您在该社区没有登记住址，请改用地图选点', 'location.kind');
          Object.assign(place, { building: residence.building, unit: residence.unit });
        }
      } else if (dto.location.kind === 'pin') {
        const pin = dto.location.pin;
        if (!pin) throw badRequest('请在地图上选择位置', 'location.pin');
        Object.assign(place, { latE6: Math.round(pin.lat * 1e6), lngE6: Math.round(pin.lng * 1e6), address: pin.address });
      }

      const need = await m.save(
        Need,
        m.create(Need, {
          communityId: community.id,
          categoryId: category.id,
          title: dto.title,
          description: dto.description,
          status: 'reported',
          urgency: dto.urgency,
          priority: 0,
          isPublic: dto.isPublic,
          reporterId: proxy ? null : principal.userId,
          enteredBy: principal.userId,
          proxy: Boolean(proxy),
          proxyNameEnc: proxy ? this.pii.encrypt(proxy.name) : null,
          proxyPhoneEnc: proxy?.phone ? this.pii.encrypt(proxy.phone) : null,
          proxyPhoneMasked: proxy?.phone ? maskPhone(proxy.phone) : null,
          ...place,
          handlerId: null,
          mergedIntoId: null,
          meTooCount: 0,
          reopenCount: 0,
        }),
      );
      await this.uploads.attach(m, principal.userId, dto.photoIds, 'need_report', need.id, need.communityId);
      await recordNeedEvent(
        m,
        need,
        { userId: principal.userId, role: proxy ? grant.role : 'resident' },
        { kind: 'report', action: proxy ? '工作人员代居民上报' : '居民上报需求', proxy: Boolean(proxy), photos: dto.photoIds?.length ?? 0 },
      );
      if (!proxy) {
        await this.notifications.grant(m, principal.userId, dto.subscribed);
        // The community's staff hear of it at once (a gas smell cannot wait for someone to open the queue):
        // always in the inbox, and for 紧急 also as a subscribe message to those who accepted one.
        const critical = need.urgency === 'critical';
        await this.notifications.notify(m, {
          userIds: (await usersCovering(m, community, ['staff'])).filter((id) => id !== principal.userId),
          title: critical ? '紧急需求待受理' : '新的居民需求',
          body: `“${cut(need.title, 20)}”（${URGENCY_LABEL[need.urgency]}，${category.label}）请在 ${this.config.needs.responseHours[need.urgency]} 小时内受理`,
          page: `workbench/pages/need/index?id=${need.id}`,
          subscribe: critical ? { key: 'urgent_need', data: { thing1: { value: cut(need.title, 20) }, thing2: { value: cut(community.name, 20) }, phrase3: { value: '紧急' } } } : undefined,
        });
      }
      return need.id;
    });
    this.logger.log({ msg: 'need reported', needId: id, userId: principal.userId });
    return this.needs.getFull(principal, id);
  }

  /** "我也遇到了": one per person, counted on the need, idempotent. */
  async meToo(principal: Principal, id: number, subscribed?: string[]): Promise<NeedAnyView> {
    try {
      await inTransaction(this.db, async (m) => {
        const { need, community, relation } = await findNeedWithRelation(m, principal, id);
        if (!need.isPublic && !canSeePrivate(relation)) throw notFound('该需求');
        if (relation.reporter) throw badRequest('这是您自己上报的需求');
        requireConfirmedResident(principal, community, '表示“我也遇到了”');
        if (relation.follower) return this.notifications.grant(m, principal.userId, subscribed);
        // Lock the need row first (UPDATE), then insert: two people joining at once queue up instead of deadlocking.
        const res = await m
          .createQueryBuilder()
          .update(Need)
          .set({ meTooCount: () => 'me_too_count + 1' })
          .where('id = :id AND status IN (:...open)', { id: need.id, open: OPEN_STATUSES })
          .execute();
        if (!res.affected) throw conflict(`该需求${NEED_STATUS_LABEL[need.status]}，如果您的问题仍未解决，请重新上报`);
        await m.insert(NeedFollower, { needId: need.id, userId: principal.userId, kind: 'me_too', createdAt: this.clock.now() });
        await this.notifications.grant(m, principal.userId, subscribed);
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // the same person pressed twice at once: already counted
    }
    return this.needs.get(principal, id);
  }

  async rate(principal: Principal, id: number, dto: RateNeedInput): Promise<NeedView> {
    if (dto.comment) await this.contentSecurity.assertPublishable([{ field: 'comment', label: '评价', text: dto.comment }], principal.openid, 2);
    return this.needs.act(principal, id, async (m, need, actor) => {
      let note: string | null = null;
      if (need.proxy && need.reporterId !== principal.userId) {
        // 代报: the rating is a 回访 — another staff member called the resident back, on a day on or after it was done.
        if (need.handlerId === principal.userId) throw forbidden('您是这件事的承办人，不能替居民评价自己的工作；请由另一位工作人员电话回访居民后记录');
        if (need.status === 'done') {
          const today = beijingDate(this.clock.now());
          const doneOn = need.doneAt ? beijingDate(need.doneAt) : today;
          if (!dto.visitedOn) throw badRequest('代报的需求请填写回访居民的日期', 'visitedOn');
          if (Number.isNaN(Date.parse(`${dto.visitedOn}T00:00:00+08:00`)) || dto.visitedOn > today || dto.visitedOn < doneOn) {
            throw badRequest(`回访日期应在办结那天（${doneOn}）到今天之间`, 'visitedOn');
          }
          note = `电话回访居民（${dto.visitedOn}）`;
        }
      }
      await this.workflow.transition(m, need, 'rated', actor, { rating: dto.rating, comment: dto.comment ?? null, note });
      await this.notifications.grant(m, principal.userId, dto.subscribed);
      if (dto.rating <= 2 && need.reopenCount > 0) {
        // Unsolved once, and still dissatisfied: flagged to the street (接诉即办 督办).
        const community = await m.findOneOrFail(ServiceNode, { where: { id: need.communityId } });
        const street = community.parentId ? await m.findOneOrFail(ServiceNode, { where: { id: community.parentId } }) : community;
        const userIds = await usersCovering(m, street, ['staff', 'admin']);
        if (userIds.length) {
          await this.notifications.notify(m, {
            userIds,
            title: `${community.name}有居民两次不满意`,
            body: `“${cut(need.title, 20)}”重新办理后，居民仍评价 ${dto.rating} 星，请督办回访`,
            page: `workbench/pages/need/index?id=${need.id}`,
          });
        }
      }
    });
  }

  async reopen(principal: Principal, id: number, dto: ReopenNeedInput): Promise<NeedView> {
    await this.contentSecurity.assertPublishable([{ field: 'reason', label: '未解决的原因', text: dto.reason }], principal.openid, 2);
    return this.needs.act(principal, id, async (m, need, actor) => {
      await this.workflow.transition(m, need, 'in_progress', actor, { reason: dto.reason });
      await this.notifications.grant(m, principal.userId, dto.subscribed);
    });
  }
}
