import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { parseYuan, yuan } from '../../../charity/format';
import { NodeChips } from '../../../charity/components';
import { useForm } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { wishApi } from '../../../services/charity';
import { type PublishWishInput, WISH_CATEGORIES, WISH_CATEGORY_LABEL, type WishCategory } from '@contract/wishes';
import { ensureSession, useSession } from '../../../store/session';
import { FieldError, Loading, Result } from '../../../volunteer/components';
import { useManagedNodes } from '../../staff';
import { CHARITY_WORK_PAGES } from '../../../charity/routes';
import { goBack } from '../../../utils/nav';
import '../../../volunteer/volunteer.scss';
import '../../../charity/charity.scss';
import { pageClass } from '../../../store/elder';

export interface WishDraft {
  title: string;
  story: string;
  value: string;
  category: WishCategory | null;
  beneficiaryName: string;
  beneficiaryAddress: string;
  /** null: not edited yet (the page offers the community's service centre). */
  contactText: string | null;
  campaignId: number | null;
}

/** The reasons by field before anything is sent (the server checks again). */
export function validateWish(d: WishDraft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.title.trim()) e.title = '请填写心愿名称，例如：一台收音机';
  if (!d.story.trim()) e.story = '请写几句心愿故事（不要写受助人的全名和住址）';
  if (!parseYuan(d.value)) e.valueFen = '请填写参考价值（元），例如 80';
  if (!d.category) e.category = '请选择受助对象类别';
  if (!d.beneficiaryName.trim()) e.beneficiaryName = '请填写受助人姓名（只有工作人员可见，公开时只显示姓氏）';
  if (!d.contactText?.trim()) e.contactText = '请写明送达方式：送到哪里、联系谁';
  if (d.beneficiaryName.trim().length >= 2 && d.story.includes(d.beneficiaryName.trim())) e.story = '心愿故事会公开，请不要写受助人的姓名';
  return e;
}

export function toWishInput(d: WishDraft, communityId: number): PublishWishInput {
  return {
    communityId,
    title: d.title.trim(),
    story: d.story.trim(),
    valueFen: parseYuan(d.value)!,
    category: d.category!,
    beneficiaryName: d.beneficiaryName.trim(),
    beneficiaryAddress: d.beneficiaryAddress.trim() || undefined,
    contactText: (d.contactText ?? '').trim(),
    campaignId: d.campaignId ?? undefined,
  };
}

