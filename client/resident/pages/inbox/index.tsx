import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { InboxItem } from '@contract/notifications';
import { usePageData } from '../../../hooks/usePageData';
import { api } from '../../../services/api';
import { setUnread, useUnread } from '../../../store/inbox';
import { ago } from '../../../utils/time';
import './index.scss';
import { pageClass } from '../../../store/elder';

const PAGE = 20;

/** 我的消息: every notice the server wrote (it always works, with or without subscriptions). */
export default function InboxPage() {
  const unread = useUnread();
  const page = usePageData(
    () =>
      api.inbox({ limit: PAGE, offset: 0 }).then((res) => {
        setUnread(res.unread);
        return res;
      }),
    [],
  );
  // A list that could not be loaded shows as empty (the API module showed the reason).
  const items = page.data?.items ?? (page.error ? [] : null);
  const total = page.data?.total ?? 0;
  const setItems = (next: InboxItem[]) => page.data && page.setData({ ...page.data, items: next });

  const more = async () => {
    if (!page.data) return;
    const res = await api.inbox({ limit: PAGE, offset: page.data.items.length });
    page.setData({ ...res, items: [...page.data.items, ...res.items] });
  };

  const open = async (m: InboxItem) => {
    if (!m.read && items) {
      setItems(items.map((x) => (x.id === m.id ? { ...x, read: true } : x)));
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
    if (items) setItems(items.map((x) => ({ ...x, read: true })));
  };

  return (
    <View className={pageClass('page inbox')}>
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
