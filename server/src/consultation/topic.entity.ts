import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Need } from '../needs/need.entity';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';
import type { TopicStatus } from '../contract/consultation';

/** A consultation topic (议题) of one community, opened by staff from needs or on their own initiative. */
@Entity('consult_topic')
@Index('idx_consult_topic_community', ['communityId', 'status'])
export class ConsultTopic {
  @IdColumn()
  id: number;

  @RefColumn()
  communityId: number;

  @ForeignKey(() => ServiceNode, 'community_id', 'fk_consult_topic_community')
  community?: Relation<ServiceNode>;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ type: 'varchar', length: 12 })
  status: TopicStatus;

  @TimeColumn()
  voteStartsAt: Date;

  @TimeColumn()
  voteEndsAt: Date;

  @RefColumn({ nullable: true })
  createdBy: number | null;

  @ForeignKey(() => User, 'created_by', 'fk_consult_topic_created_by', 'SET NULL')
  creator?: Relation<User>;

  @TimeColumn({ nullable: true })
  resolvedAt: Date | null;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}

/** One choice of a topic; `offlineVotes` are the hand-counted votes staff entered after the meeting. */
@Entity('consult_option')
@Index('uq_consult_option_sort', ['topicId', 'sort'], { unique: true })
export class ConsultOption {
  @IdColumn()
  id: number;

  @RefColumn()
  topicId: number;

  @ForeignKey(() => ConsultTopic, 'topic_id', 'fk_consult_option_topic', 'CASCADE')
  topic?: Relation<ConsultTopic>;

  @Column({ type: 'int' })
  sort: number;

  @Column({ type: 'varchar', length: 60 })
  label: string;

  @Column({ type: 'int', default: 0 })
  offlineVotes: number;
}

/** A need brought to a topic. */
@Entity('consult_topic_need')
@Index('uq_consult_topic_need', ['topicId', 'needId'], { unique: true })
export class ConsultTopicNeed {
  @IdColumn()
  id: number;

  @RefColumn()
  topicId: number;

  @ForeignKey(() => ConsultTopic, 'topic_id', 'fk_consult_topic_need_topic', 'CASCADE')
  topic?: Relation<ConsultTopic>;

  @Index('idx_consult_topic_need_need')
  @RefColumn()
  needId: number;

  @ForeignKey(() => Need, 'need_id', 'fk_consult_topic_need_need', 'CASCADE')
  need?: Relation<Need>;

  @TimeColumn()
  createdAt: Date;
}
