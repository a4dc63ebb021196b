import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';
import { Activity } from './activity.entity';

/**
 * pending: holds a seat, waiting for the organizer's approval (activities with needsApproval);
 * confirmed: holds a seat; waitlisted: queued by `waitlistSeq`; cancelled / rejected: holds nothing.
 */
export const SIGNUP_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];
export const SIGNUP_STATUS_LABEL: Record<SignupStatus, string> = {
  pending: '待审核',
  confirmed: '报名成功',
  waitlisted: '候补中',
  cancelled: '已取消',
  rejected: '未通过',
};
export const SEAT_STATUSES: readonly SignupStatus[] = ['pending', 'confirmed'];
/** Statuses that count as "holding" the activity's time for the overlap rule. */
export const HOLDING_STATUSES: readonly SignupStatus[] = ['pending', 'confirmed', 'waitlisted'];

/** Attendance as recorded by scans and confirmed (or marked by hand) by the organizer. */
export const ATTENDANCE = ['present', 'late', 'leave', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE)[number];
export const ATTENDANCE_LABEL: Record<Attendance, string> = { present: '出勤', late: '迟到', leave: '请假', absent: '缺勤（未请假）' };

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
  purpose: 'in' | 'out';

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @TimeColumn()
  createdAt: Date;
}
