import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { platform } from '../platform/index';
import { CONTACT_PHONE } from '@contract/format';
import { type NeedLocationKind, type NeedPin, type NeedView, type ReportNeedInput, type SimilarNeed, type Urgency, URGENCY_LABEL } from '@contract/needs';
import { useDraft } from '../hooks/useDraft';
import { FORM_ERROR, fieldErrors, useForm } from '../hooks/useForm';
import { usePageData } from '../hooks/usePageData';
import { ApiError, api } from '../services/api';
import { askSubscribe } from '../services/subscribe';
import { FieldError } from './Basics';
import { DraftNote, RetryBar } from './FormHelp';
import { keptPhotos, type PickedPhoto, PhotoPicker } from './Photos';
import { StatusTag } from './NeedRow';
import './NeedForm.scss';

export type LocationKind = NeedLocationKind;

export interface ReportDraft {
  categoryId: number | null;
  title: string;
  description: string;
  photos: PickedPhoto[];
  locationKind: LocationKind;
  pin: NeedPin | null;
  urgency: Urgency;
  isPublic: boolean;
  /** 代报 only. */
  proxy?: { name: string; phone: string; building: string; unit: string };
}

const URGENCY_CHOICES: Array<{ value: Urgency; text: string }> = [
  { value: 'normal', text: '不着急，尽快处理就好' },
  { value: 'urgent', text: '这几天需要处理' },
  { value: 'critical', text: '有安全隐患、今天就要处理' },
];

/** The reasons a draft cannot be sent yet, by field (the server's field names). */
export function validateReport(d: ReportDraft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.categoryId) e.categoryId = '请选择需求类别';
  const title = d.title.trim();
  if (!title) e.title = '请用一句话说明是什么事';
  else if ([...title].length > 40) e.title = '标题最多 40 个字';
  const description = d.description.trim();
  if (!description) e.description = '请说一说具体情况';
  else if ([...description].length > 1000) e.description = '描述最多 1000 个字';
  if (d.locationKind === 'pin' && !d.pin) e.location = '请在地图上选择位置，或改选其他方式';
  if (d.photos.some((p) => p.id == null && !p.failed)) e.photoIds = '照片还在上传，请稍等';
  else if (d.photos.some((p) => p.failed)) e.photoIds = '有照片上传失败，请点照片上的“重试”，或删掉它';
  if (d.proxy) {
    if (!d.proxy.name.trim()) e['onBehalfOf.name'] = '请填写居民姓名';
    if (d.proxy.phone.trim() && !CONTACT_PHONE.test(d.proxy.phone.trim())) e['onBehalfOf.phone'] = '请填写正确的手机号或座机号';
    if (d.locationKind === 'residence') {
      if (!d.proxy.building.trim()) e['onBehalfOf.building'] = '请填写居民所在楼栋';
      if (!d.proxy.unit.trim()) e['onBehalfOf.unit'] = '请填写居民所在单元';
    }
  }
  return e;
}

export function toReportInput(d: ReportDraft, communityId: number | null, subscribed: string[]): ReportNeedInput {
  const input: ReportNeedInput = {
    categoryId: d.categoryId!,
    title: d.title.trim(),
    description: d.description.trim(),
    photoIds: d.photos.map((p) => p.id).filter((id): id is number => id != null),
    location: d.locationKind === 'pin' && d.pin ? { kind: 'pin', pin: d.pin } : { kind: d.locationKind === 'pin' ? 'none' : d.locationKind },
    urgency: d.urgency,
    isPublic: d.isPublic,
  };
  if (communityId) input.communityId = communityId;
  if (subscribed.length) input.subscribed = subscribed;
  if (d.proxy) {
    const p = d.proxy;
    input.onBehalfOf = { name: p.name.trim(), ...(p.phone.trim() ? { phone: p.phone.trim() } : {}), building: p.building.trim() || undefined, unit: p.unit.trim() || undefined };
  }
  return input;
}

