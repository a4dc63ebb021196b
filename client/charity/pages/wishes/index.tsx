import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { usePageData } from '../../../hooks/usePageData';
import { wishApi } from '../../../services/charity';
import { type PublicWishView, WISH_CATEGORIES, WISH_CATEGORY_LABEL, type WishCategory } from '@contract/wishes';
import { sessionSettled, useSessionGate } from '../../../store/session';
import { Loading } from '../../../volunteer/components';
import { CampaignCard, WishCard } from '../../components';
import { homeNodeId } from '../../format';
import { CHARITY_PAGES } from '../../routes';
import '../../../volunteer/volunteer.scss';
import '../../charity.scss';
import { pageClass } from '../../../store/elder';

type Show = 'open' | 'all';

/** Wishes of the category (all when none), open ones first. */
export function filterWishes(list: PublicWishView[], category: WishCategory | null): PublicWishView[] {
  const kept = category ? list.filter((w) => w.category === category) : list;
  return [...kept].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.id - a.id);
}

/** 心愿墙: the community's micro-wishes, filtered by category and campaign; tap one to claim it. */
export default function WishWallPage() {
  const { params } = useRouter();
  const { me, status } = useSessionGate({ public: true });
  const nodeId = Number(params.nodeId) || homeNodeId(me);
  const [campaignId, setCampaignId] = useState<number | null>(Number(params.campaignId) || null);
  const [category, setCategory] = useState<WishCategory | null>(null);
  const [show, setShow] = useState<Show>('open');
  const { data, error } = usePageData(
    () =>
      nodeId && sessionSettled(status)
        ? Promise.all([
            wishApi.list({ nodeId, status: show === 'open' ? 'open' : undefined, campaignId: campaignId ?? undefined, limit: 100 }),
            wishApi.campaigns(nodeId),
          ])
        : null,
    [nodeId, show, campaignId, status],
    { missing: sessionSettled(status) ? (status === 'ready' ? '请先选择您所在的社区' : '请从社区分享的链接打开心愿墙，或登录后查看您所在社区的心愿') : undefined },
  );

  if (!data) return <Loading className='ch-wall' error={error} />;
  const [{ items: wishes }, campaigns] = data;
  const list = filterWishes(wishes, category);
  const campaign = campaigns.find((c) => c.id === campaignId) ?? null;

  return (
    <View className={pageClass('page ch-wall')}>
      <View className='card'>
        <Text className='ch-wall__intro'>社区工作人员替困难居民许下的小心愿，您认领后按约定送到社区，由社区转交。受助人信息已隐去。</Text>
      </View>

      <View className='segments'>
        {(
          [
            ['open', '等待认领'],
            ['all', '全部心愿'],
          ] as Array<[Show, string]>
        ).map(([key, label]) => (
          <View key={key} className={`segments__item ch-wall-show-${key}${show === key ? ' segments__item--on' : ''}`} onClick={() => setShow(key)}>
            <Text>{label}</Text>
          </View>
        ))}
      </View>

      <Text className='ch-filter-label'>受助对象</Text>
      <View className='chips ch-wall__categories'>
        <Text className={`chip${category === null ? ' chip--on' : ''}`} onClick={() => setCategory(null)}>
          全部
        </Text>
        {WISH_CATEGORIES.map((c) => (
          <Text key={c} className={`chip${category === c ? ' chip--on' : ''}`} data-category={c} onClick={() => setCategory(c)}>
            {WISH_CATEGORY_LABEL[c]}
          </Text>
        ))}
      </View>

      {campaigns.length ? (
        <>
          <Text className='ch-filter-label'>心愿活动</Text>
          <View className='chips ch-wall__campaigns'>
            <Text className={`chip${campaignId === null ? ' chip--on' : ''}`} onClick={() => setCampaignId(null)}>
              全部活动
            </Text>
            {campaigns.map((c) => (
              <Text key={c.id} className={`chip${campaignId === c.id ? ' chip--on' : ''}`} data-campaign={c.id} onClick={() => setCampaignId(c.id)}>
                {c.title}
              </Text>
            ))}
          </View>
        </>
      ) : null}

      {campaign ? <CampaignCard c={campaign} /> : null}

      {list.length === 0 ? (
        <View className='card empty'>
          <Text className='empty__title'>{show === 'open' ? '暂时没有等待认领的心愿' : '暂时没有心愿'}</Text>
          <Text className='empty__text'>换个筛选条件看看，或过几天再来。</Text>
        </View>
      ) : null}
      {list.map((w) => (
        <WishCard key={w.id} wish={w} onClick={() => void Taro.navigateTo({ url: CHARITY_PAGES.wish(w.id) })} />
      ))}

      <Text className='link ch-wall__mine' onClick={() => void Taro.navigateTo({ url: CHARITY_PAGES.claims })}>
        我认领的心愿 ›
      </Text>
      <Text className='link' onClick={() => nodeId && void Taro.navigateTo({ url: CHARITY_PAGES.fund(nodeId) })}>
        社区基金公开账目 ›
      </Text>
    </View>
  );
}
