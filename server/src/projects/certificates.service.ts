import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, forbidden } from '../common/errors';
import { beijingDate } from '../contract/format';
import { SW_CERT_LEVEL_LABEL, type MySwCertificate, type SwCertificateInput, type SwCertificateView } from '../contract/projects';
import { inTransaction } from '../database/transaction';
import { hasAnyRole } from '../roles/access';
import { assertDate } from './project-rules';
import { SwCertificate } from './sw-certificate.entity';

/** 社工证: a social worker records (or renews) their certificate; projects check it. */
@Injectable()
export class CertificatesService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async mine(principal: Principal): Promise<MySwCertificate> {
    const cert = await this.db.manager.findOne(SwCertificate, { where: { userId: principal.userId } });
    return { certificate: cert ? this.view(cert) : null };
  }

  async record(principal: Principal, input: SwCertificateInput): Promise<MySwCertificate> {
    if (!hasAnyRole(principal, ['social_worker'])) throw forbidden('只有登记的社工可以录入社工证');
    assertDate(input.expiresOn, 'expiresOn', '有效期');
    if (input.expiresOn < beijingDate(this.clock.now())) throw badRequest('这张证书已过有效期，请录入有效的证书', 'expiresOn');
    await inTransaction(this.db, async (m) => {
      const now = this.clock.now();
      const before = await m.findOne(SwCertificate, { where: { userId: principal.userId } });
      if (before) await m.update(SwCertificate, { id: before.id }, { ...input, updatedAt: now });
      else await m.insert(SwCertificate, { userId: principal.userId, ...input, createdAt: now, updatedAt: now });
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: 'social_worker',
        action: before ? 'sw_certificate.renew' : 'sw_certificate.record',
        entityType: 'user',
        entityId: principal.userId,
        fromState: before ? `${before.level} ${before.number} ${before.expiresOn}` : null,
        toState: `${input.level} ${input.number} ${input.expiresOn}`,
      });
    });
    return this.mine(principal);
  }

  view(cert: SwCertificate): SwCertificateView {
    return { level: cert.level, levelLabel: SW_CERT_LEVEL_LABEL[cert.level], number: cert.number, expiresOn: cert.expiresOn, valid: cert.expiresOn >= beijingDate(this.clock.now()) };
  }
}

/**
 * Refuses a project's social worker without a certificate valid on `on` (the project's start
 * date), naming what to do.
 */
export async function assertCertifiedOn(m: EntityManager, userId: number, on: string): Promise<void> {
  const cert = await m.findOne(SwCertificate, { where: { userId } });
  if (!cert) throw badRequest('该社工还没有登记社工证，请其在“我的 → 社工证”中录入后再选', 'socialWorkerId');
  if (cert.expiresOn < on) throw badRequest(`该社工的社工证于 ${cert.expiresOn} 到期，早于项目开始日期 ${on}，请其更新证书或另选社工`, 'socialWorkerId');
}
