import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Organization } from '../orgs/organization.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';
import { VolunteerSkill } from './volunteer-skill.entity';

import type { VolunteerStatus } from '../contract/volunteers';
export { AVAILABILITY, AVAILABILITY_LABEL, VOLUNTEER_STATUSES, VOLUNTEER_STATUS_LABEL } from '../contract/volunteers';
export type { Availability, VolunteerStatus } from '../contract/volunteers';

/**
 * A real-name volunteer registration (志愿者实名注册), one per user. The real name, phone and ID
 * number are personal data: stored encrypted, with keyed hashes for uniqueness and masked copies
 * for display; the unmasked ID number is never shown to anyone. Approval by the community's staff
 * grants the `volunteer` role on the community. `lockVersion` is bumped at the start of each of
 * the volunteer's sign-ups so that two sign-ups of one person run one after the other (the
 * time-overlap check then sees the other one).
 */
@Entity('volunteer')
@Index('idx_volunteer_community_status', ['communityId', 'status'])
export class Volunteer {
  @IdColumn()
  id: number;

  @Index('uq_volunteer_user', { unique: true })
  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_volunteer_user', 'CASCADE')
  user?: Relation<User>;

  @RefColumn()
  communityId: number;

  @ForeignKey(() => ServiceNode, 'community_id', 'fk_volunteer_community')
  community?: Relation<ServiceNode>;

  /** Optional membership of a social organization's volunteer team. */
  @RefColumn({ nullable: true })
  orgId: number | null;

  @ForeignKey(() => Organization, 'org_id', 'fk_volunteer_org', 'SET NULL')
  org?: Relation<Organization>;

  @Column({ type: 'varchar', length: 255 })
  realNameEnc: string;

  @Column({ type: 'varchar', length: 32 })
  realNameMasked: string;

  @Column({ type: 'varchar', length: 255 })
  phoneEnc: string;

  @Column({ type: 'varchar', length: 64 })
  phoneHash: string;

  @Column({ type: 'varchar', length: 16 })
  phoneMasked: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  idNumberEnc: string | null;

  @Index('uq_volunteer_id_number_hash', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  idNumberHash: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  idNumberMasked: string | null;

  /** Comma-separated AVAILABILITY keys. */
  @Column({ type: 'varchar', length: 200, default: '' })
  availability: string;

  /** When the volunteer agreed to the keeping of service records, and to which text. */
  @TimeColumn()
  consentAt: Date;

  @Column({ type: 'varchar', length: 16 })
  consentVersion: string;

  /** YYYY-MM-DD: from the ID number, or declared when there is none (a minor needs a guardian's consent). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  birthDate: string | null;

  /** A minor's guardian consented (recorded by staff: who, when, the guardian's relation, e.g. 母亲). */
  @TimeColumn({ nullable: true })
  guardianConsentAt: Date | null;

  @RefColumn({ nullable: true })
  guardianConsentBy: number | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  guardianRelation: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: VolunteerStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  returnReason: string | null;

  @RefColumn({ nullable: true })
  reviewedBy: number | null;

  @ForeignKey(() => User, 'reviewed_by', 'fk_volunteer_reviewed_by', 'SET NULL')
  reviewer?: Relation<User>;

  @TimeColumn({ nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  lockVersion: number;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}

/** A skill a registered volunteer declares. */
@Entity('volunteer_skill_link')
@Index('uq_volunteer_skill_link', ['volunteerId', 'skillId'], { unique: true })
export class VolunteerSkillLink {
  @IdColumn()
  id: number;

  @RefColumn()
  volunteerId: number;

  @ForeignKey(() => Volunteer, 'volunteer_id', 'fk_volunteer_skill_link_volunteer', 'CASCADE')
  volunteer?: Relation<Volunteer>;

  @RefColumn()
  skillId: number;

  @ForeignKey(() => VolunteerSkill, 'skill_id', 'fk_volunteer_skill_link_skill')
  skill?: Relation<VolunteerSkill>;
}
