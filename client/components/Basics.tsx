import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './Basics.scss';
import { pageClass } from '../store/elder';

/**
 * Small building blocks shared by the subpackages (volunteer, loop, workbench): a label–value
 * row, an outcome panel, the loading placeholder, and the confirm dialog (from utils/confirm).
 */

/** One label–value row. */
export function KV({ k, children, className }: { k: string; children: ReactNode; className?: string }) {
  return (
    <View className={`kv ${className ?? ''}`}>
      <Text className='kv__k'>{k}</Text>
      <Text className='kv__v'>{children}</Text>
    </View>
  );
}

/** A big coloured outcome panel (check-in result, verification result, vote saved). */
export function Result({ ok, title, text, className }: { ok: boolean; title: string; text?: string; className?: string }) {
  return (
    <View className={`result-panel result-panel--${ok ? 'ok' : 'error'} ${className ?? ''}`}>
      <Text className='result-panel__title'>{title}</Text>
      {text ? <Text className='result-panel__text'>{text}</Text> : null}
    </View>
  );
}

/** Loading / error placeholder for a page whose data is not there yet. */
export function Loading({ error, className }: { error?: string | null; className?: string }) {
  return (
    <View className={pageClass(`page ${className ?? ''}`)}>
      <View className='card'>
        <Text className='muted'>{error ?? '正在加载…'}</Text>
      </View>
    </View>
  );
}

export { confirmDialog } from '../utils/confirm';

/** Which of the user's places a page works on, as chips (nothing when there is only one). */
export function NodeChips({ nodes, current, onPick }: { nodes: Array<{ nodeId: number; nodeName: string }>; current: number | null; onPick: (id: number) => void }) {
  if (nodes.length < 2) return null;
  return (
    <View className='chips node-chips'>
      {nodes.map((n) => (
        <Text key={n.nodeId} className={`chip${current === n.nodeId ? ' chip--on' : ''}`} data-node={n.nodeId} onClick={() => onPick(n.nodeId)}>
          {n.nodeName}
        </Text>
      ))}
    </View>
  );
}

/** A field's reason under it (useForm's fieldErrors), or nothing. */
export function FieldError({ errors, field }: { errors: Record<string, string>; field: string }) {
  return errors[field] ? (
    <Text className='form-error' data-field={field}>
      {errors[field]}
    </Text>
  ) : null;
}
