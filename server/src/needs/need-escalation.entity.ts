import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Need } from './need.entity';

/** yellow: past the limit (the community's staff are told); red: past twice it (the street's). */
export type EscalationLevel = 'yellow' | 'red';

/** response: waiting to be accepted since the report; progress: no step on the timeline since the last one. */
export type EscalationClock = 'response' | 'progress';

/**
 * An escalation sent for a need: the unique key (need, clock, clock start, level) makes each
 * notice go out once, however often and from however many processes the sweep runs; a need that
 * stalls again after a new step starts a new progress clock and is noticed again.
 */
@Entity('need_escalation')
@Index('uq_need_escalation', ['needId', 'clock', 'clockAt', 'level'], { unique: true })
export class NeedEscalation {
  @IdColumn()
  id: number;

  @RefColumn()
  needId: number;

  @ForeignKey(() => Need, 'need_id', 'fk_need_escalation_need', 'CASCADE')
  need?: Relation<Need>;

  @Column({ type: 'varchar', length: 8 })
  level: EscalationLevel;

  @Column({ type: 'varchar', length: 8, default: 'response' })
  clock: EscalationClock;

  /** When the clock started: the report (response), the last step (progress). */
  @TimeColumn()
  clockAt: Date;

  @TimeColumn()
  createdAt: Date;
}
