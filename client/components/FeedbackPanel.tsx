import { Picker, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { beijingDate } from '@contract/format';
import type { NeedAnyView, NeedView } from '@contract/needs';
import { useDraft } from '../hooks/useDraft';
import { FORM_ERROR, useForm } from '../hooks/useForm';
import { api } from '../services/api';
import { getSession } from '../store/session';
import { DraftNote, RetryBar } from './FormHelp';
import { askSubscribe } from '../services/subscribe';
import { FieldError } from './Basics';
import { RatingStars } from './RatingStars';

/**
 * 居民监督和反馈: once a need is done, the resident confirms and rates it 1–5 with a comment, or
 * says it is not solved and why (it goes back to handling). For a 代报 need a staff member other
 * than the handler records what the resident said on a 回访 call, with the day of the call.
 */
interface FeedbackDraft {
  mode: 'rate' | 'reopen';
  rating: number;
  comment: string;
  reason: string;
}

export function FeedbackPanel({ need, onChanged, forResident = true }: { need: NeedAnyView; onChanged: (need: NeedView) => void; forResident?: boolean }) {
  // The resident's rating or reason is kept on the phone as it is typed (per need and user).
  const userId = getSession().me?.id;
  const saved = useDraft<FeedbackDraft>(forResident && userId ? `feedback:${userId}:${need.id}` : null, { mode: 'rate', rating: 0, comment: '', reason: '' });
  const { mode, rating, comment, reason } = saved.value;
  const put = (patch: Partial<FeedbackDraft>) => saved.setValue((d) => ({ ...d, ...patch }));
  const setMode = (m: FeedbackDraft['mode']) => put({ mode: m });
  const setRating = (v: number) => put({ rating: v });
  const setComment = (v: string) => put({ comment: v });
  const setReason = (v: string) => put({ reason: v });
  const today = beijingDate(new Date());
  const [visitedOn, setVisitedOn] = useState(today);
  const { errors, setErrors, busy, send, retryable } = useForm();

  /** Rate it, or send it back with the reason (the mode shown). */
  const submit = async () => {
    const rate = mode === 'rate';
    if (rate ? !rating : !reason.trim()) {
      setErrors(rate ? { rating: '请先点星星打分' } : { reason: '请说一说哪里还没解决' });
      return;
    }
    const subscribed = forResident ? await askSubscribe(['need_status']) : [];
    await send(async (key) => {
      const next = rate
        ? await api.rate(need.id, { rating, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(forResident ? {} : { visitedOn }), subscribed }, key)
        : await api.reopen(need.id, { reason: reason.trim(), subscribed }, key);
      saved.clear();
      void Taro.showToast(rate ? { title: '谢谢您的评价', icon: 'success' } : { title: '已退回社区重新办理', icon: 'none' });
      onChanged(next);
    });
  };

  return (
    <View className='card feedback-panel'>
      <Text className='form-label'>{forResident ? '事情办好了吗？请您评价' : '电话回访居民，记录办理结果'}</Text>
      {saved.restored ? <DraftNote onClear={saved.clear} /> : null}
      <View className='segments feedback-panel__modes'>
        <View className={`segments__item feedback-rate-tab${mode === 'rate' ? ' segments__item--on' : ''}`} onClick={() => (setMode('rate'), setErrors({}))}>
          <Text>办好了，评价</Text>
        </View>
        <View className={`segments__item feedback-reopen-tab${mode === 'reopen' ? ' segments__item--on' : ''}`} onClick={() => (setMode('reopen'), setErrors({}))}>
          <Text>问题没解决</Text>
        </View>
      </View>
      {!forResident ? (
        <View className='feedback-panel__visit'>
          <Text className='muted'>回访日期</Text>
          <Picker mode='date' value={visitedOn} end={today} onChange={(e) => setVisitedOn(String(e.detail.value))}>
            <View className='feedback-panel__visited-on'>{visitedOn}</View>
          </Picker>
          <FieldError errors={errors} field='visitedOn' />
        </View>
      ) : null}
      {mode === 'rate' ? (
        <View className='feedback-panel__rate'>
          <RatingStars value={rating} onChange={(v) => (setRating(v), setErrors({}))} />
          <FieldError errors={errors} field='rating' />
          <Textarea className='form-textarea feedback-panel__comment' value={comment} placeholder='说说您的感受（选填）' maxlength={500} onInput={(e) => setComment(e.detail.value)} />
          <FieldError errors={errors} field='comment' />
          {retryable && errors[FORM_ERROR] ? <RetryBar message={errors[FORM_ERROR]} busy={busy} onRetry={() => void submit()} /> : <FieldError errors={errors} field={FORM_ERROR} />}
          <Button className='feedback-panel__submit' type='primary' block size='xlarge' loading={busy} onClick={() => void submit()}>
            确认办结并评价
          </Button>
        </View>
      ) : (
        <View className='feedback-panel__reopen'>
          <Textarea className='form-textarea feedback-panel__reason' value={reason} placeholder='哪里还没解决？社区会重新办理' maxlength={500} onInput={(e) => setReason(e.detail.value)} />
          <FieldError errors={errors} field='reason' />
          {retryable && errors[FORM_ERROR] ? <RetryBar message={errors[FORM_ERROR]} busy={busy} onRetry={() => void submit()} /> : <FieldError errors={errors} field={FORM_ERROR} />}
          <Button className='feedback-panel__submit' type='primary' block size='xlarge' loading={busy} onClick={() => void submit()}>
            退回重新办理
          </Button>
        </View>
      )}
    </View>
  );
}
