import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { type MyNeedItem, OPEN_STATUSES } from '@contract/needs';
import type { MeView } from '@contract/users';
import type { VolunteerActivityView, VolunteerTaskView } from '@contract/volunteers';
import { TapButton } from '../../components/TapButton';
import { NeedRow } from '../../components/NeedRow';
import { usePageData } from '../../hooks/usePageData';
import { api } from '../../services/api';
import { volunteerApi } from '../../services/volunteer';
import { dismissElderOffer, pageClass, setElder, useElder } from '../../store/elder';
import { useSessionGate } from '../../store/session';
import { needPageUrl } from '../../utils/nav';
import './index.scss';

/** The closed loop (闭环) every need goes through, in the words residents know. */
export const LOOP_STEPS: Array<{ title: string; text: string }> = [
  { title: '居民需求', text: '您说出困难和建议，社区登记受理' },
  { title: '社区协商', text: '大家的事大家议，议事会共同商量' },
  { title: '慈善资源保障', text: '社区基金、爱心捐赠、微心愿来支持' },
  { title: '社会组织实施', text: '专业的社会组织把服务落到实处' },
  { title: '社工指导', text: '持证社工全程指导和督导' },
  { title: '志愿者参与', text: '邻里志愿者搭把手、送温暖' },
  { title: '居民监督和反馈', text: '办得好不好，由您来评价' },
];

export function communityLabel(me: MeView | null): string {
  if (!me) return '';
  if (me.residence) return me.residence.communityName;
  const role = me.roles.find((r) => r.nodeLevel === 'community') ?? me.roles[0];
  return role ? role.nodeName : '';
}

/** My needs still under way (and those done, waiting for my rating), newest first, at most three. */
export function needsInProgress(items: MyNeedItem[]): MyNeedItem[] {
  return items.filter((n) => OPEN_STATUSES.includes(n.status) || n.status === 'done').slice(0, 3);
}

/** The volunteer's next activity: one they hold a place in first, else the next one open for sign-up. */
export function nextActivity(items: VolunteerActivityView[], now = new Date()): VolunteerActivityView | null {
  const upcoming = items.filter((a) => new Date(a.startsAt).getTime() > now.getTime() && a.status !== 'cancelled');
  upcoming.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return upcoming.find((a) => a.mySignup && a.mySignup.status !== 'cancelled' && a.mySignup.status !== 'rejected') ?? upcoming[0] ?? null;
}

const beijingTime = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

/** 志愿者: the next activity and the open tasks, first on their home. */
function VolunteerFirst({ nodeId }: { nodeId: number }) {
  const activities = usePageData(() => volunteerApi.activities({ nodeId, limit: 20 }), [nodeId]);
  const tasks = usePageData(() => volunteerApi.tasks({ nodeId, status: 'open' }, { toast: false }), [nodeId]);
  const next = nextActivity(activities.data?.items ?? []);
  const open: VolunteerTaskView[] = tasks.data ?? [];
  return (
    <View className='home-volunteer'>
      <Text className='section-title'>我的志愿服务</Text>
      <View className='card home-next-activity' onClick={() => (next ? Taro.navigateTo({ url: `/volunteer/pages/activity/index?id=${next.id}` }) : Taro.switchTab({ url: '/pages/volunteer/index' }))}>
        <Text className='home-next-activity__label'>{next?.mySignup ? '我报名的下一场活动' : '下一场活动'}</Text>
        <Text className='home-next-activity__title'>{next ? next.title : activities.data ? '近期没有活动' : '正在加载…'}</Text>
        {next ? <Text className='home-next-activity__when'>{`${beijingTime(next.startsAt)} · ${next.address}`}</Text> : null}
      </View>
      <View className='card home-open-tasks' onClick={() => Taro.navigateTo({ url: '/volunteer/pages/tasks/index' })}>
        <Text className='home-open-tasks__title'>{tasks.data ? `待认领的任务：${open.length} 个` : '待认领的任务'}</Text>
        {open.slice(0, 2).map((t) => (
          <Text key={t.id} className='home-open-tasks__item'>{`· ${t.title}`}</Text>
        ))}
      </View>
    </View>
  );
}

/** First launch: 长辈模式 offered where it cannot be missed, answered once. */
function ElderOffer() {
  return (
    <View className='card home-elder-offer'>
      <Text className='home-elder-offer__title'>字太小看不清？</Text>
      <Text className='home-elder-offer__text'>打开“长辈模式”：字更大、按钮更大、更清楚。以后也可以在“我的”里开关。</Text>
      <View className='home-elder-offer__actions'>
        <TapButton className='home-elder-offer__on' type='primary' size='large' onClick={() => setElder(true, '/pages/index/index')}>
          打开长辈模式
        </TapButton>
        <TapButton className='home-elder-offer__off' fill='none' size='large' onClick={dismissElderOffer}>
          不用了
        </TapButton>
      </View>
    </View>
  );
}

