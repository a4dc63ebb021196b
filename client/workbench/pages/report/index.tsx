import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { NeedForm } from '../../../components/NeedForm';
import { usePageData } from '../../../hooks/usePageData';
import { api } from '../../../services/api';
import type { TreeNodeView } from '@contract/tree';
import { ensureSession, useSession } from '../../../store/session';
import { triageNodes } from '../../staff';
import { pageClass } from '../../../store/elder';

/** Communities under a node of the tree (the node itself if it is one). */
function communitiesUnder(tree: TreeNodeView[], nodeId: number): TreeNodeView[] {
  const find = (nodes: TreeNodeView[]): TreeNodeView | null => {
    for (const n of nodes) {
      if (n.id === nodeId) return n;
      const hit = find(n.children ?? []);
      if (hit) return hit;
    }
    return null;
  };
  const all = (n: TreeNodeView): TreeNodeView[] => (n.level === 'community' ? [n] : (n.children ?? []).flatMap(all));
  const node = find(tree);
  return node ? all(node) : [];
}

/** 代报: staff enter a need for an offline resident (an elderly neighbour without a phone). */
export default function ProxyReportPage() {
  const { me } = useSession();
  const [communityId, setCommunityId] = useState<number | null>(null);

  useEffect(() => {
    void ensureSession();
  }, []);
  const loaded = usePageData((): Promise<Array<{ id: number; name: string }>> | null => {
    const nodes = triageNodes(me);
    if (!nodes.length) return null;
    const direct = nodes.filter((n) => n.nodeLevel === 'community').map((n) => ({ id: n.nodeId, name: n.nodeName }));
    if (direct.length === nodes.length) return Promise.resolve(direct);
    // A street or district admin: choose among the communities they cover.
    return api.tree().then((tree) => {
      const list = nodes.flatMap((n) => communitiesUnder(tree, n.nodeId)).map((c) => ({ id: c.id, name: c.name }));
      return Array.from(new Map(list.map((c) => [c.id, c])).values());
    });
  }, [me]);
  const communities = loaded.data ?? [];
  useEffect(() => {
    if (loaded.data) setCommunityId((c) => c ?? loaded.data?.[0]?.id ?? null);
  }, [loaded.data]);

  if (!me) {
    return (
      <View className={pageClass('page proxy-report')}>
        <Text className='muted'>正在加载…</Text>
      </View>
    );
  }
  if (triageNodes(me).length === 0) {
    return (
      <View className={pageClass('page proxy-report')}>
        <View className='card'>
          <Text className='muted'>只有社区工作人员可以代居民上报。</Text>
        </View>
      </View>
    );
  }
  return (
    <View className={pageClass('page proxy-report')}>
      <View className='card'>
        <Text className='form-label'>代哪个社区的居民上报</Text>
        <View className='chips'>
          {communities.map((c) => (
            <View key={c.id} className={`chip${communityId === c.id ? ' chip--on' : ''}`} onClick={() => setCommunityId(c.id)}>
              <Text>{c.name}</Text>
            </View>
          ))}
        </View>
        <Text className='muted'>适用于不方便用手机的居民（如高龄老人）当面或电话反映的事。居民的姓名和电话加密保存，只有社区工作人员能看到打码后的信息。</Text>
      </View>
      <NeedForm mode='proxy' communityId={communityId} onSubmitted={(need) => void Taro.redirectTo({ url: `/workbench/pages/need/index?id=${need.id}` })} />
    </View>
  );
}
