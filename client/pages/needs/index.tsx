import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { MyNeedRelation } from '@contract/needs';
import { TapButton } from '../../components/TapButton';
import { NeedRow } from '../../components/NeedRow';
import { usePageData } from '../../hooks/usePageData';
import { api } from '../../services/api';
import { refreshUnread } from '../../store/inbox';
import { getSession, useSessionGate } from '../../store/session';
import './index.scss';
import { pageClass } from '../../store/elder';
import { boardPageUrl, needPageUrl } from '../../utils/nav';

type Tab = 'mine' | 'board';
const PAGE = 20;

const RELATION_TEXT: Record<MyNeedRelation, string> = {
  reporter: '我反映的',
  me_too: '我也遇到了',
  merged: '已与相同需求合并办理',
};

const openNeed = (id: number) => void Taro.navigateTo({ url: needPageUrl(id) });

/** 需求 tab: report a need, follow mine, and see the community's public board. */
export default function NeedsPage() {
  const { me, status } = useSessionGate();
  const [tab, setTab] = useState<Tab>('mine');
  const [loadingMore, setLoadingMore] = useState(false);
  const communityId = me?.residence?.communityId ?? null;

  // Each loads again when the tab is shown (back from reporting or rating: the new state).
  const mineData = usePageData(() => (status === 'ready' ? api.myNeeds() : null), [status]);
  const boardData = usePageData(() => (communityId ? api.board(communityId, { limit: PAGE, offset: 0 }) : null), [communityId]);
  // A list that could not be loaded shows as empty (the API module showed the reason).
  const mine = mineData.data ?? (mineData.error ? [] : null);
  const board = boardData.data ?? (boardData.error ? { items: [], total: 0 } : null);
  useDidShow(() => {
    if (getSession().status === 'ready') void refreshUnread();
  });

  const more = async () => {
    if (!communityId || !board || loadingMore) return;
    setLoadingMore(true);
    try {
      const next = await api.board(communityId, { limit: PAGE, offset: board.items.length });
      boardData.setData({ items: [...board.items, ...next.items], total: next.total });
    } catch {
      // The API module showed the reason.
    } finally {
      setLoadingMore(false);
    }
  };

  const report = () => {
    if (!communityId) {
      void Taro.navigateTo({ url: '/resident/pages/community/index' });
      return;
    }
    void Taro.navigateTo({ url: '/resident/pages/report/index' });
  };

  return (
    <View className={pageClass('page needs')}>
      <View className='needs-hero'>
        <Text className='needs-hero__title'>有困难、有建议，告诉社区</Text>
        <Text className='needs-hero__text'>{me?.residence ? `${me.residence.communityName}会受理并告诉您每一步进展` : '先选择您居住的社区，就可以反映需求'}</Text>
        <TapButton className='needs-report-btn' size='xlarge' block onClick={report}>
          {communityId || !me ? '我要反映' : '先选择我的社区'}
        </TapButton>
      </View>

      <View className='segments'>
        <View className={`segments__item needs-tab-mine${tab === 'mine' ? ' segments__item--on' : ''}`} onClick={() => setTab('mine')}>
          <Text>我的需求</Text>
        </View>
        <View className={`segments__item needs-tab-board${tab === 'board' ? ' segments__item--on' : ''}`} onClick={() => setTab('board')}>
          <Text>社区公示</Text>
        </View>
      </View>

      {tab === 'mine' ? (
        <View className='needs-mine'>
          {mine === null ? <Text className='muted'>正在加载…</Text> : null}
          {mine?.length === 0 ? (
            <View className='card empty'>
              <Text className='empty__title'>您还没有反映过需求</Text>
              <Text className='empty__text'>遇到困难或有建议，点上面的“我要反映”。在社区公示里点“我也遇到了”的事，也会出现在这里。</Text>
            </View>
          ) : null}
          {mine?.map((n) => <NeedRow key={n.id} item={n} extra={RELATION_TEXT[n.relation]} onClick={() => openNeed(n.id)} />)}
        </View>
      ) : (
        <View className='needs-board'>
          {!communityId ? (
            <View className='card empty'>
              <Text className='empty__title'>还没有选择社区</Text>
              <Text className='empty__text'>选择您居住的社区后，就能看到社区公开办理的事情。</Text>
            </View>
          ) : board === null ? (
            <Text className='muted'>正在加载…</Text>
          ) : board.items.length === 0 ? (
            <View className='card empty'>
              <Text className='empty__title'>社区暂时没有公开的需求</Text>
              <Text className='empty__text'>居民同意公开的需求和办理结果会显示在这里，姓名不会显示。</Text>
            </View>
          ) : (
            <View>
              <Text className='muted needs-board__total'>{`${me?.residence?.communityName ?? ''}公开办理的需求，共 ${board.total} 件`}</Text>
              <Text className='link needs-board__all' onClick={() => void Taro.navigateTo({ url: boardPageUrl(communityId) })}>
                社区公示全部：基金收支、微心愿、服务项目 ›
              </Text>
              {board.items.map((n) => (
                <NeedRow key={n.id} item={n} onClick={() => openNeed(n.id)} />
              ))}
              {board.items.length < board.total ? (
                <View className='load-more' onClick={() => void more()}>
                  <Text>{loadingMore ? '正在加载…' : '加载更多'}</Text>
                </View>
              ) : null}
            </View>
          )}
        </View>
      )}
    </View>
  );
}
