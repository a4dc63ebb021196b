import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { VolunteerTaskView } from '@contract/volunteers';
import { usePageData } from '../../../hooks/usePageData';
import { volunteerApi } from '../../../services/volunteer';
import { useSessionGate } from '../../../store/session';
import { Loading } from '../../components';
import { timeRange } from '../../format';
import { VOLUNTEER_PAGES } from '../../routes';
import '../../volunteer.scss';
import { pageClass } from '../../../store/elder';

type Tab = 'open' | 'mine';

/** The open tasks of my community and mine; none for someone who is not an approved volunteer. */
async function loadTasks(): Promise<{ notVolunteer: boolean; open: VolunteerTaskView[]; mine: VolunteerTaskView[] }> {
  const { registration } = await volunteerApi.me();
  if (registration?.status !== 'approved') return { notVolunteer: true, open: [], mine: [] };
  const [open, mine] = await Promise.all([volunteerApi.tasks({ nodeId: registration.communityId, status: 'open' }), volunteerApi.myTasks()]);
  return { notVolunteer: false, open, mine };
}

/** 服务任务: tasks cut from residents' needs that I can claim, and the ones I claimed. */
export default function TasksPage() {
  const { status } = useSessionGate();
  const [tab, setTab] = useState<Tab>('open');
  const { data, error } = usePageData(() => (status === 'ready' ? loadTasks() : null), [status]);
  const open = data?.open ?? null;
  const mine = data?.mine ?? null;
  const notVolunteer = data?.notVolunteer ?? false;

  if (!open || !mine) return <Loading className='vol-tasks' error={error} />;
  if (notVolunteer) {
    return (
      <View className={pageClass('page vol-tasks')}>
        <View className='card empty'>
          <Text className='empty__title'>认领任务需要先注册志愿者</Text>
          <Text className='empty__text'>实名注册并通过社区审核后，就可以认领陪诊、送餐、探访等任务。</Text>
          <Text className='link' onClick={() => void Taro.navigateTo({ url: VOLUNTEER_PAGES.register })}>
            去注册 ›
          </Text>
        </View>
      </View>
    );
  }
  const list = tab === 'open' ? open : mine;
  return (
    <View className={pageClass('page vol-tasks')}>
      <View className='segments'>
        <View className={`segments__item vol-tasks-tab-open${tab === 'open' ? ' segments__item--on' : ''}`} onClick={() => setTab('open')}>
          <Text>{`可认领 ${open.length}`}</Text>
        </View>
        <View className={`segments__item vol-tasks-tab-mine${tab === 'mine' ? ' segments__item--on' : ''}`} onClick={() => setTab('mine')}>
          <Text>{`我认领的 ${mine.length}`}</Text>
        </View>
      </View>
      {list.length === 0 ? (
        <View className='card empty'>
          <Text className='empty__title'>{tab === 'open' ? '暂时没有待认领的任务' : '您还没有认领任务'}</Text>
          <Text className='empty__text'>{tab === 'open' ? '社区把居民的需求拆成任务后会出现在这里。' : '在“可认领”里挑一个您方便的任务吧。'}</Text>
        </View>
      ) : null}
      {list.map((t) => (
        <View key={t.id} className='card vol-activity vol-task-row' data-task={t.id} onClick={() => void Taro.navigateTo({ url: VOLUNTEER_PAGES.task(t.id) })}>
          <View className='vol-activity__head'>
            <Text className='vol-activity__title'>{`【${t.kindLabel}】${t.title}`}</Text>
            <Text className={`badge vol-badge vol-badge--${t.status === 'open' ? 'pending' : t.status === 'done' ? 'confirmed' : 'waitlisted'}`}>{t.statusLabel}</Text>
          </View>
          <Text className='vol-activity__line'>{`时间：${timeRange(t.startsAt, t.endsAt)}`}</Text>
          <Text className='vol-activity__line'>{`地点：${t.place}`}</Text>
        </View>
      ))}
    </View>
  );
}
