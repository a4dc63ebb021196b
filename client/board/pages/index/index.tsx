import { Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { useState } from 'react';
import { yuan } from '@contract/format';
import type { TreeNodeView } from '@contract/tree';
import { NeedRow } from '../../../components/NeedRow';
import { usePageData } from '../../../hooks/usePageData';
import { api } from '../../../services/api';
import { fundApi, wishApi } from '../../../services/charity';
import { consultationApi } from '../../../services/consultation';
import { statsApi } from '../../../services/stats';
import { sessionSettled, useSessionGate } from '../../../store/session';
import './index.scss';
import { pageClass } from '../../../store/elder';
import { boardPageUrl, needPageUrl } from '../../../utils/nav';

/** The community a visitor last looked at, so that the board opens on it next time. */
const BOARD_COMMUNITY_KEY = 'boardCommunity';

/** Every community of the tree (district → street → community), with its street's name. */
export function communitiesOf(tree: TreeNodeView[]): Array<{ id: number; name: string; streetName: string }> {
  return tree.flatMap((d) => (d.children ?? []).flatMap((s) => (s.children ?? []).map((c) => ({ id: c.id, name: c.name, streetName: s.name }))));
}

/**
 * 社区公示: what a community does in the open — the needs residents agreed to make public, the
 * fund's balance, the wishes waiting, the projects finished. Anyone may open it (a shared link
 * carries ?communityId=), without logging in; nothing on it names a resident. In the board
 * subpackage; its old address pages/board/index forwards here.
 */
export default function BoardPage() {
  const { params } = useRouter();
  const { me, status } = useSessionGate({ public: true });
  const [picked, setPicked] = useState<number | null>(() => Number(Taro.getStorageSync(BOARD_COMMUNITY_KEY)) || null);
  const communityId = Number(params.communityId) || me?.residence?.communityId || picked;
  const settled = sessionSettled(status);

  const tree = usePageData(() => (settled && !communityId ? api.tree() : null), [settled, communityId]);
  const page = usePageData(
    () =>
      communityId
        ? Promise.all([
            api.board(communityId, { limit: 5, offset: 0 }),
            fundApi.view(communityId).catch(() => null),
            wishApi.list({ nodeId: communityId, status: 'open', limit: 3 }),
            consultationApi.publicProjects(communityId),
            statsApi.communityMonth(communityId).catch(() => null),
          ])
        : null,
    [communityId],
  );
  const [needs, fund, wishes, projects, month] = page.data ?? [null, null, null, null, null];
  const communityName = fund?.node.name ?? wishes?.items[0]?.communityName ?? '社区';

  useShareAppMessage(() => ({ title: `${communityName}公示`, path: boardPageUrl(communityId) }));

  const pick = (id: number) => {
    Taro.setStorageSync(BOARD_COMMUNITY_KEY, String(id));
    setPicked(id);
  };

  if (!communityId) {
    const list = tree.data ? communitiesOf(tree.data) : null;
    return (
      <View className={pageClass('page board')}>
        <View className='card'>
          <Text className='form-label'>选择要查看的社区</Text>
          {!list ? <Text className='muted'>{tree.error ?? '正在加载社区列表…'}</Text> : null}
          <View className='board-pick'>
            {list?.map((c) => (
              <Text key={c.id} className='chip board-pick__community' data-community={c.id} onClick={() => pick(c.id)}>
                {`${c.streetName} ${c.name}`}
              </Text>
            ))}
          </View>
        </View>
      </View>
    );
  }
  if (!page.data) {
    return (
      <View className={pageClass('page board')}>
        <Text className='muted'>{page.error ?? '正在加载…'}</Text>
      </View>
    );
  }
  const done = (projects ?? []).filter((p) => p.status === 'completed');
  return (
    <View className={pageClass('page board')}>
      <View className='card board-head'>
        <Text className='board-head__title'>{`${communityName}公示`}</Text>
        <Text className='muted'>居民同意公开的需求、社区基金的每一笔收支、微心愿和服务项目，都在这里。不显示任何居民的姓名和住址。</Text>
      </View>

      {month ? (
        <View className='card board-section board-month'>
          <Text className='form-label'>{`本月（${month.month.replace('-', '年')}月）`}</Text>
          <View className='board-section__line'>
            <Text>居民反映</Text>
            <Text>{`${month.reported} 件，已办结 ${month.done} 件`}</Text>
          </View>
          <View className='board-section__line'>
            <Text>满意率</Text>
            <Text>{month.satisfactionRate.percent == null ? '暂无评价' : `${month.satisfactionRate.percent}%（${month.satisfactionRate.numerator}/${month.satisfactionRate.denominator}）`}</Text>
          </View>
          <View className='board-section__line'>
            <Text>志愿服务</Text>
            <Text>{`${month.volunteerHours} 小时`}</Text>
          </View>
          <View className='board-section__line'>
            <Text>社区基金</Text>
            <Text>{`收入 ${yuan(month.fundIncomeFen)} · 支出 ${yuan(month.fundSpendingFen)}`}</Text>
          </View>
        </View>
      ) : null}

      <Text className='section-title'>{`公开办理的需求（共 ${needs?.total ?? 0} 件）`}</Text>
      <View className='board-needs'>
        {needs?.items.length ? null : (
          <View className='card'>
            <Text className='muted'>暂时没有公开的需求</Text>
          </View>
        )}
        {needs?.items.map((n) => <NeedRow key={n.id} item={n} onClick={() => void Taro.navigateTo({ url: needPageUrl(n.id) })} />)}
      </View>

      {fund ? (
        <View className='card board-section board-fund' onClick={() => void Taro.navigateTo({ url: `/charity/pages/fund/index?nodeId=${communityId}` })}>
          <Text className='form-label'>社区基金</Text>
          <Text className='board-section__money'>{yuan(fund.balanceFen)}</Text>
          <Text className='muted'>{`累计收入 ${yuan(fund.totals.incomeFen)} · 累计支出 ${yuan(fund.totals.spendingFen)}`}</Text>
          <Text className='link'>查看每一笔收支 ›</Text>
        </View>
      ) : null}

      <View className='card board-section board-wishes' onClick={() => void Taro.navigateTo({ url: `/charity/pages/wishes/index?nodeId=${communityId}` })}>
        <Text className='form-label'>{`等待认领的微心愿（${wishes?.total ?? 0} 个）`}</Text>
        {wishes?.items.map((w) => (
          <View key={w.id} className='board-section__line'>
            <Text>{w.title}</Text>
            <Text className='muted'>{`${w.categoryLabel} ${w.beneficiary}`}</Text>
          </View>
        ))}
        <Text className='link'>去心愿墙 ›</Text>
      </View>

      <View className='card board-section board-projects'>
        <Text className='form-label'>{`已完成的服务项目（${done.length} 个）`}</Text>
        {done.length === 0 ? <Text className='muted'>还没有完成的项目</Text> : null}
        {done.map((p) => (
          <View key={p.id} className='board-section__line' onClick={() => void Taro.navigateTo({ url: `/loop/pages/project/index?id=${p.id}` })}>
            <Text>{p.title}</Text>
            <Text className='muted'>{`服务 ${p.peopleServed} 人次${p.score != null ? ` · 评估 ${p.score} 分` : ''}`}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
