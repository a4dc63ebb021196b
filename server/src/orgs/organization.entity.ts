import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';

export const ORG_KINDS = ['community_org', 'social_work_agency', 'charity', 'volunteer_team'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ORG_KIND_LABEL: Record<OrgKind, string> = {
  community_org: '社区社会组织',
  social_work_agency: '社会工作服务机构',
  charity: '慈善组织',
  volunteer_team: '志愿服务队',
};

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

  @RefColumn({ nullable: true })
  createdBy: number | null;

  @TimeColumn()
  createdAt: Date;
}
