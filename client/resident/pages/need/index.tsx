import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { isFullNeedView, OPEN_STATUSES } from '@contract/needs';
import { FeedbackPanel } from '../../../components/FeedbackPanel';
import { NeedSummary } from '../../../components/NeedSummary';
import { NeedTimeline } from '../../../components/NeedTimeline';
import { usePageData } from '../../../hooks/usePageData';
import { api } from '../../../services/api';
import { askSubscribe } from '../../../services/subscribe';
import { requireLogin, sessionSettled, useSessionGate } from '../../../store/session';
import { pageClass } from '../../../store/elder';

/** One need for the resident: what it is, the loop, every change, and the rating when done. */
export default function NeedDetailPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  // A shared link opens for anyone: the public page of a public need without login, the full one with it.
  const { status } = useSessionGate({ public: true });
  const settled = sessionSettled(status);
  const { data, error, reload: load } = usePageData(() => (id && settled ? (status === 'needs-login' ? api.publicTimeline(id) : api.timeline(id)) : null), [id, status], {
    missing: id ? undefined : '没有找到该需求',
  });

  const changed = () => load();

  const meToo = async () => {
    if (!requireLogin()) return;
    const subscribed = await askSubscribe(['need_status']);
    try {
      await api.meToo(id, subscribed);
      void Taro.showToast({ title: '已记录，办理进展会通知您', icon: 'none' });
      load();
    } catch {
      // The API module showed the reason.
    }
  };

  if (!data) {
    return (
      <View className={pageClass('page need-detail')}>
        <View className='card'>
          <Text className='muted'>{error ?? '正在加载…'}</Text>
        </View>
      </View>
    );
  }
  const { need, steps, events } = data;
  const full = isFullNeedView(need) ? need : null;
  const can = (to: string) => !!full?.actions.some((a) => a.to === to);
  const rel = full?.relation;
  const open = OPEN_STATUSES.includes(need.status);

  return (
    <View className={pageClass('page need-detail')}>
      <NeedSummary need={need} />
      {need.status === 'done' && can('rated') ? <FeedbackPanel need={need} onChanged={changed} /> : null}
      {need.status === 'done' && !can('rated') && full?.feedbackDueAt ? (
        <View className='card'>
          <Text className='muted'>已办结，等待反映人评价。</Text>
        </View>
      ) : null}
      {open && !rel?.reporter && !rel?.follower ? (
        <View className='card need-detail__metoo'>
          <Text className='muted'>您也遇到了同样的问题？加入后社区会一并办理，并通知您进展。</Text>
          <Button className='need-detail__metoo-btn' type='primary' fill='outline' block size='large' onClick={() => void meToo()}>
            我也遇到了
          </Button>
        </View>
      ) : null}
      {rel?.follower && !rel.reporter ? (
        <View className='card'>
          <Text className='muted'>您已加入这件事（我也遇到了），办理进展会通知您。</Text>
        </View>
      ) : null}
      {need.status === 'in_consultation' && !events.some((e) => e.topicId) ? (
        <View className='card need-detail__consult' onClick={() => void Taro.navigateTo({ url: '/loop/pages/topics/index' })}>
          <Text className='muted'>这件事正在社区协商，您可以去投票、报名议事会。</Text>
          <Text className='link'>去看社区协商议题 ›</Text>
        </View>
      ) : null}
      <NeedTimeline steps={steps} events={events} />
    </View>
  );
}