interface Props {
  /** resident: for myself; proxy: staff for an offline resident (代报). */
  mode: 'resident' | 'proxy';
  communityId: number | null;
  /** The resident's own building and unit (resident mode). */
  residence?: { building: string; unit: string } | null;
  /** Where the half-written report is kept on the phone (per user), or none (代报: another person's details). */
  draftKey?: string | null;
  onSubmitted: (need: NeedView) => void;
}

/** The description field says it can be spoken: every phone keyboard (WeChat's too) has a microphone key. */
export const DESCRIPTION_PLACEHOLDER = '什么时候开始的、影响到谁、希望怎么解决。不方便打字？点键盘上的话筒说话就行';

/**
 * The report form, shared by the resident's page and the workbench 代报 page. What the user
 * typed stays when the server refuses it; the reason appears by the field it is about.
 */
export function NeedForm({ mode, communityId, residence, draftKey = null, onSubmitted }: Props) {
  const proxy = mode === 'proxy';
  const categories = usePageData(() => api.categories(), []).data ?? [];
  // Kept on the phone as it is typed: a report half written survives the app closing or the network dropping.
  const saved = useDraft<ReportDraft>(
    proxy ? null : draftKey,
    {
      categoryId: null,
      title: '',
      description: '',
      photos: [],
      locationKind: proxy || residence ? 'residence' : 'none',
      pin: null,
      urgency: 'normal',
      isPublic: false,
      ...(proxy ? { proxy: { name: '', phone: '', building: '', unit: '' } } : {}),
    },
    (d) => ({ ...d, photos: keptPhotos(d.photos) }),
  );
  const { value: draft, setValue: setDraft } = saved;
  // Server reasons go by their fields (`location.pin` also under `location`, `photoIds.0` under `photoIds`).
  const { errors, setErrors, busy, send, retryable } = useForm();
  const [formError, setFormError] = useState<string | null>(null);

  const set = <K extends keyof ReportDraft>(key: K, value: ReportDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setFormError(null);
    setErrors((e) => {
      const mapped = key === 'locationKind' || key === 'pin' ? 'location' : key === 'photos' ? 'photoIds' : key;
      if (!e[mapped]) return e;
      const { [mapped]: _gone, ...rest } = e;
      return rest;
    });
  };
  const setProxy = (key: keyof NonNullable<ReportDraft['proxy']>, value: string) => {
    setDraft((d) => ({ ...d, proxy: { ...d.proxy!, [key]: value } }));
    setErrors((e) => ({ ...e, [`onBehalfOf.${key}`]: '' }));
    setFormError(null);
  };

  // Open public needs like this one in the community: join one instead of reporting it again.
  const { categoryId } = draft;
  const found = usePageData(
    () => (communityId && categoryId ? api.similarNeeds({ communityId, categoryId }).then((list) => list.filter((n) => !n.mine).slice(0, 5)) : null),
    [communityId, categoryId],
  );
  const similar = (!found.error && found.data) || [];

  const meToo = async (item: SimilarNeed) => {
    const subscribed = await askSubscribe(['need_status']);
    try {
      const need = await api.meToo(item.id, subscribed);
      found.setData(similar.map((n) => (n.id === item.id ? { ...n, meToo: true, meTooCount: need.meTooCount } : n)));
      void Taro.showToast({ title: '已记录，办理进展会通知您', icon: 'none', duration: 2500 });
    } catch {
      // The API module showed the reason.
    }
  };

  const pickOnMap = async () => {
    const pin = await platform.chooseLocation();
    if (pin) {
      setDraft((d) => ({ ...d, locationKind: 'pin', pin }));
      setErrors((e) => ({ ...e, location: '' }));
    }
  };

  const submit = async () => {
    if (busy) return;
    const found = validateReport(draft);
    setErrors(found);
    setFormError(Object.keys(found).length ? '还有内容需要补充，请看红色的提示' : null);
    if (Object.keys(found).length) return;
    // Asked first, inside the tap (WeChat only shows the dialog for a user's tap).
    const subscribed = proxy ? [] : await askSubscribe(['need_status']);
    await send(async (key) => {
      try {
        const need = await api.reportNeed(toReportInput(draft, communityId, subscribed), key);
        saved.clear();
        void Taro.showToast({ title: '已提交，社区会尽快受理', icon: 'none', duration: 2500 });
        onSubmitted(need);
      } catch (err) {
        // The reasons go by their fields (useForm); the summary above the button says what to do.
        if (err instanceof ApiError && err.fields?.length) {
          // A content rejection's own message says what to do; validation messages are per field.
          setFormError(err.code === 'CONTENT_REJECTED' ? '内容未通过安全检查，请按红色提示修改，您填写的内容都还在' : '请按红色提示修改后再提交');
        } else {
          const reason = fieldErrors(err)[FORM_ERROR];
          setFormError(reason);
          void Taro.showToast({ title: reason, icon: 'none', duration: 3000 });
        }
        throw err;
      }
    });
  };

  /** One line of the 代报 resident's details, with its reason under it. */
  const proxyRow = (key: keyof NonNullable<ReportDraft['proxy']>, label: string, name: string, placeholder: string, maxlength: number, type: 'text' | 'number' = 'text') => (
    <>
      <View className='form-row'>
        <Text className='form-row__label'>{label}</Text>
        <Input className={`form-row__input need-form__${name}`} type={type} value={draft.proxy![key]} placeholder={placeholder} maxlength={maxlength} onInput={(e) => setProxy(key, e.detail.value)} />
      </View>
      <FieldError errors={errors} field={`onBehalfOf.${key}`} />
    </>
  );

  const residenceText = residence ? `${residence.building} ${residence.unit}` : '';

  return (
    <View className={`need-form need-form--${mode}`}>
      {saved.restored ? <DraftNote onClear={saved.clear} /> : null}
      {proxy ? (
        <View className='card'>
          <Text className='form-label'>居民信息（仅社区工作人员可见）</Text>
          {proxyRow('name', '姓名', 'proxy-name', '居民姓名', 32)}
          {proxyRow('phone', '电话', 'proxy-phone', '选填，手机或座机', 14, 'number')}
        </View>
      ) : null}

      <View className='card'>
        <Text className='form-label'>1. 是哪方面的事？</Text>
        <View className='chips need-form__categories'>
          {categories.map((c) => (
            <View key={c.id} className={`chip${draft.categoryId === c.id ? ' chip--on' : ''}`} data-category={c.key} onClick={() => set('categoryId', c.id)}>
              <Text>{c.label}</Text>
            </View>
          ))}
          {categories.length === 0 ? <Text className='muted'>正在加载类别…</Text> : null}
        </View>
        <FieldError errors={errors} field='categoryId' />
      </View>

      {similar.length > 0 ? (
        <View className='card need-similar'>
          <Text className='form-label'>邻居们已经反映过这些事</Text>
          <Text className='muted'>如果是同一件事，点“我也遇到了”就行，不用重复填写。</Text>
          {similar.map((n) => (
            <View key={n.id} className='need-similar__item' data-need={n.id}>
              <View className='need-similar__text'>
                <Text className='need-similar__title'>{n.title}</Text>
                <View className='need-similar__meta'>
                  <StatusTag status={n.status} label={n.statusLabel} />
                  <Text className='need-similar__count'>{`${n.meTooCount}人也遇到`}</Text>
                </View>
              </View>
              {n.meToo ? (
                <Text className='need-similar__done'>已加入</Text>
              ) : proxy ? null : (
                <Button className='need-similar__btn' size='normal' type='primary' fill='outline' onClick={() => void meToo(n)}>
                  我也遇到了
                </Button>
              )}
            </View>
          ))}
        </View>
      ) : null}

      <View className='card'>
        <Text className='form-label'>2. 一句话说明</Text>
        <Input className='form-input need-form__title' value={draft.title} placeholder='例如：3栋楼道灯坏了' maxlength={40} onInput={(e) => set('title', e.detail.value)} />
        <FieldError errors={errors} field='title' />
        <Text className='form-label form-label--gap'>3. 具体情况</Text>
        <Textarea
          className='form-textarea need-form__description'
          value={draft.description}
          placeholder={DESCRIPTION_PLACEHOLDER}
          maxlength={1000}
          onInput={(e) => set('description', e.detail.value)}
        />
        <FieldError errors={errors} field='description' />
        {proxy ? null : <Text className='muted need-form__voice-hint'>可以用说的：点输入框，再点键盘上的话筒，说完自动变成文字。</Text>}
      </View>

      <View className='card'>
        <Text className='form-label'>4. 照片（选填，最多9张）</Text>
        <PhotoPicker value={draft.photos} onChange={(next) => setDraft((d) => ({ ...d, photos: typeof next === 'function' ? next(d.photos) : next }))} />
        <FieldError errors={errors} field='photoIds' />
      </View>

      <View className='card'>
        <Text className='form-label'>5. 在哪里？</Text>
        <View className='chips need-form__location'>
          {proxy || residence ? (
            <View className={`chip${draft.locationKind === 'residence' ? ' chip--on' : ''}`} data-kind='residence' onClick={() => set('locationKind', 'residence')}>
              <Text>{proxy ? '居民家（楼栋单元）' : `我家：${residenceText}`}</Text>
            </View>
          ) : null}
          <View className={`chip${draft.locationKind === 'pin' ? ' chip--on' : ''}`} data-kind='pin' onClick={() => void pickOnMap()}>
            <Text>{draft.pin ? '重新选点' : '地图选点'}</Text>
          </View>
          <View className={`chip${draft.locationKind === 'none' ? ' chip--on' : ''}`} data-kind='none' onClick={() => set('locationKind', 'none')}>
            <Text>不需要位置</Text>
          </View>
        </View>
        {proxy && draft.locationKind === 'residence' ? (
          <View>
            {proxyRow('building', '楼栋', 'building', '例如 3栋', 16)}
            {proxyRow('unit', '单元', 'unit', '例如 2单元', 16)}
          </View>
        ) : null}
        {draft.locationKind === 'pin' && draft.pin ? <Text className='need-form__pin'>{`已选：${draft.pin.address}`}</Text> : null}
        {!platform.canChooseLocation ? <Text className='muted need-form__map-hint'>网页版不能地图选点，请在微信小程序中使用。</Text> : null}
        <FieldError errors={errors} field='location' />
      </View>

      <View className='card'>
        <Text className='form-label'>6. 急不急？</Text>
        <View className='urgency-choices'>
          {URGENCY_CHOICES.map((u) => (
            <View key={u.value} className={`urgency-choice${draft.urgency === u.value ? ' urgency-choice--on' : ''}`} data-urgency={u.value} onClick={() => set('urgency', u.value)}>
              <Text className='urgency-choice__label'>{URGENCY_LABEL[u.value]}</Text>
              <Text className='urgency-choice__text'>{u.text}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className='card need-form__public'>
        <View className='need-form__public-row'>
          <Text className='form-label need-form__public-label'>可以公开展示</Text>
          <Switch className='need-form__public-switch' checked={draft.isPublic} color='#c8102e' onChange={(e) => set('isPublic', e.detail.value)} />
        </View>
        <Text className='muted'>公开后，邻居能在社区公示里看到这件事并点“我也遇到了”。无论是否公开，{proxy ? '居民的' : '您的'}姓名、电话和门牌都不会显示。</Text>
      </View>

      {formError && retryable ? (
        <RetryBar message={formError} busy={busy} onRetry={() => void submit()} />
      ) : formError ? (
        <Text className='form-error form-error--summary'>{formError}</Text>
      ) : null}
      {!proxy && platform.name === 'weapp' ? <Text className='muted need-form__subscribe-hint'>提交时会询问是否接收办理进展通知，选“允许”后有进展会通知您。</Text> : null}
      <Button className='need-form__submit' type='primary' block size='xlarge' loading={busy} onClick={() => void submit()}>
        {proxy ? '代居民提交' : '提交'}
      </Button>
    </View>
  );
}
