import { conflict } from '../common/errors';
import { WISH_STATUS_LABEL, type WishStatus } from '../contract/wishes';

/**
 * A wish's status machine as data. WishWorkflow applies each move with a conditional UPDATE
 * (… WHERE id = ? AND status = <from>), so of two people racing only one wins.
 */
export type WishActor = 'claimer' | 'staff' | 'system';

export interface WishTransition {
  from: WishStatus;
  to: WishStatus;
  action: string;
  label: string;
  by: WishActor;
}

export const WISH_TRANSITIONS: readonly WishTransition[] = [
  { from: 'open', to: 'claimed', action: 'wish.claim', label: '认领心愿', by: 'claimer' },
  { from: 'claimed', to: 'open', action: 'wish.claim_withdraw', label: '认领人撤回认领', by: 'claimer' },
  { from: 'claimed', to: 'open', action: 'wish.claim_release', label: '认领超时，心愿重新开放认领', by: 'system' },
  { from: 'claimed', to: 'delivered', action: 'wish.deliver', label: '心愿物品已送达', by: 'staff' },
  { from: 'delivered', to: 'completed', action: 'wish.complete', label: '受助人致谢，心愿完成', by: 'staff' },
  { from: 'open', to: 'withdrawn', action: 'wish.withdraw', label: '心愿下架', by: 'staff' },
];

/** Timeline labels, for status moves and for the other wish events. */
export const WISH_EVENT_LABEL: Record<string, string> = {
  'wish.publish': '发布心愿',
  'wish.photo': '送达照片公开设置',
  'wish.photo_add': '补充送达照片',
  ...Object.fromEntries(WISH_TRANSITIONS.map((t) => [t.action, t.label])),
};

/** The rule for a move, or 409 naming the current status. */
export function assertWishMove(from: WishStatus, action: string): WishTransition {
  const rule = WISH_TRANSITIONS.find((t) => t.from === from && t.action === action);
  if (!rule) {
    const wanted = WISH_TRANSITIONS.find((t) => t.action === action)?.label ?? '进行此操作';
    throw conflict(`该心愿当前状态为“${WISH_STATUS_LABEL[from]}”，不能${wanted}`);
  }
  return rule;
}
