import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { CampaignCard, NodeChips, WishCard } from '../../../charity/components';
import { CHARITY_WORK_PAGES } from '../../../charity/routes';
import { todayBeijing } from '../../../charity/format';
import { dayTime } from '../../../volunteer/format';
import { type PickedPhoto, PhotoPicker } from '../../../components/Photos';
import { useForm } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { wishApi } from '../../../services/charity';
import type { PublicWishView, WishStatus } from '@contract/wishes';
import { ensureSession, useSession } from '../../../store/session';
import { FieldError, Loading, Result } from '../../../volunteer/components';
import { useManagedNodes } from '../../staff';
import '../../../volunteer/volunteer.scss';
import '../../../charity/charity.scss';
import { pageClass } from '../../../store/elder';

/** The staff's queue: claimed wishes wait for delivery, delivered ones for the thanks. */
const TABS: Array<{ status: WishStatus; label: string }> = [
  { status: 'claimed', label: '待送达' },
  { status: 'delivered', label: '待致谢' },
  { status: 'open', label: '待认领' },
  { status: 'completed', label: '已完成' },
];

/** Confirms delivery of a claimed wish: a photo (kept private until marked publishable) and a note. */
type Outcome = { title: string; text: string };

function DeliverForm({ wish, onDone }: { wish: PublicWishView; onDone: (o: Outcome) => void }) {
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const uploading = photos.some((p) => p.id == null && !p.failed);
  const submit = async () => {
    if (busy || uploading) return;
    const photoUploadId = photos.find((p) => p.id != null)?.id ?? undefined;
    // A delivery is shown by a photo: this one, or the one the claimer handed in.
    if (photoUploadId == null && !wish.hasPhoto) {
      setMissing(true);
      return;
    }
    setBusy(true);
    try {
      await wishApi.deliver(wish.id, { photoUploadId, note: note.trim() || undefined });
      onDone({ title: '已确认送达', text: `“${wish.title}”已确认送达，认领人已收到通知。请在“待致谢”里记录受助人的感谢，心愿才算完成。` });
    } catch {
      // The API module showed the reason.
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='wb-deliver' onClick={(e) => e.stopPropagation()}>
      <Text className='form-label form-label--gap'>{wish.hasPhoto ? '认领人已上传送达照片；也可以换一张（先不公开）' : '送达照片（必填，先不公开）'}</Text>
      <PhotoPicker value={photos} onChange={(p) => (setPhotos(p), setMissing(false))} max={1} />
      {missing ? <Text className='form-error wb-deliver__missing'>请拍一张物品交到受助人手中的照片，送达须有照片为证</Text> : null}
      <Text className='form-label'>送达说明（选填）</Text>
      <Textarea className='form-textarea wb-deliver__note' value={note} maxlength={200} placeholder='例如：已由社区转交给受助人' onInput={(e) => setNote(e.detail.value)} />
      <Button className='wb-deliver__submit' type='primary' size='xlarge' block loading={busy} disabled={busy || uploading} onClick={() => void submit()}>
        确认已送达
      </Button>
    </View>
  );
}

/**
 * Records the beneficiary's thanks and completes the wish. The delivery photo stays private unless
 * the worker switches it on (having asked the beneficiary); the server records who chose.
 */
function CompleteForm({ wish, onDone }: { wish: PublicWishView; onDone: (o: Outcome) => void }) {
  const [thanks, setThanks] = useState('');
  const [photoPublic, setPhotoPublic] = useState(false);
  const { errors, setErrors, busy, send } = useForm();
  const submit = async () => {
    if (!thanks.trim()) return setErrors({ thanksText: '请写下受助人的感谢语' });
    await send(async () => {
      await wishApi.complete(wish.id, { thanksText: thanks.trim(), photoPublic: wish.hasPhoto ? photoPublic : undefined });
      onDone({ title: '心愿已完成', text: `“${wish.title}”已完成，感谢语已公开${wish.hasPhoto ? (photoPublic ? '，送达照片已公开' : '，送达照片不公开') : ''}` });
    });
  };
  return (
    <View className='wb-complete' onClick={(e) => e.stopPropagation()}>
      <Text className='form-label form-label--gap'>受助人的感谢语（公开）</Text>
      <Textarea className='form-textarea wb-complete__thanks' value={thanks} maxlength={500} placeholder='例如：谢谢好心人，收音机很好用！' onInput={(e) => setThanks(e.detail.value)} />
      <FieldError errors={errors} field='thanksText' />
      {wish.hasPhoto ? (
        <View className='ch-option'>
          <Text>受助人同意公开送达照片（默认不公开，会记录由您选择）</Text>
          <Switch className='wb-complete__photo-public' checked={photoPublic} color='#c8102e' onChange={(e) => setPhotoPublic(e.detail.value)} />
        </View>
      ) : null}
      <FieldError errors={errors} field='photoPublic' />
      <FieldError errors={errors} field='_' />
      <Button className='wb-complete__submit' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void submit()}>
        记录感谢，完成心愿
      </Button>
    </View>
  );
}

