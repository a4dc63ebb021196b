import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';
import { FundAllocation } from './fund-allocation.entity';
import { Fund } from './fund.entity';
import type { DonorKind, EntryKind, Flow } from '../contract/funds';

/**
 * One line of a fund's ledger. Immutable: never updated or deleted. A correction is a new
 * `reversal` entry of the opposite amount that references the original (`reversesEntryId`,
 * unique: an entry can be reversed once) and keeps the original's `flow`, so monthly income and
 * spending net out. `amount` is signed fen: positive adds to the balance, negative takes from it.
 * Receipt references and the recorder are private (staff views only).
 */
@Entity('fund_entry')
@Index('idx_fund_entry_fund_date', ['fundId', 'occurredOn'])
export class FundEntry {
  @IdColumn()
  id: number;

  @RefColumn()
  fundId: number;

  @ForeignKey(() => Fund, 'fund_id', 'fk_fund_entry_fund')
  fund?: Relation<Fund>;

  @Column({ type: 'varchar', length: 3 })
  flow: Flow;

  @Column({ type: 'varchar', length: 16 })
  kind: EntryKind;

  @Column({ type: 'int' })
  amount: number;

  /** Beijing-time date, YYYY-MM-DD: when the money came in or went out. */
  @Column({ type: 'varchar', length: 10 })
  occurredOn: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  donorName: string | null;

  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  @Column({ type: 'varchar', length: 16, nullable: true })
  donorKind: DonorKind | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  channel: string | null;

  /** Private: the receipt photo (an upload id). */
  @RefColumn({ nullable: true })
  receiptUploadId: number | null;

  /** Private: a receipt / invoice number or file reference. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  receiptRef: string | null;

  /** Public description: the purpose of a spending, the source of a grant. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  /** The allocation that posted this entry; both sides of a grant carry the street's allocation. */
  @Index('idx_fund_entry_allocation')
  @RefColumn({ nullable: true })
  allocationId: number | null;

  @ForeignKey(() => FundAllocation, 'allocation_id', 'fk_fund_entry_allocation')
  allocation?: Relation<FundAllocation>;

  /** For grants: the other fund's node (the community granted to, or the granting street). */
  @RefColumn({ nullable: true })
  counterpartNodeId: number | null;

  @ForeignKey(() => ServiceNode, 'counterpart_node_id', 'fk_fund_entry_counterpart_node')
  counterpartNode?: Relation<ServiceNode>;

  @Index('uq_fund_entry_reverses', { unique: true })
  @RefColumn({ nullable: true })
  reversesEntryId: number | null;

  @ForeignKey(() => FundEntry, 'reverses_entry_id', 'fk_fund_entry_reverses')
  reverses?: Relation<FundEntry>;

  /** Why a reversal was made (public). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reason: string | null;

  @RefColumn({ nullable: true })
  recordedBy: number | null;

  @ForeignKey(() => User, 'recorded_by', 'fk_fund_entry_recorded_by', 'SET NULL')
  recorder?: Relation<User>;

  @TimeColumn()
  createdAt: Date;
}
