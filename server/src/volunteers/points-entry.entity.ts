import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';

import type { PointsSource } from '../contract/volunteers';
export type { PointsSource } from '../contract/volunteers';

/**
 * The points ledger (积分): every change is a row with a reason and its source; the balance is
 * the sum. One credit per (user, source) — confirming twice cannot pay twice.
 */
@Entity('volunteer_points')
@Index('uq_volunteer_points_source', ['userId', 'sourceType', 'sourceId'], { unique: true })
export class PointsEntry {
  @IdColumn()
  id: number;

  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_volunteer_points_user', 'CASCADE')
  user?: Relation<User>;

  @Column({ type: 'int' })
  delta: number;

  @Column({ type: 'varchar', length: 100 })
  reason: string;

  @Column({ type: 'varchar', length: 16 })
  sourceType: PointsSource;

  @Column({ type: 'int' })
  sourceId: number;

  @RefColumn({ nullable: true })
  createdBy: number | null;

  @TimeColumn()
  createdAt: Date;
}
