import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { Loading } from '../../../components/Basics';
import { TopicRow, useTopics } from '../../../loop/components';
import { WORKBENCH_LOOP_PAGES } from '../../../loop/routes';
import { ensureSession, useSession } from '../../../store/session';
import { staffCommunities } from '../../staff';
import '../../../loop/loop.scss';
import { pageClass } from '../../../store/elder';

/** 社区协商 for staff: the community's topics; open a new one. */
export default function StaffTopicsPage() {
  const { me } = useSession();
  const communities = staffCommunities(me);
  const [nodeId, setNodeId] = useState<number | null>(null);
  const { items, error } = useTopics(nodeId);

  useEffect(() => {
    void ensureSession();
  }, []);
  useEffect(() => {
    if (!nodeId && communities.length) setNodeId(communities[0].nodeId);
  }, [nodeId, communities]);

  if (me && !communities.length) return <Loading className='staff-topics' error='只有社区工作人员可以组织协商' />;
  if (!items) return <Loading className='staff-topics' error={error} />;
  return (
    <View className={pageClass('page staff-topics')}>
      {communities.length > 1 ? (
        <View className='chips'>
          {communities.map((c) => (
            <View key={c.nodeId} className={`chip${nodeId === c.nodeId ? ' chip--on' : ''}`} onClick={() => setNodeId(c.nodeId)}>
              <Text>{c.nodeName}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <Button className='staff-topics__new' type='primary' size='xlarge' block onClick={() => void Taro.navigateTo({ url: WORKBENCH_LOOP_PAGES.newTopic() })}>
        发起议题
      </Button>
      <Text className='section-title'>议题</Text>
      {items.length === 0 ? (
        <View className='card empty'>
          <Text className='empty__title'>还没有议题</Text>
          <Text className='empty__text'>把居民反映的共性问题拿出来大家商量</Text>
        </View>
      ) : null}
      {items.map((t) => (
        <TopicRow key={t.id} t={t} className='staff-topic-row' onClick={() => void Taro.navigateTo({ url: WORKBENCH_LOOP_PAGES.topic(t.id) })} />
      ))}
    </View>
  );
}
