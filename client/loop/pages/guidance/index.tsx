import { Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { FieldError, Loading } from '../../../components/Basics';
import { beijingDate, bj } from '@contract/format';
import { GUIDANCE_FORMS, GUIDANCE_FORM_LABEL, type GuidanceForm } from '@contract/projects';
import { consultationApi } from '../../../services/consultation';
import { SubmitBar, doneAndBack, useProject } from '../../components';
import { useForm } from '../../../hooks/useForm';
import '../../loop.scss';
import { pageClass } from '../../../store/elder';

/** The last `n` days (Beijing dates) as YYYY-MM-DD with a word for each: 今天, 昨天, 11月28日. */
export function recentDays(n: number, now = new Date()): Array<{ value: string; label: string }> {
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(now.getTime() - i * 86_400_000);
    const b = bj(at);
    return { value: beijingDate(at), label: i === 0 ? '今天' : i === 1 ? '昨天' : `${b.m}月${b.d}日` };
  });
}

/** 督导记录: the social worker's guidance of a project — date, form (个案/小组/社区/督导), content, next step. */
export default function GuidancePage() {
  const id = Number(useRouter().params.id);
  const { p, error } = useProject(id);
  const days = recentDays(7);
  const [day, setDay] = useState(days[0].value);
  const [form, setForm] = useState<GuidanceForm | null>(null);
  const [content, setContent] = useState('');
  const [issues, setIssues] = useState('');
  const [nextStep, setNextStep] = useState('');
  const { errors, setErrors, busy, send } = useForm();

  const submit = async () => {
    const e: Record<string, string> = {};
    if (!form) e.form = '请选择指导形式';
    if (content.trim().length < 10) e.content = '请写明指导内容（至少10个字）';
    setErrors(e);
    if (Object.keys(e).length || busy) return;
    await send(async () => {
      await consultationApi.writeGuidance(id, {
        guidedOn: day,
        form: form!,
        content: content.trim(),
        ...(issues.trim() ? { issues: issues.trim() } : {}),
        ...(nextStep.trim() ? { nextSteps: nextStep.trim() } : {}),
      });
      doneAndBack('指导记录已保存');
    });
  };

  if (!p) return <Loading className='loop-guidance-page' error={error} />;
  return (
    <View className={pageClass('page loop-guidance-page')}>
      <View className='card'>
        <Text className='loop-title'>{p.title}</Text>
        <Text className='muted'>{`实施机构：${p.organization.name}`}</Text>
      </View>
      <View className='card'>
        <Text className='form-label'>指导日期</Text>
        <View className='chips loop-guidance-page__days'>
          {days.map((d) => (
            <View key={d.value} className={`chip${day === d.value ? ' chip--on' : ''}`} data-day={d.value} onClick={() => setDay(d.value)}>
              <Text>{d.label}</Text>
            </View>
          ))}
        </View>
        <FieldError errors={errors} field='guidedOn' />
        <Text className='form-label form-label--gap'>指导形式</Text>
        <View className='chips loop-guidance-page__forms'>
          {GUIDANCE_FORMS.map((f) => (
            <View key={f} className={`chip${form === f ? ' chip--on' : ''}`} data-form={f} onClick={() => setForm(f)}>
              <Text>{GUIDANCE_FORM_LABEL[f]}</Text>
            </View>
          ))}
        </View>
        <FieldError errors={errors} field='form' />
        <Text className='form-label form-label--gap'>指导内容</Text>
        <Textarea className='form-textarea loop-guidance-page__content' value={content} maxlength={2000} placeholder='发现了什么问题、给了什么建议（不写服务对象的姓名和住址）' onInput={(e) => setContent(e.detail.value)} />
        <FieldError errors={errors} field='content' />
        <Text className='form-label form-label--gap'>发现的问题（可不填）</Text>
        <Textarea className='form-textarea loop-guidance-page__issues' value={issues} maxlength={1000} placeholder='例如：送餐时间不固定，老人等得着急' onInput={(e) => setIssues(e.detail.value)} />
        <FieldError errors={errors} field='issues' />
        <Text className='form-label form-label--gap'>下一步（可不填）</Text>
        <Textarea className='form-textarea loop-guidance-page__next' value={nextStep} maxlength={1000} placeholder='例如：下周回访，检查送餐记录' onInput={(e) => setNextStep(e.detail.value)} />
        <FieldError errors={errors} field='nextSteps' />
      </View>
      <SubmitBar errors={errors} busy={busy} className='loop-guidance-page__submit' onSubmit={() => void submit()}>
        保存指导记录
      </SubmitBar>
    </View>
  );
}
