import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { NeedForm } from '../../../components/NeedForm';
import { api } from '../../../services/api';
import type { TreeNodeView } from '@contract/tree';
import { ensureSession, useSession } from '../../../store/session';
import { triageNodes } from '../../staff';

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
  const [communities, setCommunities] = useState<Array<{ id: number; name: string }>>([]);
  const [communityId, setCommunityId] = useState<number | null>(null);

  useEffect(() => {
    void ensureSession();
  }, []);
  useEffect(() => {
    const nodes = triageNodes(me);
    if (!nodes.length) return;
    const direct = nodes.filter((n) => n.nodeLevel === 'community').map((n) => ({ id: n.nodeId, name: n.nodeName }));
    if (direct.length === nodes.length) {
      setCommunities(direct);
      setCommunityId((c) => c ?? direct[0].id);
      return;
    }
    // A street or district admin: choose among the communities they cover.
    api
      .tree()
      .then((tree) => {
        const list = nodes.flatMap((n) => communitiesUnder(tree, n.nodeId)).map((c) => ({ id: c.id, name: c.name }));
        const unique = Array.from(new Map(list.map((c) => [c.id, c])).values());
        setCommunities(unique);
        setCommunityId((c) => c ?? unique[0]?.id ?? null);
      })
      .catch(() => undefined);
  }, [me]);

  if (!me) {
    return (
      <View className='page proxy-report'>
        <Text className='muted'>正在加载…</Text>
      </View>
    );
  }
  if (triageNodes(me).length === 0) {
    return (
      <View className='page proxy-report'>
        <View className='card'>
          <Text className='muted'>只有社区工作人员可以代居民上报。</Text>
        </View>
      </View>
    );
  }
  return (
    <View className='page proxy-report'>
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