/** 发布微心愿: staff write a wish on behalf of a person in difficulty; the name is kept private. */
export default function PublishWishPage() {
  const { me } = useSession();
  const nodes = useManagedNodes(me).filter((n) => n.level === 'community');
  const [nodeId, setNodeId] = useState<number | null>(null);
  const current = nodeId ?? nodes[0]?.nodeId ?? null;
  const [draft, setDraft] = useState<WishDraft>({ title: '', story: '', value: '', category: null, beneficiaryName: '', beneficiaryAddress: '', contactText: null, campaignId: null });
  const { errors, setErrors, busy, send } = useForm();
  const campaigns = usePageData(() => (current ? wishApi.campaigns(current).catch(() => []) : null), [current]).data?.filter((c) => !c.ended) ?? [];
  const [published, setPublished] = useState<string | null>(null);
  const set = <K extends keyof WishDraft>(k: K, v: WishDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  useEffect(() => {
    void ensureSession(true);
  }, []);
  // The delivery arrangements start from the community's service centre until the worker edits
  // them. Computed while rendering, never pushed in by an effect: the H5 textarea throws
  // ("reading 'value'") when its value changes before it has mounted.
  const communityName = nodes.find((n) => n.nodeId === current)?.nodeName ?? '社区';
  const contactText = draft.contactText ?? `请送至${communityName}党群服务中心，交社区工作人员（工作日 9:00–17:00）`;
  const filled: WishDraft = { ...draft, contactText };

  const submit = async () => {
    if (busy || !current) return;
    const e = validateWish(filled);
    if (Object.keys(e).length) return setErrors(e);
    await send(async () => {
      const w = await wishApi.publish(toWishInput(filled, current));
      setPublished(`“${w.title}”已发布到心愿墙，公开显示为“${w.categoryLabel} ${w.beneficiary}”，参考价值 ${yuan(w.valueFen)}`);
      setDraft((d) => ({ ...d, title: '', story: '', value: '', beneficiaryName: '', beneficiaryAddress: '' }));
    });
  };

  if (!me) return <Loading className='wb-publish' />;
  if (!current) return <Loading className='wb-publish' error='只有社区的工作人员可以发布微心愿' />;
  return (
    <View className={pageClass('page wb-publish')}>
      <NodeChips nodes={nodes} current={current} onPick={setNodeId} />
      {published ? <Result ok title='发布成功' text={published} className='wb-publish__done' /> : null}
      <View className='card'>
        <Text className='form-label'>受助对象类别</Text>
        <View className='chips'>
          {WISH_CATEGORIES.map((c) => (
            <Text key={c} className={`chip${draft.category === c ? ' chip--on' : ''}`} data-category={c} onClick={() => set('category', c)}>
              {WISH_CATEGORY_LABEL[c]}
            </Text>
          ))}
        </View>
        <FieldError errors={errors} field='category' />

        <Text className='form-label form-label--gap'>心愿名称</Text>
        <Input className='form-input wb-publish__title' value={draft.title} maxlength={40} placeholder='例如：一台收音机' onInput={(e) => set('title', e.detail.value)} />
        <FieldError errors={errors} field='title' />

        <Text className='form-label form-label--gap'>心愿故事（公开）</Text>
        <Textarea className='form-textarea wb-publish__story' value={draft.story} maxlength={1000} placeholder='说说为什么需要它，不写姓名和住址' onInput={(e) => set('story', e.detail.value)} />
        <FieldError errors={errors} field='story' />

        <Text className='form-label form-label--gap'>参考价值（元）</Text>
        <Input className='form-input wb-publish__value' type='digit' value={draft.value} placeholder='例如 80' onInput={(e) => set('value', e.detail.value)} />
        <FieldError errors={errors} field='valueFen' />
      </View>

      <View className='card'>
        <Text className='form-label'>受助人姓名（不公开，公开时显示为“姓**”）</Text>
        <Input className='form-input wb-publish__name' value={draft.beneficiaryName} maxlength={32} onInput={(e) => set('beneficiaryName', e.detail.value)} />
        <FieldError errors={errors} field='beneficiaryName' />
        <Text className='form-label form-label--gap'>受助人住址（选填，不公开）</Text>
        <Input className='form-input wb-publish__address' value={draft.beneficiaryAddress} maxlength={120} onInput={(e) => set('beneficiaryAddress', e.detail.value)} />
        <FieldError errors={errors} field='beneficiaryAddress' />
        <Text className='form-label form-label--gap'>送达方式（只给认领人看）</Text>
        <Textarea className='form-textarea wb-publish__contact' value={contactText} maxlength={200} onInput={(e) => set('contactText', e.detail.value)} />
        <FieldError errors={errors} field='contactText' />
      </View>

      {campaigns.length ? (
        <View className='card'>
          <Text className='form-label'>加入心愿活动（选填）</Text>
          <View className='chips'>
            <Text className={`chip${draft.campaignId === null ? ' chip--on' : ''}`} onClick={() => set('campaignId', null)}>
              不加入
            </Text>
            {campaigns.map((c) => (
              <Text key={c.id} className={`chip${draft.campaignId === c.id ? ' chip--on' : ''}`} data-campaign={c.id} onClick={() => set('campaignId', c.id)}>
                {c.title}
              </Text>
            ))}
          </View>
          <FieldError errors={errors} field='campaignId' />
        </View>
      ) : null}

      <FieldError errors={errors} field='_' />
      <Button className='wb-publish__submit' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void submit()}>
        发布心愿
      </Button>
      <Text className='link' onClick={() => goBack(CHARITY_WORK_PAGES.wishes)}>
        返回心愿列表
      </Text>
    </View>
  );
}
