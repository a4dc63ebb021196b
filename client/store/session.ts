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

/** Used by the tab pages: loads the session and sends the user to login / the community picker. */
export function useSessionGate(): SessionState {
  const session = useSession();
  useEffect(() => {
    void ensureSession();
  }, []);
  useEffect(() => {
    if (session.status === 'needs-login' && !loginPrompted) {
      loginPrompted = true;
      void Taro.navigateTo({ url: '/pages/login/index' });
    } else if (session.status === 'ready' && needsCommunity(session.me) && !communityPrompted) {
      communityPrompted = true;
      void Taro.navigateTo({ url: '/pages/community/index' });
    }
  }, [session.status, session.me]);
  return session;
}
