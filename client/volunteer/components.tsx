import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';

/** The reason next to a form field (the server's field names). */
export function FieldError({ errors, field }: { errors: Record<string, string>; field: string }) {
  return errors[field] ? (
    <Text className='form-error' data-field={field}>
      {errors[field]}
    </Text>
  ) : null;
}

/** One label–value row. */
export function KV({ k, children, className }: { k: string; children: ReactNode; className?: string }) {
  return (
    <View className={`vol-kv ${className ?? ''}`}>
      <Text className='vol-kv__k'>{k}</Text>
      <Text className='vol-kv__v'>{children}</Text>
    </View>
  );
}

/** A big coloured outcome panel (check-in result, verification result). */
export function Result({ ok, title, text, className }: { ok: boolean; title: string; text?: string; className?: string }) {
  return (
    <View className={`vol-result vol-result--${ok ? 'ok' : 'error'} ${className ?? ''}`}>
      <Text className='vol-result__title'>{title}</Text>
      {text ? <Text className='vol-result__text'>{text}</Text> : null}
    </View>
  );
}

/** Loading / error placeholder for a page whose data is not there yet. */
export function Loading({ error, className }: { error?: string | null; className?: string }) {
  return (
    <View className={`page ${className ?? ''}`}>
      <View className='card'>
        <Text className='muted'>{error ?? '正在加载…'}</Text>
      </View>
    </View>
  );
}

/** Asks before an action that cannot be undone by one tap (WeChat's modal; proceeds where there is none). */
export async function confirmDialog(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  if (typeof Taro.showModal !== 'function') return true;
  try {
    const res = await Taro.showModal({ title, content, confirmText, cancelText: '再想想' });
    return !!res.confirm;
  } catch {
    return true;
  }
}
