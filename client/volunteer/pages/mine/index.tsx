import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../../services/api';
import { volunteerApi } from '../../../services/volunteer';
import type { RecordActivity, VolunteerRecord } from '../../../services/volunteer-types';
import { useSessionGate } from '../../../store/session';
import { Loading } from '../../components';
import { timeRange } from '../../format';
import { VOLUNTEER_PAGES } from '../../routes';
import '../../volunteer.scss';
import './index.scss';

type Tab = 'upcoming' | 'past' | 'cancelled';
const HOLDING = ['pending', 'confirmed', 'waitlisted'];

/** Sorts the volunteer's sign-ups into coming up, done, and cancelled. */
export function groupSignups(list: RecordActivity[], now = Date.now()): Record<Tab, RecordActivity[]> {
  const out: Record<Tab, RecordActivity[]> = { upcoming: [], past: [], cancelled: [] };
  for (const a of list) {
    if (!HOLDING.includes(a.status)) out.cancelled.push(a);
    else if (!a.confirmed && new Date(a.endsAt).getTime() > now) out.upcoming.push(a);
    else out.past.push(a);
  }
  out.upcoming.sort((x, y) => x.startsAt.localeCompare(y.startsAt));
  out.past.sort((x, y) => y.startsAt.localeCompare(x.startsAt));
  return out;
}

function stateText(a: RecordActivity): string {
  if (a.confirmed) return a.creditedHours ? `${a.attendanceLabel ?? '出勤'} · ${a.creditedHours} 小时` : (a.attendanceLabel ?? '已确认');
  if (a.status === 'confirmed' && a.checkedOutAt) return '已签退，待确认时长';
  if (a.status === 'confirmed' && a.checkedInAt) return '已签到';
  if (a.lateCancel) return '临时取消';
  return a.statusLabel;
}

/** 我的志愿: the activities I signed up for, with their state; entries to hours and tasks. */
export default function MyVolunteeringPage() {
  const { status } = useSessionGate();
  const [record, setRecord] = useState<VolunteerRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('upcoming');

  const load = useCallback(() => {
    volunteerApi
      .record()
      .then((r) => {
        setRecord(r);
        setError(null);
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : '加载失败，请返回后重试'));
  }, []);
  useEffect(() => {
    if (status === 'ready') load();
  }, [status, load]);
  useDidShow(() => {
    if (status === 'ready') load();
  });

  if (!record) return <Loading className='vol-mine' error={error} />;
  const groups = groupSignups(record.activities);
  const list = groups[tab];

  return (
    <View className='page vol-mine'>
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
