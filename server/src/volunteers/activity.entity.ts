import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Need } from '../needs/need.entity';
import { Organization } from '../orgs/organization.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';
import { VolunteerSkill } from './volunteer-skill.entity';

import type { ActivityStatus, LateCancelPolicy } from '../contract/volunteers';
export { LATE_CANCEL_POLICIES } from '../contract/volunteers';
export type { ActivityStatus, LateCancelPolicy } from '../contract/volunteers';

/**
 * A volunteer activity (志愿服务活动). Capacity is enforced by the counter `confirmedCount`
 * (seats taken: confirmed plus pending approval), which only ever moves through conditional
 * UPDATEs (`… WHERE confirmed_count < capacity`) taken before the sign-up row is written, so
 * the activity row is the lock that orders every sign-up, cancellation and promotion of one
 * activity. `waitlistCount` is the number now waiting; `waitlistSeq` hands out queue tickets.
 */
@Entity('volunteer_activity')
@Index('idx_volunteer_activity_community_start', ['communityId', 'startsAt'])
@Index('idx_volunteer_activity_status_start', ['status', 'startsAt'])
export class Activity {
  @IdColumn()
  id: number;

  @RefColumn()
  communityId: number;

  @ForeignKey(() => ServiceNode, 'community_id', 'fk_volunteer_activity_community')
  community?: Relation<ServiceNode>;

  @RefColumn({ nullable: true })
  orgId: number | null;

  @ForeignKey(() => Organization, 'org_id', 'fk_volunteer_activity_org', 'SET NULL')
  org?: Relation<Organization>;

  @RefColumn({ nullable: true })
  createdBy: number | null;

  @ForeignKey(() => User, 'created_by', 'fk_volunteer_activity_created_by', 'SET NULL')
  creator?: Relation<User>;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'varchar', length: 2000 })
  description: string;

  @TimeColumn()
  startsAt: Date;

  @TimeColumn()
  endsAt: Date;

  /** Set when the organizer extends the activity: hours may then count up to this time. */
  @TimeColumn({ nullable: true })
  extendedUntil: Date | null;

  @TimeColumn()
  signupDeadline: Date;

  @Column({ type: 'varchar', length: 120 })
  address: string;

  @Column({ type: 'int', nullable: true })
  latE6: number | null;

  @Column({ type: 'int', nullable: true })
  lngE6: number | null;

  /** Check-in/out must happen within this many metres of the venue, when set. */
  @Column({ type: 'int', nullable: true })
  maxDistanceM: number | null;

  @Column({ type: 'int' })
  capacity: number;

  @Column({ type: 'int', default: 0 })
  confirmedCount: number;

  @Column({ type: 'int', default: 0 })
  waitlistCount: number;

  @Column({ type: 'int', default: 0 })
  waitlistSeq: number;

  @Column({ type: 'boolean', default: false })
  needsApproval: boolean;

  /** Minutes before the start after which a cancellation is late (refused or recorded, per `lateCancel`). */
  @Column({ type: 'int', default: 0 })
  cancelCutoffMinutes: number;

  @Column({ type: 'varchar', length: 8 })
  lateCancel: LateCancelPolicy;

  @RefColumn({ nullable: true })
  needId: number | null;

  @ForeignKey(() => Need, 'need_id', 'fk_volunteer_activity_need', 'SET NULL')
  need?: Relation<Need>;

  /** A service project's id (projects arrive later; no foreign key yet). */
  @Column({ type: 'int', nullable: true })
  projectId: number | null;

  @Column({ type: 'varchar', length: 12 })
  status: ActivityStatus;

  @TimeColumn({ nullable: true })
  attendanceConfirmedAt: Date | null;

  @RefColumn({ nullable: true })
  attendanceConfirmedBy: number | null;

  /** Bumped to take the activity's row lock before reading its sign-ups (cancellation, confirmation). */
  @Column({ type: 'int', default: 0 })
  version: number;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}

/** A skill an activity requires. */
@Entity('volunteer_activity_skill')
@Index('uq_volunteer_activity_skill', ['activityId', 'skillId'], { unique: true })
export class ActivitySkill {
  @IdColumn()
  id: number;

  @RefColumn()
  activityId: number;

  @ForeignKey(() => Activity, 'activity_id', 'fk_volunteer_activity_skill_activity', 'CASCADE')
  activity?: Relation<Activity>;

  @RefColumn()
  skillId: number;

  @ForeignKey(() => VolunteerSkill, 'skill_id', 'fk_volunteer_activity_skill_skill')
  skill?: Relation<VolunteerSkill>;
}
