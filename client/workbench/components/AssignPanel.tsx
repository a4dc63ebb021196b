import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { type HandlerOption, type NeedView, OPEN_STATUSES } from '@contract/needs';
import { api } from '../../services/api';
import './AssignPanel.scss';

/** May this need be handed to someone now: accepted and still open. */
export const assignable = (need: Pick<NeedView, 'status'>) => need.status !== 'reported' && OPEN_STATUSES.includes(need.status);

/**
 * 指派承办人 on the staff need page: who handles it now, and the people who can (staff, social
 * workers, organization members covering the community) by name — no ids to type. The handler
 * is told; the resident's timeline shows only the role.
 */
export function AssignPanel({ need, onChanged }: { need: NeedView; onChanged: () => void }) {
  const [options, setOptions] = useState<HandlerOption[] | null>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .handlerOptions(need.id)
      .then((o) => live && setOptions(o))
      .catch(() => live && setOptions([]));
    return () => {
      live = false;
    };
  }, [need.id, need.handlerId]);

  const current = options?.find((o) => o.current) ?? null;
  const pick = async (o: HandlerOption) => {
    if (busy || o.current) return;
    setBusy(true);
    try {
      await api.assign(need.id, o.userId);
      void Taro.showToast({ title: `已指派给${o.name}`, icon: 'success' });
      setOpen(false);
      onChanged();
    } catch {
      // The API module showed the reason.
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card assign-panel'>
      <View className='assign-panel__head'>
        <Text className='form-label'>承办人</Text>
        <Text className='assign-panel__current'>{current ? `${current.name}（${current.roleLabel}）` : need.handlerId ? '其他人员' : '未指派'}</Text>
        <Text className='link assign-panel__toggle' onClick={() => setOpen(!open)}>
          {open ? '收起' : current ? '改派' : '指派'}
        </Text>
      </View>
      {open ? (
        <View className='assign-panel__list'>
          {options === null ? <Text className='muted'>正在加载…</Text> : null}
          {options?.length === 0 ? <Text className='muted'>还没有可指派的人员：覆盖本社区的工作人员、社工或社会组织成员才能承办</Text> : null}
          {options?.map((o) => (
            <View key={o.userId} className={`assign-panel__option${o.current ? ' assign-panel__option--current' : ''}`} data-user={o.userId} onClick={() => void pick(o)}>
              <Text className='assign-panel__name'>{o.name}</Text>
              <Text className='muted'>{o.current ? `${o.roleLabel} · 当前承办` : o.roleLabel}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
