import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';

/**
 * An issued volunteer service certificate (志愿服务证明): a snapshot of the confirmed record at
 * issue time, verifiable by anyone with its code (the public check reveals no personal data).
 */
@Entity('volunteer_certificate')
export class VolunteerCertificate {
  @IdColumn()
  id: number;

  @Index('uq_volunteer_certificate_code', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Index('idx_volunteer_certificate_user')
  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_volunteer_certificate_user', 'CASCADE')
  user?: Relation<User>;

  @RefColumn()
  communityId: number;

  @ForeignKey(() => ServiceNode, 'community_id', 'fk_volunteer_certificate_community')
  community?: Relation<ServiceNode>;

  @Column({ type: 'int' })
  totalMinutes: number;

  @Column({ type: 'int' })
  activityCount: number;

  @TimeColumn()
  issuedAt: Date;
}
