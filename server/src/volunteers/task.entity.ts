import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Need } from '../needs/need.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';

import type { TaskKind, TaskStatus } from '../contract/volunteers';
export { TASK_KINDS, TASK_KIND_LABEL, TASK_STATUSES, TASK_STATUS_LABEL } from '../contract/volunteers';
export type { TaskKind, TaskStatus } from '../contract/volunteers';

/**
 * A volunteer task cut from a resident's need (认领任务). One volunteer claims it, by a
 * conditional UPDATE (… WHERE status = 'open'), so of two racing claims exactly one wins.
 * `place` is the general place shown to everyone (e.g. 区人民医院); the resident's contact and
 * exact address are shown only to the claimer and covering staff, and every view is audited.
 */
@Entity('volunteer_task')
@Index('idx_volunteer_task_community_status', ['communityId', 'status'])
@Index('idx_volunteer_task_status_start', ['status', 'startsAt'])
export class VolunteerTask {
  @IdColumn()
  id: number;

  @Index('idx_volunteer_task_need')
  @RefColumn()
  needId: number;

  @ForeignKey(() => Need, 'need_id', 'fk_volunteer_task_need', 'CASCADE')
  need?: Relation<Need>;

  @RefColumn()
  communityId: number;

  @ForeignKey(() => ServiceNode, 'community_id', 'fk_volunteer_task_community')
  community?: Relation<ServiceNode>;

  @Column({ type: 'varchar', length: 16 })
  kind: TaskKind;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @TimeColumn()
  startsAt: Date;

  @TimeColumn()
  endsAt: Date;

  @Column({ type: 'varchar', length: 120 })
  place: string;

  @Column({ type: 'varchar', length: 12 })
  status: TaskStatus;

  @Index('idx_volunteer_task_claimer')
  @RefColumn({ nullable: true })
  claimedBy: number | null;

  @ForeignKey(() => User, 'claimed_by', 'fk_volunteer_task_claimed_by', 'SET NULL')
  claimer?: Relation<User>;

  @TimeColumn({ nullable: true })
  claimedAt: Date | null;

  @TimeColumn({ nullable: true })
  doneAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  doneNote: string | null;

  /** Staff confirmed the done task: its hours are credited (creditedMinutes) with points, once. */
  @TimeColumn({ nullable: true })
  confirmedAt: Date | null;

  @RefColumn({ nullable: true })
  confirmedBy: number | null;

  @Column({ type: 'int', nullable: true })
  creditedMinutes: number | null;

  @RefColumn({ nullable: true })
  createdBy: number | null;

  @ForeignKey(() => User, 'created_by', 'fk_volunteer_task_created_by', 'SET NULL')
  creator?: Relation<User>;

  /** Set when staff were told the task passed its start time unclaimed (once). */
  @TimeColumn({ nullable: true })
  overdueAlertedAt: Date | null;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}
