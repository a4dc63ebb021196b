import { conflict } from '../common/errors';

/**
 * An allocation's status machine as data. `approved` and `street_approved` are steps on the
 * way to `posted`: an approval that completes the required approvals posts in the same
 * transaction, and if the balance does not cover it the whole step rolls back (the allocation
 * stays where it was and the approver gets 409).
 */
export const ALLOCATION_STATUSES = ['proposed', 'approved', 'street_approved', 'posted', 'rejected', 'reversed'] as const;
export type AllocationStatus = (typeof ALLOCATION_STATUSES)[number];

export const ALLOCATION_STATUS_LABEL: Record<AllocationStatus, string> = {
  proposed: '待审批',
  approved: '待街道审批',
  street_approved: '街道已审批',
  posted: '已支出',
  rejected: '未通过',
  reversed: '已冲正',
};

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
