import { Column, Entity, Index, type Relation } from 'typeorm';
import type { SwCertLevel } from '../contract/projects';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';

/**
 * A social worker's certificate (持证: level, number, expiry), one per person — a renewal replaces
 * it (the audit log keeps the earlier one). A project's social worker must hold one valid on the
 * project's start date.
 */
@Entity('sw_certificate')
export class SwCertificate {
  @IdColumn()
  id: number;

  @Index('uq_sw_certificate_user', { unique: true })
  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_sw_certificate_user', 'CASCADE')
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 16 })
  level: SwCertLevel;

  @Column({ type: 'varchar', length: 32 })
  number: string;

  /** YYYY-MM-DD, valid through that day. */
  @Column({ type: 'varchar', length: 10 })
  expiresOn: string;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}
