import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { usePageData } from '../../../hooks/usePageData';
import { fundApi } from '../../../services/charity';
import type { PublicFundView } from '@contract/funds';
import { sessionSettled, useSessionGate } from '../../../store/session';
import { Loading } from '../../../volunteer/components';
import { MonthlyChart } from '../../components';
import { dateText, homeNodeId, yuan } from '../../format';
import { CHARITY_PAGES } from '../../routes';
import '../../../volunteer/volunteer.scss';
import '../../charity.scss';
import { pageClass } from '../../../store/elder';

/** How many months the chart shows: the last six are readable on a phone. */
const CHART_MONTHS = 6;

/** 社区基金: the public ledger — balance, monthly in/out, where the money went, who gave. */
export default function FundPage() {
  const { params } = useRouter();
  const { me, status } = useSessionGate({ public: true });
  const nodeId = Number(params.nodeId) || homeNodeId(me);
  const { data: fund, error } = usePageData<PublicFundView>(() => (nodeId ? fundApi.view(nodeId) : null), [nodeId, status], {
    missing: sessionSettled(status) ? (status === 'ready' ? '请先选择您所在的社区' : '请从社区分享的链接打开，或登录后查看您所在社区的基金') : undefined,
  });

  if (!fund) return <Loading className='ch-fund' error={error} />;
  return (
    <View className={pageClass('page ch-fund')}>
      <View className='card ch-balance'>
        <Text className='ch-balance__node'>{`${fund.node.name}${fund.node.level === 'street' ? '社区发展基金' : '基金'}`}</Text>
        <Text className='ch-balance__label'>当前余额</Text>
        <Text className='ch-balance__amount ch-fund__balance'>{yuan(fund.balanceFen)}</Text>
        <View className='ch-totals'>
          <View className='ch-totals__item'>
            <Text className='muted'>累计收入</Text>
            <Text className='ch-totals__value ch-in ch-fund__income'>{yuan(fund.totals.incomeFen)}</Text>
          </View>
          <View className='ch-totals__item'>
            <Text className='muted'>累计支出</Text>
            <Text className='ch-totals__value ch-out ch-fund__spending'>{yuan(fund.totals.spendingFen)}</Text>
          </View>
        </View>
      </View>

      <Text className='section-title'>近半年收支</Text>
      <View className='card'>
        <MonthlyChart months={fund.monthly.slice(-CHART_MONTHS)} />
      </View>

      <Text className='section-title'>钱用在了哪里</Text>
      <View className='card ch-fund__allocations'>
        {fund.allocations.length === 0 ? <Text className='ch-empty-line'>还没有支出</Text> : null}
        {fund.allocations.map((a) => (
          <View key={a.id} className='ch-line ch-allocation' data-allocation={a.id}>
            <View className='ch-line__main'>
              <Text className='ch-line__title ch-allocation__purpose'>{a.purpose}</Text>
              <Text className='ch-line__sub'>
                {[a.postedOn ? dateText(a.postedOn) : null, a.grantToNodeName ? `拨付${a.grantToNodeName}` : null, a.reversed ? '已冲正' : null].filter(Boolean).join(' · ')}
              </Text>
            </View>
            <Text className='ch-line__amount ch-out ch-allocation__amount'>{yuan(a.amountFen)}</Text>
          </View>
        ))}
      </View>

      <Text className='section-title'>爱心捐款</Text>
      <View className='card ch-fund__donations'>
        {fund.donations.length === 0 ? <Text className='ch-empty-line'>还没有捐款记录</Text> : null}
        {fund.donations.map((d) => (
          <View key={d.id} className='ch-line ch-donation' data-entry={d.id}>
            <View className='ch-line__main'>
              <Text className='ch-line__title ch-donation__donor'>{d.donor ?? '爱心人士'}</Text>
              <Text className='ch-line__sub'>{[d.donorKindLabel, d.channel, dateText(d.occurredOn), d.reversed ? '已冲正' : null].filter(Boolean).join(' · ')}</Text>
            </View>
            <Text className='ch-line__amount ch-in'>{yuan(d.amountFen)}</Text>
          </View>
        ))}
      </View>

      <Text className='section-title'>爱心物资</Text>
      <View className='card ch-fund__inkind'>
        {fund.inKind.length === 0 ? <Text className='ch-empty-line'>还没有物资捐赠</Text> : null}
        {fund.inKind.map((g) => (
          <View key={g.id} className='ch-line ch-inkind' data-inkind={g.id}>
            <View className='ch-line__main'>
              <Text className='ch-line__title'>{`${g.item} ${g.quantity}${g.unit}`}</Text>
              <Text className='ch-line__sub'>{`${g.donor} · ${dateText(g.receivedOn)}`}</Text>
              <Text className='ch-line__sub'>{`去向：${g.destinationLabel}${g.destinationNote ? `（${g.destinationNote}）` : ''}`}</Text>
            </View>
          </View>
        ))}
      </View>

      <Text className='muted'>社区基金不在线收款：捐款通过银行转账或慈善组织的渠道进行，这里公开每一笔收入和支出，每笔支出都经两人审批。</Text>
      <Text className='link ch-fund__wishes' onClick={() => void Taro.navigateTo({ url: CHARITY_PAGES.wishes({ nodeId: fund.node.id }) })}>
        看看社区的微心愿 ›
      </Text>
    </View>
  );
}
