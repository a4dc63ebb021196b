import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';
import { ConsultOption, ConsultTopic } from './topic.entity';
import type { ResolutionOutcome } from '../contract/consultation';

/** A resident's online vote: one row per (topic, user), changed in place until the window closes. */
@Entity('consult_vote')
@Index('uq_consult_vote', ['topicId', 'userId'], { unique: true })
export class ConsultVote {
  @IdColumn()
  id: number;

  @RefColumn()
  topicId: number;

  @ForeignKey(() => ConsultTopic, 'topic_id', 'fk_consult_vote_topic', 'CASCADE')
  topic?: Relation<ConsultTopic>;

  @Index('idx_consult_vote_option')
  @RefColumn()
  optionId: number;

  @ForeignKey(() => ConsultOption, 'option_id', 'fk_consult_vote_option', 'CASCADE')
  option?: Relation<ConsultOption>;

  @Index('idx_consult_vote_user')
  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_consult_vote_user', 'CASCADE')
  user?: Relation<User>;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}

/** The published resolution (议定事项) of a topic: one per topic. */
@Entity('consult_resolution')
@Index('uq_consult_resolution_topic', ['topicId'], { unique: true })
export class ConsultResolution {
  @IdColumn()
  id: number;

  @RefColumn()
  topicId: number;

  @ForeignKey(() => ConsultTopic, 'topic_id', 'fk_consult_resolution_topic', 'CASCADE')
  topic?: Relation<ConsultTopic>;

  @Column({ type: 'varchar', length: 2000 })
  text: string;

  @Column({ type: 'varchar', length: 12 })
  outcome: ResolutionOutcome;

  @RefColumn({ nullable: true })
  adoptedOptionId: number | null;

  @ForeignKey(() => ConsultOption, 'adopted_option_id', 'fk_consult_resolution_option', 'SET NULL')
  adoptedOption?: Relation<ConsultOption>;

  /** JSON of ResolutionFigures (contract/consultation.ts). */
  @Column({ type: 'text' })
  figures: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  closeReason: string | null;

  @RefColumn({ nullable: true })
  publishedBy: number | null;

  @ForeignKey(() => User, 'published_by', 'fk_consult_resolution_published_by', 'SET NULL')
  publisher?: Relation<User>;

  @TimeColumn()
  publishedAt: Date;
}