/** The end of a Beijing calendar day as an ISO instant: 2026-12-31 → 2026-12-31T23:59:59+08:00. */
export const endOfBeijingDay = (ymd: string) => `${ymd}T23:59:59+08:00`;

/** Starts a wish campaign (心愿活动) on a street or community, with a deadline. */
function CampaignForm({ nodeId, onDone }: { nodeId: number; onDone: (o: Outcome) => void }) {
  const [title, setTitle] = useState('');
  const [organizer, setOrganizer] = useState('');
  const [description, setDescription] = useState('');
  const [deadline, setDeadline] = useState(todayBeijing(new Date(Date.now() + 30 * 86_400_000)));
  const { errors, setErrors, busy, send } = useForm();
  const submit = async () => {
    const e: Record<string, string> = {};
    if (!title.trim()) e.title = '请填写活动名称，例如：六一圆梦';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline)) e.deadlineAt = '请按 2026-12-31 的格式填写截止日期';
    if (Object.keys(e).length) return setErrors(e);
    await send(async () => {
      const c = await wishApi.createCampaign({ nodeId, title: title.trim(), organizer: organizer.trim() || undefined, description: description.trim() || undefined, deadlineAt: endOfBeijingDay(deadline) });
      setTitle('');
      setDescription('');
      onDone({ title: '活动已发起', text: `已发起心愿活动“${c.title}”，发布心愿时可以加入` });
    });
  };
  return (
    <View className='card wb-campaign'>
      <Text className='form-label'>活动名称</Text>
      <Input className='form-input wb-campaign__title' value={title} maxlength={40} placeholder='例如：六一圆梦' onInput={(e) => setTitle(e.detail.value)} />
      <FieldError errors={errors} field='title' />
      <Text className='form-label form-label--gap'>主办单位（选填）</Text>
      <Input className='form-input' value={organizer} maxlength={64} placeholder='例如：古南街道党工委' onInput={(e) => setOrganizer(e.detail.value)} />
      <FieldError errors={errors} field='organizer' />
      <Text className='form-label form-label--gap'>活动说明（选填）</Text>
      <Textarea className='form-textarea' value={description} maxlength={500} onInput={(e) => setDescription(e.detail.value)} />
      <FieldError errors={errors} field='description' />
      <Text className='form-label form-label--gap'>截止日期</Text>
      <Input className='form-input wb-campaign__deadline' value={deadline} maxlength={10} onInput={(e) => setDeadline(e.detail.value)} />
      <FieldError errors={errors} field='deadlineAt' />
      <FieldError errors={errors} field='_' />
      <Button className='wb-campaign__submit' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void submit()}>
        发起活动
      </Button>
    </View>
  );
}

