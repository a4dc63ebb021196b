import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { beijingDate, yuan } from '@contract/format';
import type { NeedStatsView, RateView } from '@contract/stats';
import { NodeChips } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { statsApi } from '../../../services/stats';
import { ensureSession, useSession } from '../../../store/session';
import { Loading } from '../../../volunteer/components';
import type { MeView } from '@contract/users';
import '../../../volunteer/volunteer.scss';
import './index.scss';

type Period = 'month' | 'last' | 'year';
const PERIODS: Array<{ key: Period; label: string }> = [
  { key: 'month', label: '本月' },
  { key: 'last', label: '上月' },
  { key: 'year', label: '本年' },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** The Beijing calendar days of a period, from today (Beijing). */
export function periodDays(period: Period, now: Date = new Date()): { from: string; to: string } {
  const today = beijingDate(now);
  const [y, m] = today.split('-').map(Number);
  if (period === 'year') return { from: `${y}-01-01`, to: today };
  if (period === 'month') return { from: `${y}-${pad(m)}-01`, to: today };
  const ly = m === 1 ? y - 1 : y;
  const lm = m === 1 ? 12 : m - 1;
  const last = new Date(Date.UTC(ly, lm, 0)).getUTCDate();
  return { from: `${ly}-${pad(lm)}-01`, to: `${ly}-${pad(lm)}-${pad(last)}` };
}

/** The places whose figures the user may see: where they are staff or admin (a district too); the children show below. */
export function statsNodes(me: MeView | null): Array<{ nodeId: number; nodeName: string }> {
  const out = new Map<number, string>();
  for (const r of me?.roles ?? []) if (r.role === 'staff' || r.role === 'admin') out.set(r.nodeId, r.nodeName);
  return [...out.entries()].map(([nodeId, nodeName]) => ({ nodeId, nodeName }));
}

/** 68.5%（37/54）, or 暂无 with nothing to count. */
export function rateText(r: RateView): string {
  return r.percent == null ? '暂无' : `${r.percent}%`;
}

function Rate({ label, rate }: { label: string; rate: RateView }) {
  return (
    <View className='card st-rate'>
      <Text className='st-rate__label'>{label}</Text>
      <Text className='st-rate__value'>{rateText(rate)}</Text>
      <Text className='st-rate__fraction'>{`${rate.numerator} / ${rate.denominator}`}</Text>
    </View>
  );
}

function Bars({ items }: { items: NeedStatsView['byStatus'] }) {
  const max = Math.max(1, ...items.map((i) => i.count));
  return (
    <View>
      {items.map((i) => (
        <View key={i.key} className='st-bar' data-key={i.key}>
          <Text className='st-bar__label'>{i.label}</Text>
          <View className='st-bar__track'>
            <View className='st-bar__fill' style={{ width: `${Math.round((i.count / max) * 100)}%` }} />
          </View>
          <Text>{i.count}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * 统计台账: the needs of the worker's community, street or district over a period — reported,
 * the three rates (响应率, 解决率, 满意率) with their fractions, each community or street side by side.
 */
export default function StatsPage() {
  const { me } = useSession();
  const nodes = statsNodes(me);
  const [nodeId, setNodeId] = useState<number | null>(null);
  const current = nodeId ?? nodes[0]?.nodeId ?? null;
  const [period, setPeriod] = useState<Period>('month');
  useEffect(() => {
    void ensureSession(true);
  }, []);
  const { data, error } = usePageData(() => (current ? statsApi.node(current, periodDays(period)) : null), [current, period]);
  const [downloading, setDownloading] = useState(false);
  const [ledgerUrl, setLedgerUrl] = useState<string | null>(null);
  const download = async () => {
    if (!current || downloading) return;
    setDownloading(true);
    try {
      const res = await statsApi.needsLedger(current, periodDays(period));
      setLedgerUrl(res.opened ? null : res.url);
    } catch {
      // The API module showed the reason.
    } finally {
      setDownloading(false);
    }
  };

  if (!me) return <Loading className='st' error={error} />;
  if (!current) return <Loading className='st' error='只有社区、街道的工作人员和管理员可以查看统计' />;
  return (
    <View className='page st'>
      <NodeChips nodes={nodes} current={current} onPick={setNodeId} />
      <View className='segments st-periods'>
        {PERIODS.map((p) => (
          <View key={p.key} className={`segments__item st-period-${p.key}${period === p.key ? ' segments__item--on' : ''}`} onClick={() => setPeriod(p.key)}>
            <Text>{p.label}</Text>
          </View>
        ))}
      </View>
      {!data ? <Loading error={error} /> : null}
      {data ? (
        <>
          <Text className='muted st-range'>{`${data.node.name} · ${data.from} 至 ${data.to} · 反映 ${data.needs.reported} 件，受理 ${data.needs.accepted} 件，办结 ${data.needs.done} 件`}</Text>
          <View className='st-rates'>
            <Rate label='响应率' rate={data.needs.responseRate} />
            <Rate label='解决率' rate={data.needs.resolutionRate} />
            <Rate label='满意率' rate={data.needs.satisfactionRate} />
          </View>
          <Text className='muted st-note'>{`响应时限：紧急 ${data.responseHours.critical} 小时、较急 ${data.responseHours.urgent} 小时、一般 ${data.responseHours.normal} 小时内受理或答复。超期未评价关闭 ${data.needs.closedNoFeedback} 件，不计入满意。`}</Text>

          {data.children.length ? (
            <>
              <Text className='section-title'>下辖各单位</Text>
              <View className='card st-table'>
                <View className='st-table__row st-table__row--head'>
                  <Text className='st-table__name'>名称</Text>
                  <Text className='st-table__cell'>反映</Text>
                  <Text className='st-table__cell'>响应率</Text>
                  <Text className='st-table__cell'>解决率</Text>
                  <Text className='st-table__cell'>满意率</Text>
                </View>
                {data.children.map((c) => (
                  <View key={c.node.id} className='st-table__row st-child' data-node={c.node.id}>
                    <Text className='st-table__name'>{c.node.name}</Text>
                    <Text className='st-table__cell'>{c.needs.reported}</Text>
                    <Text className='st-table__cell'>{rateText(c.needs.responseRate)}</Text>
                    <Text className='st-table__cell'>{rateText(c.needs.resolutionRate)}</Text>
                    <Text className='st-table__cell'>{rateText(c.needs.satisfactionRate)}</Text>
                  </View>
                ))}
              </View>
            </>
          ) : null}

          <Text className='section-title'>协商、项目、志愿服务与慈善资源</Text>
          <View className='card st-loop'>
            <Text className='form-label'>社区协商与服务项目</Text>
            <Text className='st-line'>{`协商议题 ${data.loop.topics} 个，议事会 ${data.loop.meetingsHeld} 场（到会 ${data.loop.meetingParticipants} 人次），议定事项 ${data.loop.resolutions} 项`}</Text>
            <Text className='st-line'>{`新立项目 ${data.loop.projectsStarted} 个（预算 ${yuan(data.loop.projectBudgetFen)}），结项 ${data.loop.projectsCompleted} 个${data.loop.averageScore != null ? `，平均评估 ${data.loop.averageScore} 分` : ''}，服务 ${data.loop.peopleServed} 人次`}</Text>
          </View>
          <View className='card st-volunteers'>
            <Text className='form-label'>志愿服务</Text>
            <Text className='st-line'>{`确认服务 ${data.volunteers.confirmedHours} 小时，参与志愿者 ${data.volunteers.active} 人，开展活动 ${data.volunteers.activitiesHeld} 场`}</Text>
            <Text className='st-line'>{`新注册志愿者 ${data.volunteers.registered} 人，完成需求服务任务 ${data.volunteers.tasksDone} 个`}</Text>
          </View>
          <View className='card st-charity'>
            <Text className='form-label'>慈善资源</Text>
            <Text className='st-line'>{`基金收入 ${yuan(data.charity.incomeFen)}，支出 ${yuan(data.charity.spendingFen)}`}</Text>
            <Text className='st-line'>{`微心愿发布 ${data.charity.wishesPublished} 个，认领 ${data.charity.wishesClaimed} 个（党员认领 ${data.charity.wishesClaimedByPartyMembers} 个），送达 ${data.charity.wishesDelivered} 个`}</Text>
          </View>

          <Text className='section-title'>按办理状态</Text>
          <View className='card'>{data.needs.byStatus.length ? <Bars items={data.needs.byStatus} /> : <Text className='muted'>这段时间没有居民反映需求</Text>}</View>
          <Text className='section-title'>按类别</Text>
          <View className='card'>{data.needs.byCategory.length ? <Bars items={data.needs.byCategory} /> : <Text className='muted'>暂无</Text>}</View>
          <Text className='section-title'>台账</Text>
          <View className='card st-ledger'>
            <Text className='muted'>{`${data.node.name}${data.from} 至 ${data.to}的居民需求台账（Excel，每个下辖单位一张表；姓名、电话已隐去）`}</Text>
            <Button className='st-ledger__download' type='primary' size='large' block loading={downloading} disabled={downloading} onClick={() => void download()}>
              导出需求台账
            </Button>
            {ledgerUrl ? (
              <Text className='link st-ledger__open' onClick={() => typeof window !== 'undefined' && window.open(ledgerUrl, '_blank')}>
                打开台账文件 ›
              </Text>
            ) : null}
          </View>
          <Text className='muted st-note'>基金、志愿时长、心愿和项目台账将在后续版本提供。</Text>
        </>
      ) : null}
    </View>
  );
}
