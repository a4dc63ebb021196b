import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest } from '../common/errors';
import { looksLikePersonalNumber } from '../common/redact';
import type { DonationInput, InKindInput, InKindView, StaffEntryView } from '../contract/funds';
import { beijingDate } from '../contract/format';
import { inTransaction } from '../database/transaction';
import { UploadsService } from '../uploads/uploads.service';
import { ContentSecurity } from '../wechat/content-security.service';
import { assertNotFuture, ENTRY_ENTITY, FundLedger } from './fund-ledger';
import { FundEntry } from './fund-entry.entity';
import { inKindView, FundViews } from './fund-views';
import { Fund } from './fund.entity';
import { recordResourcesArrived } from '../needs/need-timeline';
import { InKindDonation } from './in-kind-donation.entity';

/** An optional upload id as the list attach() takes. */
const idList = (id: number | undefined | null): number[] => (id == null ? [] : [id]);

/** Income: money donations (with a private receipt) and donations in kind with where they went. */
@Injectable()
export class DonationsService {
  constructor(
    private readonly db: DataSource,
    private readonly ledger: FundLedger,
    private readonly views: FundViews,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly contentSecurity: ContentSecurity,
    private readonly uploads: UploadsService,
  ) {}

  async recordDonation(principal: Principal, nodeId: number, input: DonationInput): Promise<StaffEntryView> {
    assertNotFuture(input.receivedOn, beijingDate(this.clock.now()), 'receivedOn', '到账日期');
    if (!input.anonymous && !input.donorName) throw badRequest('请填写捐赠人名称，或选择匿名捐赠', 'donorName');
    // Shown publicly: the donor's name (unless anonymous) and the channel.
    await this.contentSecurity.assertPublishable(
      [
        { field: 'donorName', label: '捐赠人名称', text: input.anonymous ? '' : (input.donorName ?? '') },
        { field: 'channel', label: '捐赠渠道', text: input.channel },
      ],
      principal.openid,
      1,
    );
    const refusal = '只能为自己管辖的社区或街道登记捐赠';
    await this.ledger.prepareFund(principal, nodeId, refusal);
    const id = await inTransaction(this.db, async (m) => {
      const { node, grant } = await this.ledger.fundNode(m, principal, nodeId, refusal);
      const fund = await m.findOneOrFail(Fund, { where: { nodeId: node.id } });
      await this.ledger.credit(m, fund.id, input.amountFen);
      const entry = await m.save(
        FundEntry,
        m.create(FundEntry, {
          fundId: fund.id,
          flow: 'in',
          kind: 'donation',
          amount: input.amountFen,
          occurredOn: input.receivedOn,
          donorName: input.donorName ?? null,
          anonymous: input.anonymous,
          donorKind: input.donorKind,
          channel: input.channel,
          receiptUploadId: input.receiptUploadId ?? null,
          receiptRef: input.receiptRef ?? null,
          recordedBy: principal.userId,
        }),
      );
      await this.uploads.attach(m, principal.userId, idList(input.receiptUploadId), 'fund_receipt', entry.id, node.id, 'receiptUploadId');
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'fund.donation',
        entityType: ENTRY_ENTITY,
        entityId: entry.id,
        nodeId: node.id,
        detail: { fundId: fund.id, amountFen: input.amountFen, anonymous: input.anonymous },
      });
      return entry.id;
    });
    return this.views.staffEntry(id);
  }

  async recordInKind(principal: Principal, nodeId: number, input: InKindInput): Promise<InKindView> {
    assertNotFuture(input.receivedOn, beijingDate(this.clock.now()), 'receivedOn', '接收日期');
    if (!input.anonymous && !input.donorName) throw badRequest('请填写捐赠人名称，或选择匿名捐赠', 'donorName');
    if (input.destinationKind === 'need' && input.needId === undefined) throw badRequest('去向为居民需求时请填写需求编号', 'needId');
    if (input.destinationKind === 'wish' && input.wishId === undefined) throw badRequest('去向为微心愿时请填写心愿编号', 'wishId');
    if (input.destinationKind === 'household' && !input.destinationNote) throw badRequest('请简要说明去向（如“困难家庭一户”）', 'destinationNote');
    if (input.destinationNote && looksLikePersonalNumber(input.destinationNote)) {
      throw badRequest('去向说明会公开展示，请勿填写电话、身份证号、门牌号等个人信息', 'destinationNote');
    }
    await this.contentSecurity.assertPublishable(
      [
        { field: 'item', label: '物资名称', text: input.item },
        { field: 'donorName', label: '捐赠人名称', text: input.anonymous ? '' : (input.donorName ?? '') },
        { field: 'destinationNote', label: '去向说明', text: input.destinationNote ?? '' },
      ],
      principal.openid,
      1,
    );
    const id = await inTransaction(this.db, async (m) => {
      const { node, grant } = await this.ledger.fundNode(m, principal, nodeId, '只能为自己管辖的社区或街道登记物资');
      if (input.needId !== undefined) {
        const rows: unknown[] = await m.query('SELECT d.id FROM need d JOIN service_node n ON n.id = d.community_id WHERE d.id = ? AND n.path LIKE ?', [
          input.needId,
          `${node.path}%`,
        ]);
        if (!rows.length) throw badRequest('该需求不存在或不在本社区', 'needId');
      }
      if (input.wishId !== undefined) {
        const rows: unknown[] = await m.query('SELECT w.id FROM wish w JOIN service_node n ON n.id = w.community_id WHERE w.id = ? AND n.path LIKE ?', [
          input.wishId,
          `${node.path}%`,
        ]);
        if (!rows.length) throw badRequest('该微心愿不存在或不在本社区', 'wishId');
      }
      const row = await m.save(
        InKindDonation,
        m.create(InKindDonation, {
          nodeId: node.id,
          item: input.item,
          quantity: input.quantity,
          unit: input.unit,
          donorName: input.donorName ?? null,
          anonymous: input.anonymous,
          donorKind: input.donorKind,
          receivedOn: input.receivedOn,
          destinationKind: input.destinationKind,
          needId: input.needId ?? null,
          wishId: input.wishId ?? null,
          destinationNote: input.destinationNote ?? null,
          recordedBy: principal.userId,
        }),
      );
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: grant.role,
        action: 'fund.in_kind',
        entityType: 'in_kind_donation',
        entityId: row.id,
        nodeId: node.id,
        detail: { quantity: input.quantity, destinationKind: input.destinationKind, anonymous: input.anonymous },
      });
      if (row.needId) {
        await recordResourcesArrived(m, { needIds: [row.needId] }, { userId: principal.userId, role: grant.role }, `物资到位：${input.item} ${input.quantity}${input.unit}`, null);
      }
      return row.id;
    });
    return inKindView(await this.db.manager.findOneOrFail(InKindDonation, { where: { id } }));
  }
}
