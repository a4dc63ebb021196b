import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';
import { Activity } from './activity.entity';
import type { Attendance, QrPurpose, SignupStatus } from '../contract/volunteers';

export { ATTENDANCE, ATTENDANCE_LABEL, HOLDING_STATUSES, SEAT_STATUSES, SIGNUP_STATUSES, SIGNUP_STATUS_LABEL } from '../contract/volunteers';
export type { Attendance, SignupStatus } from '../contract/volunteers';

/** One person's sign-up for one activity, and their attendance and credited minutes. */
@Entity('volunteer_signup')
@Index('uq_volunteer_signup', ['activityId', 'userId'], { unique: true })
@Index('idx_volunteer_signup_user', ['userId', 'status'])
@Index('idx_volunteer_signup_queue', ['activityId', 'status', 'waitlistSeq'])
export class Signup {
  @IdColumn()
  id: number;

  @RefColumn()
  activityId: number;

  @ForeignKey(() => Activity, 'activity_id', 'fk_volunteer_signup_activity', 'CASCADE')
  activity?: Relation<Activity>;

  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_volunteer_signup_user', 'CASCADE')
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 12 })
  status: SignupStatus;

  /** Queue ticket while waitlisted (lower goes first). */
  @Column({ type: 'int', nullable: true })
  waitlistSeq: number | null;

  /** Cancelled inside the cut-off window of an activity that records (rather than refuses) late cancellations. */
  @Column({ type: 'boolean', default: false })
  lateCancel: boolean;

  @TimeColumn({ nullable: true })
  cancelledAt: Date | null;

  @TimeColumn({ nullable: true })
  promotedAt: Date | null;

  @TimeColumn({ nullable: true })
  checkedInAt: Date | null;

  @TimeColumn({ nullable: true })
  checkedOutAt: Date | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  attendance: Attendance | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  attendanceReason: string | null;

  @RefColumn({ nullable: true })
  attendanceBy: number | null;

  /** Minutes credited when the organizer confirmed attendance (see hours.ts); null until then. */
  @Column({ type: 'int', nullable: true })
  creditedMinutes: number | null;

  @TimeColumn({ nullable: true })
  confirmedAt: Date | null;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}

/**
 * A wrong 6-digit check-in code typed by a volunteer: wrong tries are counted per person and
 * activity over a few minutes, in the database so that several server instances share the count.
 */
@Entity('volunteer_code_miss')
@Index('idx_volunteer_code_miss', ['activityId', 'userId', 'createdAt'])
export class CodeMiss {
  @IdColumn()
  id: number;

  @RefColumn()
  userId: number;

  @RefColumn()
  activityId: number;

  @TimeColumn()
  createdAt: Date;
}

/** A QR token a volunteer has used: the same token twice by the same person is a replay. */
@Entity('volunteer_qr_use')
@Index('uq_volunteer_qr_use', ['userId', 'tokenHash'], { unique: true })
export class QrUse {
  @IdColumn()
  id: number;

  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_volunteer_qr_use_user', 'CASCADE')
  user?: Relation<User>;

  @RefColumn()
  activityId: number;

  @ForeignKey(() => Activity, 'activity_id', 'fk_volunteer_qr_use_activity', 'CASCADE')
  activity?: Relation<Activity>;

  @Column({ type: 'varchar', length: 4 })
  purpose: QrPurpose;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @TimeColumn()
  createdAt: Date;
}
