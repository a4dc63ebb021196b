import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { User } from '../users/user.entity';

export type OutboxStatus = 'queued' | 'sent' | 'failed';

/**
 * A subscribe message waiting to be sent. Queued in the transaction of the change it reports;
 * sent later by OutboxDispatcher outside any transaction, retried with backoff.
 */
@Entity('outbox_message')
@Index('idx_outbox_due', ['status', 'nextAttemptAt'])
export class OutboxMessage {
  @IdColumn()
  id: number;

  @RefColumn()
  userId: number;

  @ForeignKey(() => User, 'user_id', 'fk_outbox_user', 'CASCADE')
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 32 })
  templateKey: string;

  @Column({ type: 'varchar', length: 64 })
  templateId: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  page: string | null;

  /** JSON of the template data: `{ thing1: { value } … }`. */
  @Column({ type: 'text' })
  data: string;

  @Column({ type: 'varchar', length: 12 })
  status: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @TimeColumn()
  nextAttemptAt: Date;

  @Column({ type: 'varchar', length: 200, nullable: true })
  lastError: string | null;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn({ nullable: true })
  sentAt: Date | null;
}
