import Taro from '@tarojs/taro';
import { needPage } from '@contract/needs';

/** The tab pages: the roots the H5 back bar does not show on. */
export const TAB_ROOTS = ['/pages/index/index', '/pages/needs/index', '/pages/volunteer/index', '/pages/me/index'];

/**
 * Back to the page that opened this one; when there is none (the page was opened from a shared
 * link, or the H5 browser reloaded it), to `fallback`, so a back control never does nothing.
 */
export function goBack(fallback = '/pages/index/index'): void {
  if (Taro.getCurrentPages().length > 1) {
    void Taro.navigateBack().catch(() => Taro.reLaunch({ url: fallback }));
    return;
  }
  void (TAB_ROOTS.includes(fallback.split('?')[0]) ? Taro.switchTab({ url: fallback }) : Taro.reLaunch({ url: fallback }));
}

/** Where to navigate for a need's page (the contract's `needPage`, the one place the address is written). */
export const needPageUrl = (id: number | string) => `/${needPage(id)}`;

/** 社区公示 (public, the board subpackage), on a community when one is known. */
export const boardPageUrl = (communityId?: number | string | null) =>
  communityId ? `/board/pages/index/index?communityId=${encodeURIComponent(String(communityId))}` : '/board/pages/index/index';

/**
 * A page of this app to return to (never another site): '/charity/pages/wish/index?id=3'. Here,
 * not in the login page: a Taro page module exports only its page, so another page importing
 * anything else from it got undefined in the build.
 */
export function safeRedirect(value: string | undefined): string | null {
  if (!value) return null;
  let url = value;
  try {
    url = decodeURIComponent(value);
  } catch {
    return null;
  }
  return /^\/[a-z]+\/pages\/[a-z-]+\/index(\?[^#]*)?$/.test(url) || /^\/pages\/[a-z-]+(\/[a-z-]+)?\/index(\?[^#]*)?$/.test(url) ? url : null;
}
