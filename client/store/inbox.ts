/**
 * The unread message count, shared by the 我的 tab badge, the 我的 entry and the inbox page.
 * Tab pages refresh it when they show; reading messages sets it from the server's answer.
 */
import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';
import { api } from '../services/api';

/** Index of 我的 in app.config.ts tabBar.list. */
export const ME_TAB_INDEX = 3;

let unread = 0;
const listeners = new Set<() => void>();

export function getUnread(): number {
  return unread;
}

export function setUnread(n: number): void {
  unread = n;
  listeners.forEach((l) => l());
  // Fails off tab pages on some clients and before the tab bar exists on H5: nothing to do then.
  const badge = n > 0 ? Taro.setTabBarBadge({ index: ME_TAB_INDEX, text: n > 99 ? '99+' : String(n) }) : Taro.removeTabBarBadge({ index: ME_TAB_INDEX });
  void Promise.resolve(badge).catch(() => undefined);
}

export async function refreshUnread(): Promise<void> {
  try {
    setUnread((await api.unreadCount()).unread);
  } catch {
    // Not logged in yet, or offline: keep what we had.
  }
}

export function useUnread(): number {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => unread,
    () => unread,
  );
}