/**
 * 首页. A resident comes to report something or to see how it is going: 我要反映 and my needs in
 * progress come first, above the fold; a volunteer's next activity and open tasks come before
 * them. The loop explanation and the other entries follow below.
 */
export default function IndexPage() {
  const { me, status } = useSessionGate();
  const { offer } = useElder();
  const community = communityLabel(me);
  const communityId = me?.residence?.communityId ?? null;
  const volunteerNode = me?.roles.find((r) => r.role === 'volunteer')?.nodeId ?? null;
  const mine = usePageData(() => (status === 'ready' && communityId ? api.myNeeds() : null), [status, communityId]);
  const inProgress = needsInProgress(mine.data ?? []);

  const report = () => void Taro.navigateTo({ url: communityId ? '/resident/pages/report/index' : '/resident/pages/community/index' });

  return (
    <View className={pageClass('page home')}>
      <View className='home-hero'>
        <Text className='home-hero__hello'>{me ? `${me.nickname}，您好` : status === 'loading' ? '正在登录…' : '您好'}</Text>
        <Text className='home-community'>{community || (status === 'ready' ? '尚未选择社区' : '社区服务')}</Text>
        {status === 'ready' && !community ? (
          <TapButton className='home-hero__pick' size='xlarge' onClick={() => Taro.navigateTo({ url: '/resident/pages/community/index' })}>
            选择我的社区
          </TapButton>
        ) : null}
      </View>

      {offer ? <ElderOffer /> : null}
      {volunteerNode ? <VolunteerFirst nodeId={volunteerNode} /> : null}

      {me?.residence || !me?.workbench ? (
        <>
          <View className='home-report' onClick={report}>
            <Text className='home-report__title'>我要反映</Text>
            <Text className='home-report__text'>有困难、有建议，说给社区听</Text>
          </View>

          <View className='home-mine'>
            <View className='home-mine__head'>
              <Text className='section-title'>我的需求</Text>
              <Text className='link home-mine__all' onClick={() => Taro.switchTab({ url: '/pages/needs/index' })}>
                全部 ›
              </Text>
            </View>
            {inProgress.length ? (
              <View className='card home-mine__list'>
                {inProgress.map((n) => (
                  <NeedRow key={n.id} item={n} onClick={() => Taro.navigateTo({ url: needPageUrl(n.id) })} />
                ))}
              </View>
            ) : (
              <View className='card home-mine__empty'>
                <Text className='muted'>{mine.data ? '没有正在办理的需求。有事点上面的“我要反映”。' : communityId ? '正在加载…' : '选择社区后，就能向社区反映需求。'}</Text>
              </View>
            )}
          </View>
        </>
      ) : null}

      <Text className='section-title'>常用入口</Text>
      <View className='home-entries'>
        <View className='home-entry home-consult-entry' onClick={() => Taro.navigateTo({ url: '/loop/pages/topics/index' })}>
          <Text className='home-entry__title'>社区协商</Text>
          <Text className='home-entry__text'>议题投票、报名议事会</Text>
        </View>
        <View className='home-entry' onClick={() => Taro.switchTab({ url: '/pages/volunteer/index' })}>
          <Text className='home-entry__title'>志愿服务</Text>
          <Text className='home-entry__text'>报名活动、记录时长</Text>
        </View>
        <View className='home-entry home-wishes-entry' onClick={() => Taro.navigateTo({ url: '/charity/pages/wishes/index' })}>
          <Text className='home-entry__title'>微心愿</Text>
          <Text className='home-entry__text'>帮邻居圆个小心愿</Text>
        </View>
        <View className='home-entry home-fund-entry' onClick={() => Taro.navigateTo({ url: '/charity/pages/fund/index' })}>
          <Text className='home-entry__title'>社区基金</Text>
          <Text className='home-entry__text'>每一笔收支都公开</Text>
        </View>
        {me?.workbench ? (
          <View className='home-entry home-entry--work home-workbench-entry' onClick={() => Taro.navigateTo({ url: '/workbench/pages/index/index' })}>
            <Text className='home-entry__title'>工作台</Text>
            <Text className='home-entry__text'>处理需求和服务</Text>
          </View>
        ) : null}
      </View>

      <Text className='section-title'>有事找社区，怎么办？</Text>
      <View className='card home-loop'>
        {LOOP_STEPS.map((s, i) => (
          <View key={s.title} className='loop-step'>
            <View className='loop-step__num'>
              <Text>{i + 1}</Text>
            </View>
            <View className='loop-step__body'>
              <Text className='loop-step__title'>{s.title}</Text>
              <Text className='loop-step__text'>{s.text}</Text>
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}
