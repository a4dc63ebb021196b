import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';

/** A draft older than this is not offered again. */
const DRAFT_DAYS = 30;

interface Stored<T> {
  savedAt: number;
  value: T;
}

function storageKey(name: string): string {
  return `draft:${name}`;
}

/** The saved draft under `name`, if there is a recent one. */
export function readDraft<T>(name: string): T | null {
  try {
    const raw = Taro.getStorageSync(storageKey(name)) as Stored<T> | '' | undefined;
    if (!raw || typeof raw !== 'object' || !('value' in raw)) return null;
    if (Date.now() - raw.savedAt > DRAFT_DAYS * 86_400_000) return null;
    return raw.value;
  } catch {
    return null;
  }
}

export function removeDraft(name: string): void {
  try {
    Taro.removeStorageSync(storageKey(name));
  } catch {
    // Storage unavailable: nothing was kept either.
  }
}

export interface Draft<T> {
  value: T;
  setValue: (next: T | ((prev: T) => T)) => void;
  /** The value came back from an earlier visit (the page says so and offers 清空). */
  restored: boolean;
  /** Forget the draft (after a successful submission) and start again from `initial`. */
  clear: () => void;
}

/**
 * A form's contents kept on the phone as they are typed (Taro storage, one key per form and
 * user: `name`, or null for a form that keeps none), and brought back when the form opens again —
 * after the app was closed, the network dropped or WeChat was switched away. `persist` picks what
 * is worth keeping (a photo only once it is uploaded: its temp file does not outlive the app).
 * A form back at its initial contents keeps nothing.
 */
export function useDraft<T extends object>(name: string | null, initial: T, persist: (value: T) => T = (v) => v): Draft<T> {
  const initialJson = useRef(JSON.stringify(persist(initial)));
  const [restored, setRestored] = useState(false);
  const loadedFor = useRef<string | null>(name);
  const [value, setValue] = useState<T>(() => {
    const saved = name ? readDraft<Partial<T>>(name) : null;
    return saved ? { ...initial, ...saved } : initial;
  });
  // Said after the first render; a name that arrives later (the login finishing) loads its draft then.
  useEffect(() => {
    if (!name) return;
    const saved = readDraft<Partial<T>>(name);
    if (!saved) return;
    if (loadedFor.current !== name) setValue({ ...initial, ...saved });
    loadedFor.current = name;
    setRestored(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name]);

  const persistRef = useRef(persist);
  persistRef.current = persist;
  useEffect(() => {
    if (!name) return;
    const kept = persistRef.current(value);
    const json = JSON.stringify(kept);
    try {
      if (json === initialJson.current) Taro.removeStorageSync(storageKey(name));
      else Taro.setStorageSync(storageKey(name), { savedAt: Date.now(), value: kept } satisfies Stored<T>);
    } catch {
      // A full or unavailable storage must never stop the person from typing.
    }
  }, [name, value]);

  const clear = useCallback(() => {
    if (name) removeDraft(name);
    setRestored(false);
    setValue(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name]);
  return { value, setValue, restored, clear };
}
