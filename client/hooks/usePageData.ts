import { useDidShow } from '@tarojs/taro';
import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../services/api';

export interface PageData<T> {
  /** null until the first answer. */
  data: T | null;
  /** The reason it could not be loaded (the server's words when it gave some). */
  error: string | null;
  /** Loads again (after an action changed what the page shows). */
  reload: () => void;
  /** Replace the data with what an action answered, without a round trip. */
  setData: (data: T) => void;
}

/**
 * What a page shows, loaded when the page opens (and again when `deps` change) and each time it
 * is shown again (back from a form). `load` returns null when there is nothing to load yet (the
 * login still running, no id): with `missing` the page then says so. A late answer for an older
 * request is dropped, and a load already on its way is not started twice.
 */
export function usePageData<T>(load: () => Promise<T> | null, deps: DependencyList, options: { missing?: string } = {}): PageData<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const inFlight = useRef(false);
  const loadRef = useRef(load);
  loadRef.current = load;
  const missingRef = useRef(options.missing);
  missingRef.current = options.missing;

  const run = useCallback((force: boolean) => {
    if (inFlight.current && !force) return;
    const pending = loadRef.current();
    if (!pending) {
      if (missingRef.current) setError(missingRef.current);
      return;
    }
    const seq = ++latest.current;
    inFlight.current = true;
    pending
      .then((value) => {
        if (seq !== latest.current) return;
        setData(value);
        setError(null);
      })
      .catch((err: unknown) => {
        if (seq === latest.current) setError(err instanceof ApiError ? err.message : '加载失败，请返回后重试');
      })
      .finally(() => {
        if (seq === latest.current) inFlight.current = false;
      });
  }, []);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => run(true), deps);
  useDidShow(() => run(false));
  const reload = useCallback(() => run(true), [run]);
  return { data, error, reload, setData };
}
