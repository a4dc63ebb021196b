import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Signup } from './signup.entity';

/** `day`: the day before (within 24 hours of the start); `hour`: within the hour before the start. */
export const REMINDER_KINDS = ['day', 'hour'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * A reminder sent for one sign-up: the unique key (signup, kind) makes each reminder go out
 * once, however often and from however many processes the sweep runs.
 */
@Entity('volunteer_reminder')
@Index('uq_volunteer_reminder', ['signupId', 'kind'], { unique: true })
export class VolunteerReminder {
  @IdColumn()
  id: number;

  @RefColumn()
  signupId: number;

  @ForeignKey(() => Signup, 'signup_id', 'fk_volunteer_reminder_signup', 'CASCADE')
  signup?: Relation<Signup>;

  @Column({ type: 'varchar', length: 8 })
  kind: ReminderKind;

  @TimeColumn()
  sentAt: Date;
}
