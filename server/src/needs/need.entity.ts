import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';
import { NeedCategory } from './need-category.entity';
import type { NeedLocationKind, NeedStatus, Urgency } from '../contract/needs';

/** Where the need is: the reporter's residence, a map pin, or nowhere in particular. */
export type LocationKind = NeedLocationKind;

/**
 * A resident's need (居民需求), the spine of the closed loop. `status` moves only through
 * NeedWorkflow.transition (need-status.ts holds the table). Personal data: the reporter is a
 * user id (never shown publicly); a need entered on behalf of an offline resident (代报) keeps
 * that resident's name and phone encrypted; building/unit/pin/address are never public.
 */
@Entity('need')
@Index('idx_need_community_status', ['communityId', 'status', 'urgency', 'createdAt'])
@Index('idx_need_status_due', ['status', 'feedbackDueAt'])
// Covers the statistics' aggregate (migration 1764800000000, NEED_STATS_COLUMNS).
@Index('idx_need_stats', ['communityId', 'createdAt', 'status', 'categoryId', 'urgency', 'acceptedAt', 'closedAt', 'doneAt', 'reopenCount', 'rating', 'proxy', 'ratedBy', 'handlerId'])
@Index('idx_need_community_done', ['communityId', 'doneAt'])
export class Need {
  @IdColumn()
  id: number;

  @RefColumn()
  communityId: number;

  @ForeignKey(() => ServiceNode, 'community_id', 'fk_need_community')
  community?: Relation<ServiceNode>;

  @RefColumn()
  categoryId: number;

  @ForeignKey(() => NeedCategory, 'category_id', 'fk_need_category')
  category?: Relation<NeedCategory>;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ type: 'varchar', length: 24 })
  status: NeedStatus;

  @Column({ type: 'varchar', length: 12 })
  urgency: Urgency;

  /** Set by staff in triage: 0 normal … 3 highest. */
  @Column({ type: 'int', default: 0 })
  priority: number;

  @Column({ type: 'boolean' })
  isPublic: boolean;

  /** The resident who reported it; null for a need entered on behalf of someone without an account. */
  @Index('idx_need_reporter')
  @RefColumn({ nullable: true })
  reporterId: number | null;

  @ForeignKey(() => User, 'reporter_id', 'fk_need_reporter', 'SET NULL')
  reporter?: Relation<User>;

  /** Who typed it in: the reporter, or the staff member for a 代报. */
  @RefColumn({ nullable: true })
  enteredBy: number | null;

  @ForeignKey(() => User, 'entered_by', 'fk_need_entered_by', 'SET NULL')
  enterer?: Relation<User>;

  @Column({ type: 'boolean', default: false })
  proxy: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true })
  proxyNameEnc: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  proxyPhoneEnc: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  proxyPhoneMasked: string | null;

  @Column({ type: 'varchar', length: 12 })
  locationKind: LocationKind;

  @Column({ type: 'varchar', length: 16, nullable: true })
  building: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  unit: string | null;

  /** Map pin in micro-degrees (integers behave the same on both databases). */
  @Column({ type: 'int', nullable: true })
  latE6: number | null;

  @Column({ type: 'int', nullable: true })
  lngE6: number | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  address: string | null;

  @RefColumn({ nullable: true })
  handlerId: number | null;

  @ForeignKey(() => User, 'handler_id', 'fk_need_handler', 'SET NULL')
  handler?: Relation<User>;

  @RefColumn({ nullable: true })
  mergedIntoId: number | null;

  @ForeignKey(() => Need, 'merged_into_id', 'fk_need_merged_into')
  mergedInto?: Relation<Need>;

  /** People who pressed "我也遇到了" plus reporters of needs merged into this one. */
  @Column({ type: 'int', default: 0 })
  meTooCount: number;

  @Column({ type: 'int', default: 0 })
  reopenCount: number;

  @Column({ type: 'int', nullable: true })
  rating: number | null;

  /** Who recorded the rating: the reporter, or for a 代报 need the staff member who made the 回访 call. */
  @RefColumn({ nullable: true })
  ratedBy: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  ratingComment: string | null;

  /** The reason of the latest rejection, reopening or closure (what the resident sees). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastReason: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  referredTo: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  doneNote: string | null;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;

  @TimeColumn({ nullable: true })
  acceptedAt: Date | null;

  @TimeColumn({ nullable: true })
  doneAt: Date | null;

  @TimeColumn({ nullable: true })
  feedbackDueAt: Date | null;

  /** The feedback deadline the "please rate" reminder went out for (one reminder per deadline). */
  @TimeColumn({ nullable: true })
  feedbackRemindedFor: Date | null;

  @TimeColumn({ nullable: true })
  closedAt: Date | null;
}
