import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { type PickedPhoto, PhotoPicker } from '../../../components/Photos';
import { usePageData } from '../../../hooks/usePageData';
import { wishApi } from '../../../services/charity';
import type { ClaimView } from '@contract/wishes';
import { useSessionGate } from '../../../store/session';
import { Loading } from '../../../volunteer/components';
import { date } from '../../../volunteer/format';
import { deadlineText } from '../../format';
import { CHARITY_PAGES } from '../../routes';
import '../../../volunteer/volunteer.scss';
import '../../charity.scss';
import { pageClass } from '../../../store/elder';

/** Active claims first (soonest deadline first), then the finished ones, newest first. */
export function sortClaims(list: ClaimView[]): ClaimView[] {
  return [...list].sort((a, b) => {
    const aa = a.status === 'active' ? 0 : 1;
    const ba = b.status === 'active' ? 0 : 1;
    if (aa !== ba) return aa - ba;
    return aa === 0 ? a.deadlineAt.localeCompare(b.deadlineAt) : b.claimedAt.localeCompare(a.claimedAt);
  });
}

/** The claimer hands in the delivery photo (when handing the gift over, or for a delivery recorded without one); private until staff publish it with consent. */
function AddPhoto({ claim, onDone }: { claim: ClaimView; onDone: () => void }) {
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const id = photos.find((p) => p.id != null)?.id ?? null;
  const submit = async () => {
    if (busy || id == null) return;
    setBusy(true);
    try {
      await wishApi.addDeliveryPhoto(claim.wishId, id);
      void Taro.showToast({ title: '照片已交给社区', icon: 'success' });
      onDone();
    } catch {
      // The API module showed the reason.
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='ch-claim-row__photo' onClick={(e) => e.stopPropagation()}>
      <Text className='form-label form-label--gap'>{claim.status === 'active' ? '送达时拍一张照片交给社区，社区核实后确认送达（只给社区看，受助人同意后才会公开）' : '补充送达照片（只给社区看，受助人同意后才会公开）'}</Text>
      <PhotoPicker value={photos} onChange={setPhotos} max={1} />
      {photos.length ? (
        <Button className='ch-claim-row__photo-submit' type='primary' size='large' block loading={busy} disabled={busy || id == null} onClick={() => void submit()}>
          交给社区
        </Button>
      ) : null}
    </View>
  );
}

/** 我认领的心愿: each claim with its deadline and where to deliver while it is active. */
export default function MyClaimsPage() {
  const { status } = useSessionGate();
  const { data: claims, error, reload } = usePageData(() => (status === 'ready' ? wishApi.myClaims().then(sortClaims) : null), [status]);

  if (!claims) return <Loading className='ch-claims' error={error} />;
  return (
    <View className={pageClass('page ch-claims')}>
      {claims.length === 0 ? (
        <View className='card empty'>
          <Text className='empty__title'>您还没有认领过心愿</Text>
          <Text className='empty__text'>在心愿墙上挑一个，帮邻居圆个小心愿吧。</Text>
        </View>
      ) : null}
      {claims.map((c) => (
        <View key={c.id} className={`card ch-wish ch-claim-row ch-claim-row--${c.status}`} data-wish={c.wishId} onClick={() => void Taro.navigateTo({ url: CHARITY_PAGES.wish(c.wishId) })}>
          <View className='ch-wish__head'>
            <Text className='ch-wish__title'>{c.wishTitle}</Text>
            <Text className={`ch-tag ch-tag--${c.status} ch-claim-row__status`}>{c.statusLabel}</Text>
          </View>
          {c.status === 'active' ? <Text className='ch-claim__deadline ch-claim-row__deadline'>{deadlineText(c.deadlineAt)}</Text> : null}
          {c.contactText ? <Text className='ch-claim__contact'>{`送达方式：${c.contactText}`}</Text> : null}
          <Text className='muted'>{`${date(c.claimedAt)}认领${c.anonymous ? ' · 匿名' : ''}${c.asPartyMember ? ' · 党员' : ''}`}</Text>
          {c.canAddPhoto ? <AddPhoto claim={c} onDone={reload} /> : null}
        </View>
      ))}
      <Text className='link' onClick={() => void Taro.navigateTo({ url: CHARITY_PAGES.wishes() })}>
        去心愿墙看看 ›
      </Text>
    </View>
  );
}
