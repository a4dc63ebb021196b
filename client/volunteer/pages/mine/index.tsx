import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { HOLDING_STATUSES, type VolunteerRecordActivity } from '@contract/volunteers';
import { usePageData } from '../../../hooks/usePageData';
import { volunteerApi } from '../../../services/volunteer';
import { useSessionGate } from '../../../store/session';
import { Loading } from '../../components';
import { timeRange } from '../../format';
import { VOLUNTEER_PAGES } from '../../routes';
import '../../volunteer.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

type Tab = 'upcoming' | 'past' | 'cancelled';

/** Sorts the volunteer's sign-ups into coming up, done, and cancelled. */
export function groupSignups(list: VolunteerRecordActivity[], now = Date.now()): Record<Tab, VolunteerRecordActivity[]> {
  const out: Record<Tab, VolunteerRecordActivity[]> = { upcoming: [], past: [], cancelled: [] };
  for (const a of list) {
    if (!HOLDING_STATUSES.includes(a.status)) out.cancelled.push(a);
    else if (!a.confirmed && new Date(a.endsAt).getTime() > now) out.upcoming.push(a);
    else out.past.push(a);
  }
  out.upcoming.sort((x, y) => x.startsAt.localeCompare(y.startsAt));
  out.past.sort((x, y) => y.startsAt.localeCompare(x.startsAt));
  return out;
}

function stateText(a: VolunteerRecordActivity): string {
  if (a.confirmed) return a.creditedHours ? `${a.attendanceLabel ?? '出勤'} · ${a.creditedHours} 小时` : (a.attendanceLabel ?? '已确认');
  if (a.status === 'confirmed' && a.checkedOutAt) return '已签退，待确认时长';
  if (a.status === 'confirmed' && a.checkedInAt) return '已签到';
  if (a.lateCancel) return '临时取消';
  return a.statusLabel;
}

/** 我的志愿: the activities I signed up for, with their state; entries to hours and tasks. */
export default function MyVolunteeringPage() {
  const { status } = useSessionGate();
  const { data: record, error } = usePageData(() => (status === 'ready' ? volunteerApi.record() : null), [status]);
  const [tab, setTab] = useState<Tab>('upcoming');

  if (!record) return <Loading className='vol-mine' error={error} />;
  const groups = groupSignups(record.activities);
  const list = groups[tab];

  return (
    <View className={pageClass('page vol-mine')}>
      <View className='card vol-mine__summary' onClick={() => void Taro.navigateTo({ url: VOLUNTEER_PAGES.record })}>
        <View className='vol-mine__stat'>
          <Text className='vol-big-number vol-mine__hours'>{record.totalHours}</Text>
          <Text className='muted'>累计服务小时</Text>
        </View>
        <View className='vol-mine__stat'>
          <Text className='vol-big-number'>{record.points.balance}</Text>
          <Text className='muted'>积分</Text>
        </View>
        <Text className='link vol-mine__more'>时长与证明 ›</Text>
      </View>

      <View className='segments'>
        {(
          [
            ['upcoming', `即将参加 ${groups.upcoming.length}`],
            ['past', `已参加 ${groups.past.length}`],
            ['cancelled', '已取消'],
          ] as Array<[Tab, string]>
        ).map(([key, label]) => (
          <View key={key} className={`segments__item vol-mine-tab-${key}${tab === key ? ' segments__item--on' : ''}`} onClick={() => setTab(key)}>
            <Text>{label}</Text>
          </View>
        ))}
      </View>

      {list.length === 0 ? (
        <View className='card empty'>
          <Text className='empty__title'>{tab === 'upcoming' ? '还没有报名的活动' : tab === 'past' ? '还没有参加过活动' : '没有取消的报名'}</Text>
          {tab === 'upcoming' ? <Text className='empty__text'>在“志愿”页面挑一个活动报名吧。</Text> : null}
        </View>
      ) : null}
      {list.map((a) => (
        <View key={a.signupId} className='card vol-activity vol-mine__item' data-activity={a.activityId} onClick={() => void Taro.navigateTo({ url: VOLUNTEER_PAGES.activity(a.activityId) })}>
          <View className='vol-activity__head'>
            <Text className='vol-activity__title'>{a.title}</Text>
            <Text className={`badge vol-badge vol-badge--${a.confirmed ? 'confirmed' : a.status}`}>{stateText(a)}</Text>
          </View>
          <Text className='vol-activity__line'>{timeRange(a.startsAt, a.endsAt)}</Text>
        </View>
      ))}

      <Text className='link vol-mine__tasks' onClick={() => void Taro.navigateTo({ url: VOLUNTEER_PAGES.tasks })}>
        我认领的服务任务 ›
      </Text>
    </View>
  );
}
