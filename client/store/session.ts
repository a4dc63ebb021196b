/**
 * Who is logged in, shared by every page. Pages read it with useSession() and call
 * ensureSession() when they show; useSessionGate() sends people where they need to go first
 * (the H5 login page, or the community picker for a new resident).
 */
import Taro from '@tarojs/taro';
import { useEffect, useSyncExternalStore } from 'react';
import { ApiError, LOGIN_REQUIRED, api, onLogin } from '../services/api';
import type { MeView } from '@contract/users';

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'needs-login' | 'error';
export interface SessionState {
  status: SessionStatus;
  me: MeView | null;
  error: string | null;
}

let state: SessionState = { status: 'idle', me: null, error: null };
const listeners = new Set<() => void>();
let inFlight: Promise<void> | null = null;
let communityPrompted = false;
let loginPrompted = false;

function set(next: Partial<SessionState>): void {
  state = { ...state, ...next };
  listeners.forEach((l) => l());
}

export function getSession(): SessionState {
  return state;
}

export function setMe(me: MeView | null): void {
  set({ me, status: me ? 'ready' : 'idle', error: null });
}

onLogin((result) => {
  loginPrompted = false;
  setMe(result.me);
});

/** Load `me` (logging in if needed) unless it is already loaded. */
export function ensureSession(force = false): Promise<void> {
  if (!force && state.status === 'ready') return Promise.resolve();
  if (!inFlight) {
    if (state.status !== 'ready') set({ status: 'loading' });
    inFlight = api
      .me()
      .then((me) => setMe(me))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.code === LOGIN_REQUIRED) set({ status: 'needs-login', me: null, error: null });
        else set({ status: 'error', error: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => {
        inFlight = null;
      });
  }
  return inFlight;
}

export function resetSession(): void {
  communityPrompted = false;
  loginPrompted = false;
  set({ status: 'idle', me: null, error: null });
}

export function useSession(): SessionState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
    () => state,
  );
}

/** A new resident (no residence, no workbench role) picks a community first. */
export function needsCommunity(me: MeView | null): boolean {
  return !!me && !me.residence && !me.workbench;
}

/** The page the user is on, as a URL to come back to (path and query). */
export function currentPageUrl(): string {
  const router = Taro.getCurrentInstance().router;
  const path = (router?.path ?? '/pages/index/index').split('?')[0];
  const params = Object.entries(router?.params ?? {}).filter(([k, v]) => v != null && v !== '' && !k.startsWith('$') && k !== 'stamp');
  const qs = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  return `${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`;
}

/** The login page, told where to return afterwards (a shared link lands where it points). */
export function loginUrl(back: string = currentPageUrl()): string {
  return back.startsWith('/pages/index/index') || back.startsWith('/pages/login/') ? '/pages/login/index' : `/pages/login/index?redirect=${encodeURIComponent(back)}`;
}

/**
 * For an action on a public page: true when someone is logged in; otherwise sends the visitor
 * to login (returning here afterwards) and answers false. In WeChat the login is silent, so
 * this only ever stops an H5 visitor who has not chosen an account.
 */
export function requireLogin(): boolean {
  if (state.status === 'ready') return true;
  if (state.status === 'needs-login') void Taro.navigateTo({ url: loginUrl() });
  return false;
}

/**
 * The session is known — logged in, known to be nobody, or failed to load (the page's own
 * request will say why) — so a public page may load now.
 */
export const sessionSettled = (status: SessionStatus) => status === 'ready' || status === 'needs-login' || status === 'error';

/**
 * Loads the session and sends the user where they need to go first: to login (returning to this
 * page afterwards) or, for a new resident, to the community picker. A public page (`public:
 * true`: the community's board, the fund ledger, wishes, a need's public page) shows itself to
 * a visitor who is not logged in and asks for login only when an action is tapped.
 */
export function useSessionGate(options: { public?: boolean } = {}): SessionState {
  const session = useSession();
  const isPublic = options.public === true;
  useEffect(() => {
    void ensureSession();
  }, []);
  useEffect(() => {
    if (session.status === 'needs-login' && !loginPrompted && !isPublic) {
      loginPrompted = true;
      void Taro.navigateTo({ url: loginUrl() });
    } else if (session.status === 'ready' && needsCommunity(session.me) && !communityPrompted && !isPublic) {
      communityPrompted = true;
      void Taro.navigateTo({ url: '/resident/pages/community/index' });
    }
  }, [session.status, session.me, isPublic]);
  return session;
}
