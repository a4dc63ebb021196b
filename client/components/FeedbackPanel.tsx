import { Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { NeedAnyView, NeedView } from '@contract/needs';
import { FORM_ERROR, useForm } from '../hooks/useForm';
import { api } from '../services/api';
import { askSubscribe } from '../services/subscribe';
import { FieldError } from './NeedForm';
import { RatingStars } from './RatingStars';

/**
 * 居民监督和反馈: once a need is done, the resident (or staff for a 代报 need) confirms and
 * rates it 1–5 with a comment, or says it is not solved and why (it goes back to handling).
 */
export function FeedbackPanel({ need, onChanged, forResident = true }: { need: NeedAnyView; onChanged: (need: NeedView) => void; forResident?: boolean }) {
  const [mode, setMode] = useState<'rate' | 'reopen'>('rate');
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const { errors, setErrors, busy, send } = useForm();

  /** Rate it, or send it back with the reason (the mode shown). */
  const submit = async () => {
    const rate = mode === 'rate';
    if (rate ? !rating : !reason.trim()) {
      setErrors(rate ? { rating: '请先点星星打分' } : { reason: '请说一说哪里还没解决' });
      return;
    }
    const subscribed = forResident ? await askSubscribe(['need_status']) : [];
    await send(async () => {
      const next = rate
        ? await api.rate(need.id, { rating, ...(comment.trim() ? { comment: comment.trim() } : {}), subscribed })
        : await api.reopen(need.id, { reason: reason.trim(), subscribed });
      void Taro.showToast(rate ? { title: '谢谢您的评价', icon: 'success' } : { title: '已退回社区重新办理', icon: 'none' });
      onChanged(next);
    });
  };

  return (
    <View className='card feedback-panel'>
      <Text className='form-label'>{forResident ? '事情办好了吗？请您评价' : '代居民确认办理结果'}</Text>
      <View className='segments feedback-panel__modes'>
        <View className={`segments__item feedback-rate-tab${mode === 'rate' ? ' segments__item--on' : ''}`} onClick={() => (setMode('rate'), setErrors({}))}>
          <Text>办好了，评价</Text>
        </View>
        <View className={`segments__item feedback-reopen-tab${mode === 'reopen' ? ' segments__item--on' : ''}`} onClick={() => (setMode('reopen'), setErrors({}))}>
          <Text>问题没解决</Text>
        </View>
      </View>
      {mode === 'rate' ? (
        <View className='feedback-panel__rate'>
          <RatingStars value={rating} onChange={(v) => (setRating(v), setErrors({}))} />
          <FieldError errors={errors} field='rating' />
          <Textarea className='form-textarea feedback-panel__comment' value={comment} placeholder='说说您的感受（选填）' maxlength={500} onInput={(e) => setComment(e.detail.value)} />
          <FieldError errors={errors} field='comment' />
          <FieldError errors={errors} field={FORM_ERROR} />
          <Button className='feedback-panel__submit' type='primary' block size='xlarge' loading={busy} onClick={() => void submit()}>
            确认办结并评价
          </Button>
        </View>
      ) : (
        <View className='feedback-panel__reopen'>
          <Textarea className='form-textarea feedback-panel__reason' value={reason} placeholder='哪里还没解决？社区会重新办理' maxlength={500} onInput={(e) => setReason(e.detail.value)} />
          <FieldError errors={errors} field='reason' />
          <FieldError errors={errors} field={FORM_ERROR} />
          <Button className='feedback-panel__submit' type='primary' block size='xlarge' loading={busy} onClick={() => void submit()}>
            退回重新办理
          </Button>
        </View>
      )}
    </View>
  );
}
