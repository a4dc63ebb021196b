/**
 * 长辈模式: larger text (≥ 20 px) and tap targets (≥ 48 px), higher contrast, simpler lists.
 * A setting kept on the phone (Taro storage) that every page reads through `pageClass()` on its
 * root (`.page.elder` in app.scss and the generated elder.generated.scss). Switching it reopens
 * the app at the page where it was switched, so every page is drawn again in the new size.
 */
import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';

const KEY = 'elder-mode';
/** Set once the first-launch offer was answered (either way): it is not offered again. */
const OFFERED_KEY = 'elder-offered';

function read(key: string): boolean {
  try {
    return Taro.getStorageSync(key) === true || Taro.getStorageSync(key) === 'true';
  } catch {
    return false;
  }
}

let on = read(KEY);
const listeners = new Set<() => void>();

export function isElder(): boolean {
  return on;
}

/** A page root's class: `page x`, plus `elder` in 长辈模式. */
export function pageClass(className: string): string {
  return on ? `${className} elder` : className;
}

/** Turn it on or off (kept on the phone); `reopen` reloads the app at `reopen` so open pages redraw. */
export function setElder(next: boolean, reopen?: string): void {
  on = next;
  try {
    Taro.setStorageSync(KEY, next);
    Taro.setStorageSync(OFFERED_KEY, true);
  } catch {
    // Kept for this session at least.
  }
  applyDocumentClass();
  listeners.forEach((l) => l());
  if (reopen) void Promise.resolve(Taro.reLaunch({ url: reopen })).catch(() => undefined);
}

/** Whether the first-launch offer should still be shown. */
export function elderOfferPending(): boolean {
  return !on && !read(OFFERED_KEY);
}

export function dismissElderOffer(): void {
  try {
    Taro.setStorageSync(OFFERED_KEY, true);
  } catch {
    // Shown again next time: harmless.
  }
  listeners.forEach((l) => l());
}

/** Re-renders when the setting (or the offer) changes. */
export function useElder(): { elder: boolean; offer: boolean } {
  const elder = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => on,
    () => on,
  );
  return { elder, offer: elderOfferPending() };
}

/** H5: the class on <html> too, for what lies outside the pages (the tab bar). */
export function applyDocumentClass(): void {
  if (typeof document === 'undefined' || !document.documentElement?.classList) return;
  document.documentElement.classList.toggle('elder-mode', on);
}
