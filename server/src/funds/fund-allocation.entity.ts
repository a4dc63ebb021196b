import { Column, Entity, Index, type Relation } from 'typeorm';
import { ForeignKey, IdColumn, RefColumn, TimeColumn } from '../database/columns';
import { ServiceNode } from '../tree/service-node.entity';
import { User } from '../users/user.entity';
import type { AllocationStatus } from '../contract/funds';
import { Fund } from './fund.entity';

/**
 * A proposed spending (资金支出) from a fund: to a purpose, optionally for a need or a service
 * project, or as a grant from a street's fund to one of its communities (`grantToNodeId`).
 * Proposed by one person, approved by another; above FUND_STREET_APPROVAL_FEN also by a
 * street-level staff/admin; it posts to the ledger only if the balance covers it.
 */
@Entity('fund_allocation')
@Index('idx_fund_allocation_fund_status', ['fundId', 'status'])
export class FundAllocation {
  @IdColumn()
  id: number;

  @RefColumn()
  fundId: number;

  @ForeignKey(() => Fund, 'fund_id', 'fk_fund_allocation_fund')
  fund?: Relation<Fund>;

  /** Fen, positive. */
  @Column({ type: 'int' })
  amount: number;

  @Column({ type: 'varchar', length: 200 })
  purpose: string;

  @RefColumn({ nullable: true })
  needId: number | null;

  /** A service project (service_project.id; checked when proposed, no foreign key so the charity schema stands alone). */
  @RefColumn({ nullable: true })
  projectId: number | null;

  @RefColumn({ nullable: true })
  grantToNodeId: number | null;

  @ForeignKey(() => ServiceNode, 'grant_to_node_id', 'fk_fund_allocation_grant_node')
  grantToNode?: Relation<ServiceNode>;

  @Column({ type: 'varchar', length: 200, nullable: true })
  invoiceRef: string | null;

  @RefColumn({ nullable: true })
  invoiceUploadId: number | null;

  @Column({ type: 'varchar', length: 16 })
  status: AllocationStatus;

  @Column({ type: 'boolean', default: false })
  needsStreetApproval: boolean;

  @RefColumn({ nullable: true })
  proposedBy: number | null;

  @ForeignKey(() => User, 'proposed_by', 'fk_fund_allocation_proposed_by', 'SET NULL')
  proposer?: Relation<User>;

  @RefColumn({ nullable: true })
  approvedBy: number | null;

  @ForeignKey(() => User, 'approved_by', 'fk_fund_allocation_approved_by', 'SET NULL')
  approver?: Relation<User>;

  @TimeColumn({ nullable: true })
  approvedAt: Date | null;

  @RefColumn({ nullable: true })
  streetApprovedBy: number | null;

  @ForeignKey(() => User, 'street_approved_by', 'fk_fund_allocation_street_by', 'SET NULL')
  streetApprover?: Relation<User>;

  @TimeColumn({ nullable: true })
  streetApprovedAt: Date | null;

  @TimeColumn({ nullable: true })
  postedAt: Date | null;

  @RefColumn({ nullable: true })
  rejectedBy: number | null;

  @ForeignKey(() => User, 'rejected_by', 'fk_fund_allocation_rejected_by', 'SET NULL')
  rejecter?: Relation<User>;

  @TimeColumn({ nullable: true })
  rejectedAt: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  rejectReason: string | null;

  @TimeColumn()
  createdAt: Date;

  @TimeColumn()
  updatedAt: Date;
}

