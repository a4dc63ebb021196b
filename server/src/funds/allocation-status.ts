import { conflict } from '../common/errors';
import { ALLOCATION_STATUS_LABEL, type AllocationStatus } from '../contract/funds';

/**
 * An allocation's status machine as data (statuses and labels: contract/funds.ts). An approval
 * that completes the required approvals posts in the same transaction, and if the balance does
 * not cover it the whole step rolls back (the allocation stays where it was; the approver gets 409).
 */
export interface AllocationTransition {
  from: AllocationStatus;
  to: AllocationStatus;
  /** The audit action written for the move. */
  action: string;
  label: string;
}

export const ALLOCATION_TRANSITIONS: readonly AllocationTransition[] = [
  { from: 'proposed', to: 'approved', action: 'fund.allocation.approve', label: '审批通过' },
  { from: 'approved', to: 'street_approved', action: 'fund.allocation.street_approve', label: '街道审批通过' },
  { from: 'approved', to: 'posted', action: 'fund.allocation.post', label: '入账支出' },
  { from: 'street_approved', to: 'posted', action: 'fund.allocation.post', label: '入账支出' },
  { from: 'proposed', to: 'rejected', action: 'fund.allocation.reject', label: '驳回' },
  { from: 'approved', to: 'rejected', action: 'fund.allocation.reject', label: '驳回' },
  { from: 'posted', to: 'reversed', action: 'fund.allocation.reverse', label: '冲正' },
];

/** The rule for a move, or 409 with the current status named. */
export function assertAllocationMove(from: AllocationStatus, to: AllocationStatus): AllocationTransition {
  const rule = ALLOCATION_TRANSITIONS.find((t) => t.from === from && t.to === to);
  if (!rule) {
    throw conflict(`该笔支出当前状态为“${ALLOCATION_STATUS_LABEL[from]}”，不能${ALLOCATION_STATUS_LABEL[to] === '已支出' ? '入账' : `改为“${ALLOCATION_STATUS_LABEL[to]}”`}`);
  }
  return rule;
}
