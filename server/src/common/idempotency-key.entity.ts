import { Column, Entity, Index } from 'typeorm';
import { IdColumn, RefColumn, TimeColumn } from '../database/columns';

/** pending: the first request is still running; done: its 2xx answer is stored for repeats. */
export type IdempotencyState = 'pending' | 'done';

/**
 * One `Idempotency-Key` a user sent with a POST: the unique (user, key) lets exactly one request
 * run; a repeat within IDEMPOTENCY_TTL_MS gets the stored answer instead of creating again.
 * No foreign key to app_user: the platform folder never imports a domain, and rows live a day.
 */
@Entity('idempotency_key')
@Index('uq_idempotency_key', ['userId', 'key'], { unique: true })
@Index('idx_idempotency_created', ['createdAt'])
export class IdempotencyKey {
  @IdColumn()
  id: number;

  @RefColumn()
  userId: number;

  @Column({ type: 'varchar', length: 64 })
  key: string;

  /** `POST /api/needs`: the same key on another route is refused. */
  @Column({ type: 'varchar', length: 300 })
  request: string;

  /** sha256 of the JSON body: the same key with another body is refused. */
  @Column({ type: 'varchar', length: 64 })
  bodyHash: string;

  @Column({ type: 'varchar', length: 8 })
  state: IdempotencyState;

  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  /** The handler's answer (before the `{ data }` envelope), as JSON. */
  @Column({ type: 'text', nullable: true })
  response: string | null;

  /** The random mark of the batch that inserted the row: which keys a batch won (#15). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  claim: string | null;

  @TimeColumn()
  createdAt: Date;
}