/** 微心愿 (workbench): confirm deliveries, record thanks, see campaign progress, publish new wishes. */
export default function WishWorkPage() {
  const { me } = useSession();
  const nodes = useManagedNodes(me);
  const [nodeId, setNodeId] = useState<number | null>(null);
  const current = nodeId ?? nodes[0]?.nodeId ?? null;
  const [tab, setTab] = useState<WishStatus>('claimed');
  const [openId, setOpenId] = useState<number | null>(null);
  const [beneficiary, setBeneficiary] = useState<Record<number, string>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [campaignForm, setCampaignForm] = useState(false);

  useEffect(() => {
    void ensureSession(true);
  }, []);
  const page = usePageData(() => (current ? Promise.all([wishApi.list({ nodeId: current, status: tab, limit: 100 }), wishApi.campaigns(current)]) : null), [current, tab]);
  const wishes = page.data?.[0].items ?? null;
  const campaigns = page.data?.[1] ?? [];
  const error = page.error;

  const done = (o: Outcome) => {
    setOutcome(o);
    setOpenId(null);
    page.reload();
  };
  const showBeneficiary = async (w: PublicWishView) => {
    try {
      const b = await wishApi.beneficiary(w.id);
      setBeneficiary((m) => ({ ...m, [w.id]: `${b.name}${b.address ? `，${b.address}` : ''}` }));
    } catch {
      // The API module showed the reason.
    }
  };
  const togglePhoto = async (w: PublicWishView, publish: boolean) => {
    try {
      await wishApi.setPhotoPublic(w.id, publish);
      done({ title: '已保存', text: publish ? '送达照片已公开（已记录由您选择）' : '送达照片已设为不公开' });
    } catch {
      // The API module showed the reason.
    }
  };

  if (!me) return <Loading className='wb-wishes' error={error} />;
  if (!current) return <Loading className='wb-wishes' error='您没有可管理的社区' />;
  const running = campaigns.filter((c) => !c.ended);

  return (
    <View className={pageClass('page wb-wishes')}>
      <NodeChips nodes={nodes} current={current} onPick={setNodeId} />
      <Button className='wb-wishes__publish' type='primary' size='xlarge' block onClick={() => void Taro.navigateTo({ url: CHARITY_WORK_PAGES.publish })}>
        发布新心愿
      </Button>

      <Text className='section-title'>心愿活动进度</Text>
      {running.length === 0 ? <Text className='ch-empty-line'>没有进行中的心愿活动</Text> : null}
      {running.map((c) => (
        <CampaignCard key={c.id} c={c} />
      ))}
      {campaignForm ? (
        <CampaignForm
          nodeId={current}
          onDone={(o) => {
            setCampaignForm(false);
            done(o);
          }}
        />
      ) : (
        <Text className='link wb-wishes__new-campaign' onClick={() => setCampaignForm(true)}>
          发起新的心愿活动 ›
          </Text>
        )}

      <View className='segments'>
        {TABS.map((t) => (
          <View key={t.status} className={`segments__item wb-wishes-tab-${t.status}${tab === t.status ? ' segments__item--on' : ''}`} onClick={() => setTab(t.status)}>
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>

      {outcome ? <Result ok title={outcome.title} text={outcome.text} className='wb-wishes__outcome' /> : null}
      {!wishes ? <Loading error={error} /> : null}
      {wishes && wishes.length === 0 ? (
        <View className='card empty'>
          <Text className='empty__title'>这里没有心愿</Text>
        </View>
      ) : null}
      {wishes?.map((w) => (
        <WishCard key={w.id} wish={w} onClick={() => setOpenId(openId === w.id ? null : w.id)}>
          {beneficiary[w.id] ? <Text className='ch-wish__who wb-wish__beneficiary'>{`受助人：${beneficiary[w.id]}（请勿外传）`}</Text> : null}
          {openId === w.id ? (
            <View onClick={(e) => e.stopPropagation()}>
              {!beneficiary[w.id] ? (
                <Text className='link wb-wish__show-beneficiary' onClick={() => void showBeneficiary(w)}>
                  查看受助人信息（会记录查看）
                </Text>
              ) : null}
              {w.status === 'claimed' ? <DeliverForm wish={w} onDone={done} /> : null}
              {w.status === 'delivered' ? <CompleteForm wish={w} onDone={done} /> : null}
              {w.status === 'completed' && w.hasPhoto ? (
                <Text className='muted wb-wish__photo-state'>{w.photoPublicAt ? `送达照片已于${dayTime(w.photoPublicAt)}公开` : '送达照片未公开（征得受助人同意后再公开）'}</Text>
              ) : null}
              {w.status === 'completed' && w.hasPhoto ? (
                <Button className='wb-wish__photo-toggle' size='large' fill='outline' block onClick={() => void togglePhoto(w, !w.thanks?.photoUrl)}>
                  {w.thanks?.photoUrl ? '不再公开送达照片' : '公开送达照片'}
                </Button>
              ) : null}
            </View>
          ) : (
            <Text className='link wb-wish__open'>{w.status === 'claimed' ? '确认送达 ›' : w.status === 'delivered' ? '记录感谢 ›' : '操作 ›'}</Text>
          )}
        </WishCard>
      ))}
    </View>
  );
}
