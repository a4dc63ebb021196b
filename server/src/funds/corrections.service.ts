import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/db-errors';
import { conflict, notFound } from '../common/errors';
import type { StaffEntryView } from '../contract/funds';
import { beijingDate, yuan } from '../contract/format';
import { inTransaction } from '../database/transaction';
import { requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { TreeService } from '../tree/tree.service';
import { ContentSecurity } from '../wechat/content-security.service';
import { ENTRY_ENTITY, FundLedger } from './fund-ledger';
import { FundEntry } from './fund-entry.entity';
import { FundViews } from './fund-views';
import { Fund } from './fund.entity';

/** Corrections (冲正): entries are never changed; a mistake is undone by a reversing entry, once per entry. */
@Injectable()
export class CorrectionsService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly ledger: FundLedger,
    private readonly views: FundViews,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly contentSecurity: ContentSecurity,
  ) {}

  /**
   * Reverses a ledger entry with a new entry of the opposite amount. Both sides of a grant are
   * reversed together. A reversal that would make a balance negative is refused (409).
   */
  async reverse(principal: Principal, entryId: number, reason: string): Promise<StaffEntryView> {
    await this.contentSecurity.assertPublishable([{ field: 'reason', label: '冲正原因', text: reason }], principal.openid, 1);
    let reversalId = 0;
    try {
      await inTransaction(this.db, async (m) => {
        const entry = await m.findOne(FundEntry, { where: { id: entryId } });
        if (!entry) throw notFound('该笔记录');
        const fund = await m.findOneOrFail(Fund, { where: { id: entry.fundId } });
        const node = await this.tree.getNode(fund.nodeId, m);
        const grant = requireRoleOn(principal, node, MANAGER_ROLES, '只能冲正自己管辖的社区或街道的基金记录');
        if (entry.kind === 'reversal') throw conflict('冲正记录不能再冲正；如有错误请重新登记正确的记录');

        const targets = [entry];
        if ((entry.kind === 'grant_in' || entry.kind === 'grant_out') && entry.allocationId) {
          const other = await m.findOne(FundEntry, { where: { allocationId: entry.allocationId, kind: entry.kind === 'grant_in' ? 'grant_out' : 'grant_in' } });
          if (other) targets.push(other);
          // A grant is reversed by the granting street (it covers both funds).
          const street = await this.tree.getNode((entry.kind === 'grant_out' ? fund.nodeId : entry.counterpartNodeId) ?? fund.nodeId, m);
          requireRoleOn(principal, street, MANAGER_ROLES, '拨付记录需由拨付的街道冲正');
        }
        for (const t of targets.sort((x, y) => x.amount - y.amount)) {
          if (await m.count(FundEntry, { where: { reversesEntryId: t.id } })) throw conflict('该笔记录已冲正，不能重复冲正');
          const delta = -t.amount;
          if (delta < 0) {
            await this.ledger.debit(m, t.fundId, -delta, `冲正后基金余额将为负数，不能冲正（需冲减 ${yuan(-delta)}）`);
          } else {
            await this.ledger.credit(m, t.fundId, delta);
          }
          const rev = await m.save(
            FundEntry,
            m.create(FundEntry, {
              fundId: t.fundId,
              flow: t.flow,
              kind: 'reversal',
              amount: delta,
              occurredOn: beijingDate(this.clock.now()),
              donorName: null,
              anonymous: t.anonymous,
              donorKind: null,
              channel: null,
              note: `冲正第 ${t.id} 号记录`,
              allocationId: t.allocationId,
              counterpartNodeId: t.counterpartNodeId,
              reversesEntryId: t.id,
              reason,
              recordedBy: principal.userId,
            }),
          );
          if (t.id === entry.id) reversalId = rev.id;
          const tFund = t.fundId === fund.id ? fund : await m.findOneOrFail(Fund, { where: { id: t.fundId } });
          await this.audit.record(m, {
            actorId: principal.userId,
            actorRole: grant.role,
            action: 'fund.entry.reverse',
            entityType: ENTRY_ENTITY,
            entityId: t.id,
            nodeId: tFund.nodeId,
            reason,
            detail: { reversalId: rev.id, amountFen: delta },
          });
        }
        if (entry.allocationId && entry.kind !== 'donation') {
          const a = await this.ledger.findAllocation(m, entry.allocationId);
          if (a.status === 'posted') await this.ledger.move(m, a, 'reversed', {}, principal, grant.role, node.id, reason);
        }
      });
    } catch (err) {
      // Two reversals of one entry at the same moment: the unique index lets one through.
      if (isUniqueViolation(err)) throw conflict('该笔记录已冲正，不能重复冲正');
      throw err;
    }
    return this.views.staffEntry(reversalId);
  }
}
