import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { Need } from './need.entity';

/** yellow: past the response limit (the community's staff are told); red: past twice it (the street's). */
export type EscalationLevel = 'yellow' | 'red';

/**
 * An escalation sent for a need: the unique key (need, level) makes each notice go out once,
 * however often and from however many processes the sweep runs.
 */
@Entity('need_escalation')
@Index('uq_need_escalation', ['needId', 'level'], { unique: true })
export class NeedEscalation {
  @IdColumn()
  id: number;

  @RefColumn()
  needId: number;

  @ForeignKey(() => Need, 'need_id', 'fk_need_escalation_need', 'CASCADE')
  need?: Relation<Need>;

  @Column({ type: 'varchar', length: 8 })
  level: EscalationLevel;

  @TimeColumn()
  createdAt: Date;
}
