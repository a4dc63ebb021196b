import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Organization } from '../orgs/organization.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';
import type { Role } from './role';

/**
 * A role held by a user on a service-tree node (and, for org_member, in one organization).
 * `scopeKey` makes a grant unique per user even where `orgId` is null (MySQL treats NULLs in
 * a unique index as distinct): `staff@9`, `org_member@9#3`.
 */
@Entity('role_assignment')
@Index('uq_role_assignment_scope', ['userId', 'scopeKey'], { unique: true })
export class RoleAssignment {
  @IdColumn()
  id: number;

  @Index('idx_role_assignment_user')
  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_role_assignment_user', 'CASCADE')
  user?: Relation<User>;

  @Index('idx_role_assignment_node')
  @RefColumn()
  nodeId: number;

  @ForeignKey(() => ServiceNode, 'node_id', 'fk_role_assignment_node')
  node?: Relation<ServiceNode>;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @RefColumn({ nullable: true })
  orgId: number | null;

  @ForeignKey(() => Organization, 'org_id', 'fk_role_assignment_org', 'CASCADE')
  org?: Relation<Organization>;

  @Column({ type: 'varchar', length: 48 })
  scopeKey: string;

  @RefColumn({ nullable: true })
  grantedBy: number | null;

  @TimeColumn()
  createdAt: Date;
}

export function scopeKeyOf(role: Role, nodeId: number, orgId: number | null): string {
  return orgId ? `${role}@${nodeId}#${orgId}` : `${role}@${nodeId}`;
}
