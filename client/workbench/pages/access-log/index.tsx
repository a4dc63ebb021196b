import { Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import { useNodePick } from '../../../hooks/useNodePick';
import { Loading, NodeChips } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { peopleApi } from '../../../services/people';
import { ensureSession, useSession } from '../../../store/session';
import { date } from '../../../volunteer/format';
import './index.scss';
import { pageClass } from '../../../store/elder';

/**
 * 个人信息查阅记录: who in the street (or district) read whose kind of personal data, where and
 * when — real names, rosters, a need's reporter and address, a wish's beneficiary, phone
 * lookups, ledgers. For the street's and district's admins; the data itself is never shown here.
 */
export default function AccessLogPage() {
  const { me } = useSession();
  const nodes = (me?.roles ?? []).filter((r) => r.role === 'admin' && r.nodeLevel !== 'community');
  const [nodeId, setNodeId] = useNodePick(nodes);
  useEffect(() => {
    void ensureSession();
  }, []);
  const { data, error } = usePageData(() => (nodeId ? peopleApi.accessLog(nodeId) : null), [nodeId]);

  if (me && !nodes.length) {
    return (
      <View className={pageClass('page access-log')}>
        <View className='card'>
          <Text className='muted'>个人信息查阅记录由街道或区县的管理员查看。</Text>
        </View>
      </View>
    );
  }
  if (!data) return <Loading className='access-log' error={error} />;
  return (
    <View className={pageClass('page access-log')}>
      <NodeChips nodes={nodes} current={nodeId} onPick={setNodeId} />
      <Text className='muted'>{`共 ${data.total} 次查阅。只记录谁、在哪里、何时查看了哪类个人信息，不记录信息本身。`}</Text>
      <View className='card'>
        {data.items.length === 0 ? <Text className='muted'>还没有查阅记录。</Text> : null}
        {data.items.map((i) => (
          <View key={i.id} className='access-log__row' data-log={i.id}>
            <Text className='access-log__what'>{i.actionLabel}</Text>
            <Text className='muted'>{`${i.actorName}${i.actorRoleLabel ? `（${i.actorRoleLabel}）` : ''} · ${i.nodeName} · ${date(i.at)}`}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
