import { Column, Entity, Index, type Relation } from 'typeorm';
import type { ResidenceStatus } from '../contract/users';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from './user.entity';

/**
 * Where a resident lives: one community, with building (楼栋) and unit (单元). One per user.
 * Declared by the resident (applicant), confirmed or returned by the community's staff. A
 * confirmation records the phone's keyed hash: one number confirms one resident per community.
 */
@Entity('residence')
@Index('uq_residence_phone', ['communityId', 'phoneHash'], { unique: true })
@Index('idx_residence_queue', ['communityId', 'status', 'updatedAt'])
export class Residence {
  @IdColumn()
  id: number;

  @Index('uq_residence_user', { unique: true })
  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_residence_user', 'CASCADE')
  user?: Relation<User>;

  @Index('idx_residence_community')
  @RefColumn()
  communityId: number;

  @ForeignKey(() => ServiceNode, 'community_id', 'fk_residence_community')
  community?: Relation<ServiceNode>;

  @Column({ type: 'varchar', length: 16 })
  building: string;

  @Column({ type: 'varchar', length: 16 })
  unit: string;

  @Column({ type: 'varchar', length: 12, default: 'applicant' })
  status: ResidenceStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  returnReason: string | null;

  @RefColumn({ nullable: true })
  reviewedBy: number | null;

  @TimeColumn({ nullable: true })
  reviewedAt: Date | null;

  /** Set while confirmed: the keyed hash of the phone number the staff confirmed. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneHash: string | null;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}
