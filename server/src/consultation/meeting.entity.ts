import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';
import { ConsultTopic } from './topic.entity';
import type { MeetingKind, MeetingStatus } from '../contract/consultation';

/** A consultation meeting of a topic. `signedUpCount` never exceeds `capacity` (conditional UPDATE). */
@Entity('consult_meeting')
@Index('idx_consult_meeting_topic', ['topicId'])
export class ConsultMeeting {
  @IdColumn()
  id: number;

  @RefColumn()
  topicId: number;

  @ForeignKey(() => ConsultTopic, 'topic_id', 'fk_consult_meeting_topic', 'CASCADE')
  topic?: Relation<ConsultTopic>;

  @Column({ type: 'varchar', length: 24 })
  kind: MeetingKind;

  @TimeColumn()
  startsAt: Date;

  @Column({ type: 'varchar', length: 100 })
  place: string;

  @Column({ type: 'int' })
  capacity: number;

  @Column({ type: 'int', default: 0 })
  signedUpCount: number;

  @Column({ type: 'varchar', length: 1000 })
  agenda: string;

  @Column({ type: 'varchar', length: 12 })
  status: MeetingStatus;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  minutes: string | null;

  /** Signed-up residents marked present plus walk-ins. */
  @Column({ type: 'int', nullable: true })
  attendedCount: number | null;

  @Column({ type: 'int', nullable: true })
  walkInCount: number | null;

  @RefColumn({ nullable: true })
  recordedBy: number | null;

  @ForeignKey(() => User, 'recorded_by', 'fk_consult_meeting_recorded_by', 'SET NULL')
  recorder?: Relation<User>;

  @TimeColumn({ nullable: true })
  recordedAt: Date | null;

  @RefColumn({ nullable: true })
  createdBy: number | null;

  @ForeignKey(() => User, 'created_by', 'fk_consult_meeting_created_by', 'SET NULL')
  creator?: Relation<User>;

  @TimeColumn()
  createdAt: Date;
}

@Entity('consult_meeting_signup')
@Index('uq_consult_meeting_signup', ['meetingId', 'userId'], { unique: true })
export class MeetingSignup {
  @IdColumn()
  id: number;

  @RefColumn()
  meetingId: number;

  @ForeignKey(() => ConsultMeeting, 'meeting_id', 'fk_consult_signup_meeting', 'CASCADE')
  meeting?: Relation<ConsultMeeting>;

  @Index('idx_consult_meeting_signup_user')
  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_consult_signup_user', 'CASCADE')
  user?: Relation<User>;

  @Column({ type: 'boolean', default: false })
  attended: boolean;

  @TimeColumn()
  createdAt: Date;
}
