import { Column, Entity, Index, type Relation } from 'typeorm';
import { ConsultResolution } from '../consultation/vote.entity';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Need } from '../needs/need.entity';
import { Organization } from '../orgs/organization.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';
import type { CriterionSource, GuidanceForm, ProjectDomain, ProjectStatus } from '../contract/projects';

/**
 * A service project (服务项目): carried out by a social organization under a certified social
 * worker's guidance, started from a resolution (议定事项) or directly from needs. Budget is integer
 * fen; fund allocations point at it by `fund_allocation.project_id`.
 */
@Entity('service_project')
@Index('idx_service_project_community', ['communityId', 'status'])
export class ServiceProject {
  @IdColumn()
  id: number;

  @RefColumn()
  communityId: number;

  @ForeignKey(() => ServiceNode, 'community_id', 'fk_service_project_community')
  community?: Relation<ServiceNode>;

  @Index('uq_service_project_resolution', { unique: true })
  @RefColumn({ nullable: true })
  resolutionId: number | null;

  @ForeignKey(() => ConsultResolution, 'resolution_id', 'fk_service_project_resolution')
  resolution?: Relation<ConsultResolution>;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  domain: ProjectDomain;

  @Column({ type: 'varchar', length: 1000 })
  summary: string;

  @Index('idx_service_project_org')
  @RefColumn()
  orgId: number;

  @ForeignKey(() => Organization, 'org_id', 'fk_service_project_org')
  org?: Relation<Organization>;

  @Index('idx_service_project_sw')
  @RefColumn()
  socialWorkerId: number;

  @ForeignKey(() => User, 'social_worker_id', 'fk_service_project_sw')
  socialWorker?: Relation<User>;

  @Column({ type: 'int' })
  budgetFen: number;

  @Column({ type: 'varchar', length: 10 })
  startsOn: string;

  @Column({ type: 'varchar', length: 10 })
  endsOn: string;

  @Column({ type: 'varchar', length: 12 })
  status: ProjectStatus;

  /** 服务人次: the sum of the progress updates' people served. */
  @Column({ type: 'int', default: 0 })
  peopleServed: number;

  @RefColumn({ nullable: true })
  signedOffBy: number | null;

  @ForeignKey(() => User, 'signed_off_by', 'fk_service_project_signed_off_by', 'SET NULL')
  signer?: Relation<User>;

  @TimeColumn({ nullable: true })
  signedOffAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  signOffComment: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  completionReport: string | null;

  @TimeColumn({ nullable: true })
  completedAt: Date | null;

  /** The evaluation's weighted score, 0–100. */
  @Column({ type: 'int', nullable: true })
  score: number | null;

  @RefColumn({ nullable: true })
  createdBy: number | null;

  @ForeignKey(() => User, 'created_by', 'fk_service_project_created_by', 'SET NULL')
  creator?: Relation<User>;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}

@Entity('project_need')
@Index('uq_project_need', ['projectId', 'needId'], { unique: true })
export class ProjectNeed {
  @IdColumn()
  id: number;

  @RefColumn()
  projectId: number;

  @ForeignKey(() => ServiceProject, 'project_id', 'fk_project_need_project', 'CASCADE')
  project?: Relation<ServiceProject>;

  @Index('idx_project_need_need')
  @RefColumn()
  needId: number;

  @ForeignKey(() => Need, 'need_id', 'fk_project_need_need', 'CASCADE')
  need?: Relation<Need>;

  @TimeColumn()
  createdAt: Date;
}

@Entity('project_milestone')
@Index('uq_project_milestone_sort', ['projectId', 'sort'], { unique: true })
export class ProjectMilestone {
  @IdColumn()
  id: number;

  @RefColumn()
  projectId: number;

  @ForeignKey(() => ServiceProject, 'project_id', 'fk_project_milestone_project', 'CASCADE')
  project?: Relation<ServiceProject>;

  @Column({ type: 'int' })
  sort: number;

  @Column({ type: 'varchar', length: 60 })
  title: string;

  @Column({ type: 'varchar', length: 10 })
  plannedOn: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  doneOn: string | null;

  /** Why the project will not reach this milestone, as the social worker accepted it (sign-off counts it as settled). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  waivedReason: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  waivedOn: string | null;

  @Column({ type: 'int', nullable: true })
  waivedBy: number | null;
}

/** A progress update posted by a member of the implementing organization. */
@Entity('project_progress')
@Index('idx_project_progress_project', ['projectId'])
export class ProjectProgress {
  @IdColumn()
  id: number;

  @RefColumn()
  projectId: number;

