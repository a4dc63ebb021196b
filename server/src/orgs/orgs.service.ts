import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode } from '../common/errors';
import { hasRoleOn, requireRoleOn } from '../roles/access';
import { MANAGER_ROLES } from '../roles/role';
import { TreeService } from '../tree/tree.service';
import { ContentSecurity } from '../wechat/content-security.service';
import { ORG_KIND_LABEL, Organization, type OrgKind } from './organization.entity';
import { inTransaction } from '../database/transaction';

import type { OrgView, RegisterOrgInput } from '../contract/users';
import { PiiCipher } from '../common/crypto';
import { maskPhone } from '../common/redact';

@Injectable()
export class OrgsService {
  constructor(
    private readonly db: DataSource,
    private readonly tree: TreeService,
    private readonly audit: AuditService,
    private readonly contentSecurity: ContentSecurity,
    private readonly pii: PiiCipher,
  ) {}

  /**
   * Organizations registered in the subtree of a node. Public (organizations are not personal
   * data); the contact person is added for staff covering the organization, the phone masked.
   */
  async list(nodeId: number, principal?: Principal): Promise<OrgView[]> {
    const node = await this.tree.getNode(nodeId);
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT o.id, o.name, o.kind, o.credit_code, o.description, o.node_id, n.name AS node_name, n.path AS node_path,
              o.contact_name, o.contact_phone_masked
         FROM organization o JOIN service_node n ON n.id = o.node_id
        WHERE n.path LIKE ?
        ORDER BY n.path, o.name`,
      [`${node.path}%`],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      kind: r.kind as OrgKind,
      kindLabel: ORG_KIND_LABEL[r.kind as OrgKind],
      creditCode: (r.credit_code as string | null) ?? null,
      description: String(r.description ?? ''),
      nodeId: Number(r.node_id),
      nodeName: String(r.node_name),
      ...(principal && hasRoleOn(principal, { id: Number(r.node_id), path: String(r.node_path) }, MANAGER_ROLES)
        ? { contact: { name: (r.contact_name as string | null) ?? null, phoneMasked: (r.contact_phone_masked as string | null) ?? null } }
        : {}),
    }));
  }

  async register(
    principal: Principal,
    input: RegisterOrgInput,
  ): Promise<OrgView> {
    // Name and description appear on public pages: check them before anything is stored.
    await this.contentSecurity.assertPublishable(
      [
        { field: 'name', label: '组织名称', text: input.name },
        { field: 'description', label: '组织简介', text: input.description ?? '' },
      ],
      principal.openid,
      1,
    );
    const org = await inTransaction(this.db, async (m) => {
      const node = await this.tree.getNode(input.nodeId, m);
      const actor = requireRoleOn(principal, node, MANAGER_ROLES, '只能在自己管辖的街道或社区登记社会组织');
      if (await m.findOne(Organization, { where: { nodeId: node.id, name: input.name } })) {
        throw new AppError(ErrorCode.CONFLICT, `${node.name}已登记名为“${input.name}”的组织`);
      }
      const saved = await m.save(
        Organization,
        m.create(Organization, {
          nodeId: node.id,
          name: input.name,
          kind: input.kind,
          creditCode: input.creditCode ?? null,
          description: input.description ?? '',
          contactName: input.contactName,
          contactPhoneEnc: this.pii.encrypt(input.contactPhone),
          contactPhoneMasked: maskPhone(input.contactPhone),
          createdBy: principal.userId,
        }),
      );
      await this.audit.record(m, {
        actorId: principal.userId,
        actorRole: actor.role,
        action: 'org.register',
        entityType: 'organization',
        entityId: saved.id,
        nodeId: node.id,
        toState: input.kind,
      });
      return saved;
    });
    return (await this.list(org.nodeId, principal)).find((o) => o.id === org.id)!;
  }
}
