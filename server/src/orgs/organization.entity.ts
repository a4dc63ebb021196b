import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';

import type { OrgKind } from '../contract/users';

export { ORG_KINDS, ORG_KIND_LABEL, type OrgKind } from '../contract/users';

/** A registered social organization (社会组织), attached to the node where it is based. */
@Entity('organization')
@Index('uq_organization_node_name', ['nodeId', 'name'], { unique: true })
export class Organization {
  @IdColumn()
  id: number;

  @Index('idx_organization_node')
  @RefColumn()
  nodeId: number;

  @ForeignKey(() => ServiceNode, 'node_id', 'fk_organization_node')
  node?: Relation<ServiceNode>;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  kind: OrgKind;

  /** 统一社会信用代码 — a public registration number of the organization, not personal data. */
  @Column({ type: 'varchar', length: 18, nullable: true })
  creditCode: string | null;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  /** The organization's contact person (负责人/联系人): shown to covering staff only, the phone masked and stored encrypted. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  contactName: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  contactPhoneEnc: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  contactPhoneMasked: string | null;

  @RefColumn({ nullable: true })
  createdBy: number | null;

  @TimeColumn()
  createdAt: Date;
}