  @ForeignKey(() => ServiceProject, 'project_id', 'fk_project_progress_project', 'CASCADE')
  project?: Relation<ServiceProject>;

  @RefColumn({ nullable: true })
  milestoneId: number | null;

  @ForeignKey(() => ProjectMilestone, 'milestone_id', 'fk_project_progress_milestone', 'SET NULL')
  milestone?: Relation<ProjectMilestone>;

  @Column({ type: 'varchar', length: 1000 })
  text: string;

  @Column({ type: 'int', default: 0 })
  peopleServed: number;

  @Column({ type: 'boolean', default: false })
  milestoneDone: boolean;

  @RefColumn({ nullable: true })
  postedBy: number | null;

  @ForeignKey(() => User, 'posted_by', 'fk_project_progress_posted_by', 'SET NULL')
  poster?: Relation<User>;

  @TimeColumn()
  createdAt: Date;
}

/** A guidance or supervision record (督导记录) written by the project's social worker. */
@Entity('project_guidance')
@Index('idx_project_guidance_project', ['projectId'])
export class GuidanceRecord {
  @IdColumn()
  id: number;

  @RefColumn()
  projectId: number;

  @ForeignKey(() => ServiceProject, 'project_id', 'fk_project_guidance_project', 'CASCADE')
  project?: Relation<ServiceProject>;

  @RefColumn({ nullable: true })
  socialWorkerId: number | null;

  @ForeignKey(() => User, 'social_worker_id', 'fk_project_guidance_sw', 'SET NULL')
  socialWorker?: Relation<User>;

  @Column({ type: 'varchar', length: 10 })
  guidedOn: string;

  @Column({ type: 'varchar', length: 12 })
  form: GuidanceForm;

  @Column({ type: 'varchar', length: 1000 })
  content: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  issues: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  nextSteps: string;

  @TimeColumn()
  createdAt: Date;
}

/** A scorecard criterion (data: staff may change labels and weights; active weights add up to 100). */
@Entity('eval_criterion')
@Index('uq_eval_criterion_key', ['key', 'version'], { unique: true })
export class EvalCriterion {
  @IdColumn()
  id: number;

  @Column({ type: 'varchar', length: 24 })
  key: string;

  @Column({ type: 'varchar', length: 24 })
  label: string;

  @Column({ type: 'int' })
  weight: number;

  @Column({ type: 'int', default: 0 })
  sort: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** `scored`: typed by the evaluator; `residents`: computed from the residents' ratings, never typed. */
  @Column({ type: 'varchar', length: 16, default: 'scored' })
  source: CriterionSource;

  /** Rows are never edited: a revision deactivates the set and inserts version + 1. */
  @Column({ type: 'int', default: 1 })
  version: number;
}

/** One scored criterion as stored in an evaluation (label and weight frozen at the time). */
export interface CriterionScore {
  criterionId: number;
  key: string;
  label: string;
  weight: number;
  /** null: a residents' criterion with no rating yet (无数据), left out of the weighted total. */
  score: number | null;
  /** Absent in evaluations stored before criteria had a source: typed. */
  source?: CriterionSource;
  /** Residents' criteria: how many ratings the score was computed from. */
  ratings?: number;
}

/** The evaluation (评估) of a completed project: one per project. */
@Entity('project_evaluation')
@Index('uq_project_evaluation_project', ['projectId'], { unique: true })
export class ProjectEvaluation {
  @IdColumn()
  id: number;

  @RefColumn()
  projectId: number;

  @ForeignKey(() => ServiceProject, 'project_id', 'fk_project_evaluation_project', 'CASCADE')
  project?: Relation<ServiceProject>;

  @RefColumn({ nullable: true })
  evaluatorId: number | null;

  @ForeignKey(() => User, 'evaluator_id', 'fk_project_evaluation_evaluator', 'SET NULL')
  evaluator?: Relation<User>;

  /** JSON of CriterionScore[]. */
  @Column({ type: 'text' })
  scores: string;

  @Column({ type: 'int' })
  totalScore: number;

  /** The residents' average rating of the linked needs at evaluation time, ×100 (integer on both databases). */
  @Column({ type: 'int', nullable: true })
  residentRatingX100: number | null;

  @Column({ type: 'int', default: 0 })
  residentRatingCount: number;

  @Column({ type: 'varchar', length: 1000 })
  comment: string;

  /** The criteria version it was scored against (null: evaluated before versions). */
  @Column({ type: 'int', nullable: true })
  criteriaVersion: number | null;

  @TimeColumn()
  createdAt: Date;
}
