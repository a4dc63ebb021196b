import { Picker, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { beijingDate, yuan } from '@contract/format';
import { LEDGER_KINDS, LEDGER_LABEL, type LedgerKind, type NodeStatsView, type RateView } from '@contract/stats';
import { NodeChips } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { statsApi } from '../../../services/stats';
import { ensureSession, useSession } from '../../../store/session';
import { Loading } from '../../../volunteer/components';
import type { MeView } from '@contract/users';
import { Bars, TrendChart } from '../../charts';
import '../../../volunteer/volunteer.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

type Period = 'month' | 'last' | 'quarter' | 'year' | 'custom';
const PERIODS: Array<{ key: Period; label: string }> = [
  { key: 'month', label: '本月' },
  { key: 'last', label: '上月' },
  { key: 'quarter', label: '本季度' },
  { key: 'year', label: '本年' },
  { key: 'custom', label: '自定义' },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** The Beijing calendar days of a period, from today (Beijing); 自定义 keeps the days picked. */
export function periodDays(period: Period, now: Date = new Date(), custom?: { from: string; to: string }): { from: string; to: string } {
  const today = beijingDate(now);
  const [y, m] = today.split('-').map(Number);
  if (period === 'custom' && custom) return custom;
  if (period === 'year') return { from: `${y}-01-01`, to: today };
  if (period === 'quarter') return { from: `${y}-${pad(m - ((m - 1) % 3))}-01`, to: today };
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

/** Hours as a person says them: 3.5 小时, or 2.1 天 past two days. */
function hoursText(h: number | null): string {
  if (h == null) return '暂无';
  return h >= 48 ? `${Math.round((h / 24) * 10) / 10} 天` : `${h} 小时`;
}

/** The children most late first (then as the tree lists them). */
export function byOverdue(children: NodeStatsView['children']): NodeStatsView['children'] {
  return children.map((c, i) => ({ c, i })).sort((a, b) => b.c.overdue.late - a.c.overdue.late || b.c.overdue.red - a.c.overdue.red || a.i - b.i).map((x) => x.c);
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
  const [custom, setCustom] = useState(() => periodDays('month'));
  const days = periodDays(period, new Date(), custom);
  useEffect(() => {
    void ensureSession(true);
  }, []);
  const { data, error } = usePageData(() => (current ? statsApi.node(current, days) : null), [current, days.from, days.to]);
  const [downloading, setDownloading] = useState<LedgerKind | null>(null);
  const [ledgerUrl, setLedgerUrl] = useState<{ kind: LedgerKind; url: string } | null>(null);
  const download = async (kind: LedgerKind) => {
    if (!current || downloading) return;
    setDownloading(kind);
    try {
      const res = await statsApi.ledger(kind, current, days);
      setLedgerUrl(res.opened ? null : { kind, url: res.url });
    } catch {
      // The API module showed the reason.
    } finally {
      setDownloading(null);
    }
  };
  const pickDay = (which: 'from' | 'to', value: string) => {
    const next = { ...custom, [which]: value };
    // Keep the two in order: moving one past the other moves both.
    if (next.from > next.to) next[which === 'from' ? 'to' : 'from'] = value;
    setCustom(next);
  };

  // The figures on screen are always the chosen node's (its range line names the period): while another node loads, say so.
  const shown = data && data.node.id === current ? data : null;

  if (!me) return <Loading className='st' error={error} />;
  if (!current) return <Loading className='st' error='只有社区、街道的工作人员和管理员可以查看统计' />;
  const drilled = !nodes.some((n) => n.nodeId === current);
  return (
    <View className={pageClass('page st')}>
      <NodeChips nodes={nodes} current={current} onPick={setNodeId} />
      {drilled ? (
        <Text className='link st-up' onClick={() => setNodeId(null)}>
          {`‹ 返回${nodes[0]?.nodeName ?? ''}`}
        </Text>
      ) : null}
      <View className='segments st-periods'>
        {PERIODS.map((p) => (
          <View key={p.key} className={`segments__item st-period-${p.key}${period === p.key ? ' segments__item--on' : ''}`} onClick={() => setPeriod(p.key)}>
            <Text>{p.label}</Text>
          </View>
        ))}
      </View>
      {period === 'custom' ? (
        <View className='st-custom'>
          <Picker mode='date' value={custom.from} end={beijingDate(new Date())} onChange={(e) => pickDay('from', String(e.detail.value))}>
            <View className='st-custom__box st-custom__from'>{custom.from}</View>
          </Picker>
          <Text>至</Text>
          <Picker mode='date' value={custom.to} end={beijingDate(new Date())} onChange={(e) => pickDay('to', String(e.detail.value))}>
            <View className='st-custom__box st-custom__to'>{custom.to}</View>
          </Picker>
        </View>
      ) : null}
      {!shown ? <Loading error={error} /> : null}
      {shown && data ? (
        <>
          <Text className='muted st-range'>{`${data.node.name} · ${data.from} 至 ${data.to} · 反映 ${data.needs.reported} 件，受理 ${data.needs.accepted} 件，办结 ${data.needs.done} 件`}</Text>
          <View className='st-rates'>
            <Rate label='响应率' rate={data.needs.responseRate} />
            <Rate label='解决率' rate={data.needs.resolutionRate} />
            <Rate label='满意率' rate={data.needs.satisfactionRate} />
          </View>
          <View className={`card st-alert${data.overdue.late ? '' : ' st-alert--calm'}`}>
            <Text className='st-line st-overdue'>
              {data.overdue.late ? `现在超时未办 ${data.overdue.late} 件，其中严重超时 ${data.overdue.red} 件` : '现在没有超时未办的需求'}
            </Text>
            <Text className='muted'>{`受理用时：一半在 ${hoursText(data.needs.acceptHours.median)}内，九成在 ${hoursText(data.needs.acceptHours.p90)}内；办结用时：一半在 ${hoursText(data.needs.doneHours.median)}内`}</Text>
          </View>
          <Text className='muted st-note'>
            {`响应时限：紧急 ${data.responseHours.critical} 小时、较急 ${data.responseHours.urgent} 小时、一般 ${data.responseHours.normal} 小时内受理或答复；受理后每 ${data.progressDays} 天至少一次进展。超期未评价关闭 ${data.needs.closedNoFeedback} 件，不计入满意；重新办理后仍不满意 ${data.needs.dissatisfiedTwice} 件。代报需求只计入非承办人回访的评价。`}
          </Text>

          {data.children.length ? (
            <>
              <Text className='section-title'>下辖各单位（超时多的在前）</Text>
              <View className='card st-table'>
                <View className='st-table__row st-table__row--head'>
                  <Text className='st-table__name'>名称</Text>
                  <Text className='st-table__cell'>反映</Text>
                  <Text className='st-table__cell'>响应率</Text>
                  <Text className='st-table__cell'>解决率</Text>
                  <Text className='st-table__cell'>满意率</Text>
                  <Text className='st-table__cell'>超时</Text>
                </View>
                {byOverdue(data.children).map((c) => (
                  <View key={c.node.id} className='st-table__row st-child' data-node={c.node.id} onClick={() => setNodeId(c.node.id)}>
                    <Text className='st-table__name'>{c.node.name}</Text>
                    <Text className='st-table__cell'>{c.needs.reported}</Text>
                    <Text className='st-table__cell'>{rateText(c.needs.responseRate)}</Text>
                    <Text className='st-table__cell'>{rateText(c.needs.resolutionRate)}</Text>
                    <Text className='st-table__cell'>{rateText(c.needs.satisfactionRate)}</Text>
                    <Text className={`st-table__cell st-child__overdue${c.overdue.red ? ' st-table__cell--red' : ''}`}>
                      {c.overdue.red ? `${c.overdue.late}·红${c.overdue.red}` : String(c.overdue.late)}
                    </Text>
                  </View>
                ))}
              </View>
              <Text className='muted st-note'>点一行看该单位的详细数字。</Text>
            </>
          ) : null}

          <Text className='section-title'>每月趋势</Text>
          <View className='card'>
            <TrendChart trend={data.trend} />
          </View>

          <Text className='section-title'>协商、项目、志愿服务与慈善资源</Text>
          <View className='card st-loop'>
            <Text className='form-label'>社区协商与服务项目</Text>
            <Text className='st-line'>{`协商议题 ${data.loop.topics} 个，线上投票 ${data.loop.votes} 人次，议事会 ${data.loop.meetingsHeld} 场（到会 ${data.loop.meetingParticipants} 人次），议定事项 ${data.loop.resolutions} 项`}</Text>
            <Text className='st-line'>{`新立项目 ${data.loop.projectsStarted} 个（预算 ${yuan(data.loop.projectBudgetFen)}），慈善资金拨付项目 ${yuan(data.loop.projectFundedFen)}，结项 ${data.loop.projectsCompleted} 个${data.loop.averageScore != null ? `，平均评估 ${data.loop.averageScore} 分` : ''}，服务 ${data.loop.peopleServed} 人次`}</Text>
          </View>
          <View className='card st-volunteers'>
            <Text className='form-label'>志愿服务</Text>
            <Text className='st-line'>{`确认服务 ${data.volunteers.confirmedHours} 小时，参与志愿者 ${data.volunteers.active} 人，开展活动 ${data.volunteers.activitiesHeld} 场`}</Text>
            <Text className='st-line'>{`新注册志愿者 ${data.volunteers.registered} 人，完成需求服务任务 ${data.volunteers.tasksDone} 个`}</Text>
          </View>
          <View className='card st-charity'>
            <Text className='form-label'>慈善资源</Text>
            <Text className='st-line'>{`基金收入 ${yuan(data.charity.incomeFen)}，支出 ${yuan(data.charity.spendingFen)}，收到实物捐赠 ${data.charity.inKindDonations} 笔`}</Text>
            <Text className='st-line'>{`微心愿发布 ${data.charity.wishesPublished} 个，认领 ${data.charity.wishesClaimed} 个（党员认领 ${data.charity.wishesClaimedByPartyMembers} 个），送达 ${data.charity.wishesDelivered} 个`}</Text>
          </View>

          <Text className='section-title'>按办理状态</Text>
          <View className='card'>{data.needs.byStatus.length ? <Bars items={data.needs.byStatus} /> : <Text className='muted'>这段时间没有居民反映需求</Text>}</View>
          <Text className='section-title'>按类别</Text>
          <View className='card st-categories'>{data.needs.byCategory.length ? <Bars items={data.needs.byCategory} /> : <Text className='muted'>暂无</Text>}</View>
          <Text className='section-title'>台账</Text>
          <View className='card st-ledger'>
            <Text className='muted'>{`${data.node.name} ${data.from} 至 ${data.to}（Excel，${data.children.length ? '每个下辖单位一张表，' : ''}姓名、电话已隐去；每次导出都有记录）`}</Text>
            {LEDGER_KINDS.map((kind) => (
              <View key={kind} className={`st-ledgers__row st-ledger--${kind}`}>
                <Text>{LEDGER_LABEL[kind]}</Text>
                <Text className='link st-ledger__download' onClick={() => void download(kind)}>
                  {downloading === kind ? '正在导出…' : '导出 ›'}
                </Text>
              </View>
            ))}
            {ledgerUrl ? (
              <Text className='link st-ledger__open' onClick={() => typeof window !== 'undefined' && window.open(ledgerUrl.url, '_blank')}>
                {`打开${LEDGER_LABEL[ledgerUrl.kind]} ›`}
              </Text>
            ) : null}
          </View>
        </>
      ) : null}
    </View>
  );
}
