import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { ApiError, isNetworkError, newIdempotencyKey } from '../services/api';

/** Where a form's reason that belongs to no field goes (shown by the submit button). */
export const FORM_ERROR = '_';

/**
 * The reasons by field from a refused submission, the one rule for every form:
 * - a field error goes under its field name, and a nested one (`location.pin`,
 *   `milestones.0.title`) also under its first part, so a form that shows only `location`
 *   still shows it;
 * - a content-check refusal (CONTENT_REJECTED) puts the whole message by the field it refused,
 *   since the message says what to change;
 * - anything without fields (a conflict, a network failure) goes under FORM_ERROR.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return { [FORM_ERROR]: '提交失败，请稍后重试' };
  if (!err.fields?.length) return { [FORM_ERROR]: err.message };
  const out: Record<string, string> = {};
  for (const f of err.fields) {
    const message = err.code === 'CONTENT_REJECTED' ? err.message : f.message;
    out[f.field] ??= message;
    const head = f.field.split('.')[0];
    out[head] ??= message;
  }
  return out;
}

/**
 * When a form's reasons appear, the page scrolls to the first one: on a long form an empty
 * submit would otherwise show nothing above the fold but the button.
 */
export function useScrollToFirstError(errors: Record<string, string>): void {
  const count = Object.keys(errors).length;
  useEffect(() => {
    if (!count) return;
    const timer = setTimeout(() => {
      void Promise.resolve()
        .then(() => Taro.pageScrollTo({ selector: '.form-error', offsetTop: -80, duration: 200 }))
        .catch(() => undefined);
    }, 50);
    return () => clearTimeout(timer);
  }, [errors, count]);
}

/**
 * A form's reasons by field and its busy flag; `send` runs one submission at a time, a refusal's
 * reasons go by their fields.
 *
 * Weak network: `run` gets the submission's Idempotency-Key, the same on every retry until one
 * succeeds (so a retry after a timeout can never create the thing twice). When the failure was
 * the network's, `retryable` is set: the form shows a 重试 button next to the reason, and what
 * was typed stays. A key the server saw with other content (the first try went through, then the
 * form was changed) is dropped, so the next tap is a new submission.
 */
export function useForm() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [retryable, setRetryable] = useState(false);
  const key = useRef<string | null>(null);
  useScrollToFirstError(errors);
  const send = async (run: (idempotencyKey: string) => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setErrors({});
    setRetryable(false);
    key.current ??= newIdempotencyKey();
    try {
      await run(key.current);
      key.current = null;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'IDEMPOTENCY_KEY_REUSED') {
        key.current = null;
        setErrors({ [FORM_ERROR]: '您上次的提交可能已经成功，请先返回查看；确实要按现在的内容再提交，请再点一次。' });
      } else {
        setErrors(fieldErrors(err));
        setRetryable(isNetworkError(err));
      }
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, busy, send, retryable };
}
