import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { MeView } from '@contract/users';
import { Loading } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { useSessionGate } from '../../../store/session';
import { dayTime } from '../../../utils/time';
import { consultationApi } from '../../../services/consultation';
import { ProjectRow, TopicRow, useTopics } from '../../components';
import { LOOP_PAGES } from '../../routes';
import '../../loop.scss';
import { pageClass } from '../../../store/elder';

/** The community the user belongs to: the residence, else the first community-level role. */
export function myCommunityId(me: MeView | null): number | null {
  if (!me) return null;
  if (me.residence) return me.residence.communityId;
  return me.roles.find((r) => r.nodeLevel === 'community')?.nodeId ?? me.roles[0]?.nodeId ?? null;
}

/** 社区协商: the community's topics, open ones first, and the service projects they started. */
export default function TopicsPage() {
  const { me, status } = useSessionGate();
  const nodeId = myCommunityId(me);
  const { items, error } = useTopics(nodeId);
  // The community's projects under the topics; none shown when they cannot be loaded.
  const projects = usePageData(() => (nodeId ? consultationApi.publicProjects(nodeId).catch(() => []) : null), [nodeId]).data ?? [];

  if (status === 'ready' && !nodeId) return <Loading className='loop-topics' error='请先在“我的”里选择您的社区' />;
  if (!items) return <Loading className='loop-topics' error={error} />;
  const groups = [
    { title: '正在协商', list: items.filter((t) => t.status === 'open') },
    { title: '已形成议定事项', list: items.filter((t) => t.status !== 'open') },
  ].filter((g) => g.list.length);

  return (
    <View className={pageClass('page loop-topics')}>
      <View className='card'>
        <Text className='muted'>大家的事大家议：社区把居民反映的共性问题拿出来商量，您可以在线投票、报名参加议事会，投票结束后可以看到结果和议定事项。</Text>
      </View>
      {items.length === 0 ? (
        <View className='card empty'>
          <Text className='empty__title'>暂时没有协商议题</Text>
          <Text className='empty__text'>社区发起议题后会在这里显示</Text>
        </View>
      ) : null}
      {groups.map((g) => (
        <View key={g.title}>
          <Text className='section-title'>{g.title}</Text>
          {g.list.map((t) => (
            <TopicRow key={t.id} t={t} className='loop-topic-row' onClick={() => void Taro.navigateTo({ url: LOOP_PAGES.topic(t.id) })}>
              {t.nextMeetingAt ? <Text className='loop-item__line'>{`议事会：${dayTime(t.nextMeetingAt)}`}</Text> : null}
              {t.voting === 'closed' ? <Text className='loop-item__line loop-topic-row__result'>点开查看表决结果 ›</Text> : null}
            </TopicRow>
          ))}
        </View>
      ))}
      {projects.length ? (
        <View className='loop-topics__projects'>
          <Text className='section-title'>社区服务项目</Text>
          {projects.map((p) => (
            <ProjectRow key={p.id} p={p} onClick={() => void Taro.navigateTo({ url: LOOP_PAGES.project(p.id) })} />
          ))}
        </View>
      ) : null}
    </View>
  );
}
