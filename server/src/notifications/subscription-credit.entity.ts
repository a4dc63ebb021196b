import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';

/**
 * One-time subscribe-message grants (wx.requestSubscribeMessage): each acceptance adds one to
 * `available`; each queued message spends one. WeChat delivers one message per acceptance.
 */
@Entity('subscription_credit')
@Index('uq_subscription_credit', ['userId', 'templateKey'], { unique: true })
export class SubscriptionCredit {
  @IdColumn()
  id: number;

  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_subscription_credit_user', 'CASCADE')
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 32 })
  templateKey: string;

  @Column({ type: 'int', default: 0 })
  available: number;

  @TimeColumn()
  updatedAt: Date;
}
