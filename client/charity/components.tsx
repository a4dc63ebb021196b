import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { MonthTotals } from '@contract/funds';
import type { CampaignView, PublicWishView } from '@contract/wishes';
import { date } from '../volunteer/format';
export { NodeChips } from '../components/Basics';
import { barScale, monthText, yuan } from './format';

/** Income and spending of the last months as bars (Views, no chart library), with the amounts in words below. */
export function MonthlyChart({ months }: { months: MonthTotals[] }) {
  const h = barScale(months);
  const latest = months[months.length - 1];
  return (
    <View className='ch-chart'>
      <View className='ch-chart__bars'>
        {months.map((m) => (
          <View key={m.month} className='ch-chart__month' data-month={m.month}>
            <View className='ch-chart__bar ch-chart__bar--in' style={{ height: `${h(m.incomeFen)}%` }} />
            <View className='ch-chart__bar ch-chart__bar--out' style={{ height: `${h(m.spendingFen)}%` }} />
          </View>
        ))}
      </View>
      <View className='ch-chart__labels'>
        {months.map((m) => (
          <Text key={m.month} className='ch-chart__label'>
            {monthText(m.month)}
          </Text>
        ))}
      </View>
      <View className='ch-chart__legend'>
        <View className='ch-chart__key'>
          <View className='ch-chart__swatch ch-chart__swatch--in' />
          <Text>收入</Text>
        </View>
        <View className='ch-chart__key'>
          <View className='ch-chart__swatch ch-chart__swatch--out' />
          <Text>支出</Text>
        </View>
      </View>
      {latest ? <Text className='muted ch-chart__latest'>{`本月收入 ${yuan(latest.incomeFen)}，支出 ${yuan(latest.spendingFen)}`}</Text> : null}
    </View>
  );
}

/** One wish on the wall or in the workbench: what, for whom (masked), value and state. */
export function WishCard({ wish, onClick, children }: { wish: PublicWishView; onClick?: () => void; children?: ReactNode }) {
  return (
    <View className={`card ch-wish ch-wish--${wish.status}`} data-wish={wish.id} onClick={onClick}>
      <View className='ch-wish__head'>
        <Text className='ch-wish__title'>{wish.title}</Text>
        <Text className={`ch-tag ch-tag--${wish.status}`}>{wish.statusLabel}</Text>
      </View>
      <Text className='ch-wish__who'>{`${wish.categoryLabel} · ${wish.beneficiary} · ${wish.communityName}`}</Text>
      <Text className='ch-wish__story'>{wish.story.length > 60 ? `${wish.story.slice(0, 60)}…` : wish.story}</Text>
      <Text className='ch-wish__value'>{`参考价值 ${yuan(wish.valueFen)}`}</Text>
      {wish.thanks ? <Text className='ch-wish__who ch-wish__thanks'>{wish.thanks.label}</Text> : null}
      {children}
    </View>
  );
}

/** A campaign with its progress: how many of its wishes are claimed and delivered. */
export function CampaignCard({ c, onClick }: { c: CampaignView; onClick?: () => void }) {
  const { total, claimed, delivered } = c.progress;
  const pct = total ? Math.round((claimed / total) * 100) : 0;
  return (
    <View className='card ch-campaign' data-campaign={c.id} onClick={onClick}>
      <Text className='ch-campaign__title'>{c.title}</Text>
      {c.organizer ? <Text className='ch-campaign__text'>{`主办：${c.organizer}`}</Text> : null}
      <View className='ch-progress'>
        <View className='ch-progress__fill' style={{ width: `${pct}%` }} />
      </View>
      <Text className='ch-campaign__text ch-campaign__progress'>{`共 ${total} 个心愿，已认领 ${claimed} 个，已送达 ${delivered} 个`}</Text>
      <Text className='ch-campaign__text'>{c.ended ? '活动已截止' : `${date(c.deadlineAt)}截止`}</Text>
    </View>
  );
}

