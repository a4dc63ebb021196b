import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { RESOLUTION_OUTCOMES, RESOLUTION_OUTCOME_LABEL, type ResolutionOutcome } from '@contract/consultation';
import { confirmDialog, FieldError, Loading } from '../../../components/Basics';
import { ResultBars, SubmitBar } from '../../../loop/components';
import { useForm } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { leaders } from '../../../loop/format';
import { consultationApi } from '../../../services/consultation';
import '../../../loop/loop.scss';
import { goBack } from '../../../utils/nav';
import { pageClass } from '../../../store/elder';

/** 公布议定事项: after the vote closes — the adopted option, what happens next, the text residents read. */
export default function ResolutionPage() {
  const topicId = Number(useRouter().params.topicId);
  const { data: t, error } = usePageData(() => consultationApi.topic(topicId), [topicId]);
  const [outcome, setOutcome] = useState<ResolutionOutcome>('project');
  // Until staff pick one, the option with the most votes (when only one leads) is adopted.
  const [picked, setAdopted] = useState<number | null | undefined>(undefined);
  const leading = t?.results ? leaders(t.results.options) : [];
  const adopted = picked !== undefined ? picked : leading.length === 1 ? leading[0] : null;
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const { errors, setErrors, busy, send } = useForm();


  const submit = async () => {
    const e: Record<string, string> = {};
    if (!text.trim()) e.text = '请写明议定事项';
    if (outcome === 'close' && !reason.trim()) e.reason = '暂不实施时请说明原因，居民会看到这个原因';
    setErrors(e);
    if (Object.keys(e).length || busy || !t) return;
    if (!(await confirmDialog('公布议定事项', '公布后居民都能看到，关联的需求会进入下一步，不能撤回。确定公布吗？', '公布'))) return;
    await send(async () => {
      const view = await consultationApi.publishResolution(topicId, {
        text: text.trim(),
        outcome,
        ...(adopted && outcome !== 'close' ? { adoptedOptionId: adopted } : {}),
        ...(outcome === 'close' ? { reason: reason.trim() } : {}),
      });
      void Taro.showToast({ title: '议定事项已公布', icon: 'none' });
      if (outcome === 'project' && view.resolution) {
        void Taro.redirectTo({ url: `/workbench/pages/project-new/index?resolutionId=${view.resolution.id}&topicId=${topicId}` });
      } else {
        setTimeout(() => goBack('/workbench/pages/topics/index'), 600);
      }
    });
  };

  if (!t) return <Loading className='resolution-new' error={error} />;
  if (t.voting !== 'closed') return <Loading className='resolution-new' error='投票截止后才能公布议定事项' />;
  return (
    <View className={pageClass('page resolution-new')}>
      <View className='card'>
        <Text className='loop-title'>{t.title}</Text>
        {t.results ? <ResultBars results={t.results} myOptionId={null} /> : null}
      </View>
      <View className='card'>
        <Text className='form-label'>通过的方案</Text>
        <View className='chips resolution-new__options'>
          {t.options.map((o) => (
            <View key={o.id} className={`chip${adopted === o.id ? ' chip--on' : ''}`} data-option={o.id} onClick={() => setAdopted(adopted === o.id ? null : o.id)}>
              <Text>{o.label}</Text>
            </View>
          ))}
        </View>
        <FieldError errors={errors} field='adoptedOptionId' />
        <Text className='form-label form-label--gap'>下一步怎么办</Text>
        <View className='chips resolution-new__outcomes'>
          {RESOLUTION_OUTCOMES.map((o) => (
            <View key={o} className={`chip${outcome === o ? ' chip--on' : ''}`} data-outcome={o} onClick={() => setOutcome(o)}>
              <Text>{RESOLUTION_OUTCOME_LABEL[o]}</Text>
            </View>
          ))}
        </View>
        <FieldError errors={errors} field='outcome' />
        {outcome === 'close' ? (
          <>
            <Text className='form-label form-label--gap'>暂不实施的原因</Text>
            <Textarea className='form-textarea resolution-new__reason' value={reason} maxlength={500} onInput={(e) => setReason(e.detail.value)} />
            <FieldError errors={errors} field='reason' />
          </>
        ) : null}
        <Text className='form-label form-label--gap'>议定事项（居民看到的文字）</Text>
        <Textarea className='form-textarea resolution-new__text' value={text} maxlength={2000} placeholder='例如：经议事会协商和居民投票，3栋楼下空地改建为休闲小广场，由邻里互助会实施，社区基金支持。' onInput={(e) => setText(e.detail.value)} />
        <FieldError errors={errors} field='text' />
      </View>
      <SubmitBar errors={errors} busy={busy} className='resolution-new__submit' onSubmit={() => void submit()}>
        公布议定事项
      </SubmitBar>
    </View>
  );
}
