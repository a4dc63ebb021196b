import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { api } from '../../services/api';
import type { InboxItem } from '@contract/notifications';
import { setUnread, useUnread } from '../../store/inbox';
import { ago } from '../../utils/time';
import './index.scss';

const PAGE = 20;

/** 我的消息: every notice the server wrote (it always works, with or without subscriptions). */
export default function InboxPage() {
  const unread = useUnread();
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [total, setTotal] = useState(0);

  const load = async () => {
    try {
      const res = await api.inbox({ limit: PAGE, offset: 0 });
      setItems(res.items);
      setTotal(res.total);
      setUnread(res.unread);
    } catch {
      setItems((i) => i ?? []);
    }
  };
  useDidShow(() => void load());

  const more = async () => {
    if (!items) return;
    const res = await api.inbox({ limit: PAGE, offset: items.length });
    setItems([...items, ...res.items]);
    setTotal(res.total);
  };

  const open = async (m: InboxItem) => {
    if (!m.read) {
      setItems((list) => list?.map((x) => (x.id === m.id ? { ...x, read: true } : x)) ?? null);
      api
        .readMessage(m.id)
        .then((r) => setUnread(r.unread))
        .catch(() => undefined);
    }
    if (m.page) void Taro.navigateTo({ url: `/${m.page.replace(/^\/+/, '')}` });
  };

  const readAll = async () => {
    const r = await api.readAll();
    setUnread(r.unread);
    setItems((list) => list?.map((x) => ({ ...x, read: true })) ?? null);
  };

  return (
    <View className='page inbox'>
      <View className='inbox-head'>
        <Text className='inbox-head__count'>{unread > 0 ? `${unread} 条未读` : '没有未读消息'}</Text>
        {unread > 0 ? (
          <Text className='inbox-head__all' onClick={() => void readAll()}>
            全部标为已读
          </Text>
        ) : null}
      </View>
      {items === null ? <Text className='muted'>正在加载…</Text> : null}
      {items?.length === 0 ? (
        <View className='card empty'>
          <Text className='empty__title'>还没有消息</Text>
          <Text className='empty__text'>您反映的需求有了进展，会在这里告诉您。</Text>
        </View>
      ) : null}
      {items?.map((m) => (
        <View key={m.id} className={`inbox-item${m.read ? '' : ' inbox-item--unread'}`} data-message={m.id} onClick={() => void open(m)}>
          <View className='inbox-item__head'>
            {m.read ? null : <View className='inbox-item__dot' />}
            <Text className='inbox-item__title'>{m.title}</Text>
            <Text className='inbox-item__time'>{ago(m.createdAt)}</Text>
          </View>
          <Text className='inbox-item__body'>{m.body}</Text>
          {m.page ? <Text className='inbox-item__go'>查看详情 ›</Text> : null}
        </View>
      ))}
      {items && items.length < total ? (
        <View className='load-more' onClick={() => void more()}>
          <Text>加载更多</Text>
        </View>
      ) : null}
    </View>
  );
}
