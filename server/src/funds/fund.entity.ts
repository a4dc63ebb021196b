import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';

/**
 * A community's (or street's) fund (社区基金). `balance` is always the sum of its ledger
 * (fund_entry.amount), kept in the same transaction as each entry; it only ever decreases
 * through a conditional UPDATE (… AND balance >= amount), so it is never negative.
 */
@Entity('fund')
export class Fund {
  @IdColumn()
  id: number;

  @Index('uq_fund_node', { unique: true })
  @RefColumn()
  nodeId: number;

  @ForeignKey(() => ServiceNode, 'node_id', 'fk_fund_node')
  node?: Relation<ServiceNode>;

  /** Fen (分). */
  @Column({ type: 'int', default: 0 })
  balance: number;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}
