import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';

/** One message in a person's in-app inbox (站内信). Always written, whatever WeChat does. */
@Entity('inbox_message')
@Index('idx_inbox_user_read', ['userId', 'readAt'])
export class InboxMessage {
  @IdColumn()
  id: number;

  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_inbox_user', 'CASCADE')
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'varchar', length: 200 })
  body: string;

  /** Mini-program page to open, e.g. `resident/pages/need/index?id=12`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  page: string | null;

  @TimeColumn({ nullable: true })
  readAt: Date | null;

  @TimeColumn()
  createdAt: Date;
}
