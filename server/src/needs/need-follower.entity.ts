import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';
import { Need } from './need.entity';

/** me_too: pressed "我也遇到了"; merged: reported a need that was merged into this one. */
export type FollowKind = 'me_too' | 'merged';

/** A person who follows a need they did not report: sees its timeline, gets its notifications. */
@Entity('need_follower')
@Index('uq_need_follower', ['needId', 'userId'], { unique: true })
export class NeedFollower {
  @IdColumn()
  id: number;

  @RefColumn()
  needId: number;

  @ForeignKey(() => Need, 'need_id', 'fk_need_follower_need', 'CASCADE')
  need?: Relation<Need>;

  @Index('idx_need_follower_user')
  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_need_follower_user', 'CASCADE')
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 12 })
  kind: FollowKind;

  @TimeColumn()
  createdAt: Date;
}
