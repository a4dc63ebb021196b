import { Switch, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { PhotoGrid } from '../../../components/Photos';
import { usePageData } from '../../../hooks/usePageData';
import { ApiError } from '../../../services/api';
import { wishApi } from '../../../services/charity';
import { requireLogin, sessionSettled, useSessionGate } from '../../../store/session';
import { KV, Loading, Result, confirmDialog } from '../../../volunteer/components';
import { dayTime } from '../../../volunteer/format';
import { deadlineText, yuan } from '../../format';
import { CHARITY_PAGES } from '../../routes';
import '../../../volunteer/volunteer.scss';
import '../../charity.scss';
import { pageClass } from '../../../store/elder';

/** One wish: the story (beneficiary masked), claim it, the delivery arrangements once claimed, the thanks once done. */
export default function WishPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const { status } = useSessionGate({ public: true });
  const [anonymous, setAnonymous] = useState(false);
  const [partyMember, setPartyMember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const ready = Boolean(id) && sessionSettled(status);
  const detail = usePageData(() => (ready ? wishApi.detail(id) : null), [id, status], { missing: id ? undefined : '没有找到这个心愿' });
  const history = usePageData(() => (ready ? wishApi.timeline(id).catch(() => []) : null), [id, status]);
  const wish = detail.data;
  const error = detail.error;
  const timeline = history.data ?? [];
  const load = () => {
    detail.reload();
    history.reload();
  };

  const claim = async () => {
    if (busy || !wish || !requireLogin()) return;
    const sure = await confirmDialog('认领心愿', `认领后请在期限内把“${wish.title}”送到社区。确定认领吗？`, '确定认领');
    if (!sure) return;
    setBusy(true);
    try {
      await wishApi.claim(wish.id, { anonymous, asPartyMember: partyMember });
      setOutcome({ ok: true, text: '认领成功！请按下面的送达方式把心愿物品送到。' });
      load();
    } catch (err) {
      if (err instanceof ApiError) setOutcome({ ok: false, text: err.message });
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async () => {
    if (busy || !wish) return;
    if (!(await confirmDialog('撤回认领', '撤回后心愿会重新开放，让其他爱心人士认领。确定撤回吗？', '撤回认领'))) return;
    setBusy(true);
    try {
      await wishApi.withdrawClaim(wish.id);
      setOutcome({ ok: true, text: '已撤回认领，感谢您的关注。' });
      load();
    } catch {
      // The API module showed the reason.
    } finally {
      setBusy(false);
    }
  };

  if (!wish) return <Loading className='ch-wish-page' error={error} />;
  const mine = wish.myClaim;
  return (
    <View className={pageClass('page ch-wish-page')}>
      <View className='card ch-wish'>
        <View className='ch-wish__head'>
          <Text className='ch-wish__title ch-wish-page__title'>{wish.title}</Text>
          <Text className={`ch-tag ch-tag--${wish.status} ch-wish-page__status`}>{wish.statusLabel}</Text>
        </View>
        <KV k='受助对象'>{`${wish.categoryLabel} ${wish.beneficiary}`}</KV>
        <KV k='所在社区'>{wish.communityName}</KV>
        <KV k='参考价值'>{yuan(wish.valueFen)}</KV>
        <KV k='发布时间'>{dayTime(wish.createdAt)}</KV>
      </View>

      <View className='card'>
        <Text className='form-label'>心愿故事</Text>
        <Text className='ch-wish-page__story'>{wish.story}</Text>
      </View>

      {outcome ? <Result ok={outcome.ok} title={outcome.ok ? '操作成功' : '没有成功'} text={outcome.text} className='ch-wish-page__outcome' /> : null}

      {mine && mine.status !== 'active' ? (
        <View className='card ch-wish-page__mine-done'>
          <Text className='ch-thanks__label'>{`您认领的这个心愿${mine.statusLabel}，谢谢您的爱心！`}</Text>
        </View>
      ) : null}
      {mine?.status === 'active' ? (
        <View className='card ch-claim ch-wish-page__mine'>
          <Text className='form-label'>我的认领</Text>
          <Text className='ch-claim__deadline'>{deadlineText(mine.deadlineAt)}</Text>
          {mine.contactText ? <Text className='ch-claim__contact'>{`送达方式：${mine.contactText}`}</Text> : null}
          <Text className='muted'>{`认领身份：${mine.anonymous ? '匿名（爱心人士）' : '公开昵称'}${mine.asPartyMember ? '，党员' : ''}`}</Text>
          <Button className='ch-withdraw-btn' size='xlarge' fill='outline' block disabled={busy} onClick={() => void withdraw()}>
            撤回认领
          </Button>
        </View>
      ) : null}

      {wish.status === 'open' ? (
        <View className='card ch-wish-page__claim'>
          <Text className='form-label'>我来圆这个心愿</Text>
          <View className='ch-option'>
            <Text>匿名认领（公开显示为“爱心人士”）</Text>
            <Switch className='ch-claim-anonymous' checked={anonymous} color='#c8102e' onChange={(e) => setAnonymous(e.detail.value)} />
          </View>
          <View className='ch-option'>
            <Text>我是党员，以党员身份认领</Text>
            <Switch className='ch-claim-party' checked={partyMember} color='#c8102e' onChange={(e) => setPartyMember(e.detail.value)} />
          </View>
          <Button className='ch-claim-btn' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void claim()}>
            我要认领
          </Button>
          <Text className='muted'>认领后 7 天内送到社区即可，社区会转交并拍照反馈。</Text>
        </View>
      ) : null}

      {wish.thanks ? (
        <View className='card ch-thanks ch-wish-page__thanks'>
          <Text className='ch-thanks__label'>{wish.thanks.label}</Text>
          {wish.thanks.text ? <Text className='ch-thanks__text'>{`“${wish.thanks.text}”`}</Text> : null}
          {wish.thanks.photoUrl ? <PhotoGrid photos={[{ id: wish.id, mime: 'image/jpeg', size: 0, url: wish.thanks.photoUrl }]} /> : null}
        </View>
      ) : null}

      {timeline.length ? (
        <View className='card ch-steps ch-wish-page__timeline'>
          <Text className='form-label'>心愿进展</Text>
          {timeline.map((t, i) => (
            <View key={`${t.at}-${i}`} className='ch-steps__item'>
              <Text className='ch-steps__label'>{t.label}</Text>
              <Text className='ch-steps__meta'>{`${dayTime(t.at)} · ${t.claimer ?? t.by}`}</Text>
            </View>
          ))}
        </View>
      ) : null}

      <Text className='link' onClick={() => void Taro.navigateTo({ url: CHARITY_PAGES.claims })}>
        我认领的心愿 ›
      </Text>
    </View>
  );
}
