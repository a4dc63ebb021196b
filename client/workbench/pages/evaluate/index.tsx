import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { type EvalCriterionView, residentsScore, weightedScore } from '@contract/projects';
import { confirmDialog, FieldError, KV, Loading } from '../../../components/Basics';
import { SubmitBar, useProject } from '../../../loop/components';
import { useForm } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { LOOP_PAGES } from '../../../loop/routes';
import { consultationApi } from '../../../services/consultation';
import '../../../loop/loop.scss';
import { pageClass } from '../../../store/elder';

/**
 * The weighted total (0–100) by the server's rule: the scores typed so far (a missing one counts
 * 0) and the residents' criteria computed from their ratings (none rated: left out); 0 when
 * nothing can be counted.
 */
export function weightedTotal(criteria: EvalCriterionView[], scores: Record<number, number>, rating: { average: number | null; count: number }): number {
  const rows = criteria.map((c) => ({ weight: c.weight, score: c.source === 'residents' ? residentsScore(rating) : (scores[c.id] ?? 0) }));
  if (rows.reduce((s, x) => s + (x.score == null ? 0 : x.weight), 0) <= 0) return 0;
  return weightedScore(rows);
}

/** 项目评估: staff score a completed project on the scorecard (each criterion 0–100, weighted). */
export default function EvaluatePage() {
  const id = Number(useRouter().params.id);
  const { p, error } = useProject(id);
  // The scorecard (none shown when it cannot be loaded).
  const criteria = usePageData(() => consultationApi.criteria().catch(() => []), []).data ?? [];
  const [scores, setScores] = useState<Record<number, string>>({});
  const [comment, setComment] = useState('');
  const { errors, setErrors, busy, send } = useForm();

  // The residents' criteria are computed from their ratings, never typed.
  const typed = criteria.filter((c) => c.source !== 'residents');
  const rating = p?.residentRating ?? { average: null, count: 0 };
  const numbers = Object.fromEntries(Object.entries(scores).map(([k, v]) => [Number(k), Number(v)]));
  const submit = async () => {
    const e: Record<string, string> = {};
    const bad = typed.filter((c) => !/^\d+$/.test(scores[c.id] ?? '') || Number(scores[c.id]) > 100);
    if (bad.length) e.scores = `请为每项打 0–100 分：${bad.map((c) => c.label).join('、')}`;
    if (!comment.trim()) e.comment = '请写评估意见';
    setErrors(e);
    if (Object.keys(e).length || busy) return;
    if (!(await confirmDialog('提交评估', `总分 ${weightedTotal(criteria, numbers, rating)} 分，提交后公开在项目页上，不能修改。确定提交吗？`, '提交'))) return;
    await send(async () => {
      await consultationApi.evaluate(id, { scores: typed.map((c) => ({ criterionId: c.id, score: Number(scores[c.id]) })), comment: comment.trim() });
      void Taro.showToast({ title: '评估已提交', icon: 'none' });
      void Taro.redirectTo({ url: LOOP_PAGES.project(id) });
    });
  };

  if (!p) return <Loading className='evaluate' error={error} />;
  return (
    <View className={pageClass('page evaluate')}>
      <View className='card'>
        <Text className='loop-title'>{p.title}</Text>
        <KV k='实施机构'>{p.organization.name}</KV>
        <KV k='服务人次'>{`${p.peopleServed} 人次`}</KV>
        <KV k='居民评价'>{p.residentRating.count && p.residentRating.average != null ? `${p.residentRating.average.toFixed(1)} 分（${p.residentRating.count} 人）` : '暂无'}</KV>
      </View>
      <View className='card evaluate__scores'>
        <Text className='form-label'>评估打分（每项 0–100 分；居民满意度按居民评价计算：平均星级 × 20）</Text>
        {criteria.map((c) =>
          c.source === 'residents' ? (
            <View key={c.id} className='loop-count evaluate__computed' data-criterion={c.key}>
              <Text className='loop-count__label'>{`${c.label}（权重 ${c.weight}%）`}</Text>
              <Text className='evaluate__computed-score'>
                {residentsScore(rating) == null ? '无数据：暂无居民评价，不计入总分' : `${residentsScore(rating)} 分（据 ${rating.count} 位居民评价）`}
              </Text>
            </View>
          ) : (
            <View key={c.id} className='loop-count' data-criterion={c.key}>
              <Text className='loop-count__label'>{`${c.label}（权重 ${c.weight}%）`}</Text>
              <Input className='loop-count__input evaluate__score' type='number' value={scores[c.id] ?? ''} onInput={(e) => setScores((s) => ({ ...s, [c.id]: e.detail.value }))} />
            </View>
          ),
        )}
        <FieldError errors={errors} field='scores' />
        <Text className='loop-line loop-line--strong evaluate__total'>{`加权总分：${weightedTotal(criteria, numbers, rating)} 分`}</Text>
        <Text className='form-label form-label--gap'>评估意见</Text>
        <Textarea className='form-textarea evaluate__comment' value={comment} maxlength={1000} onInput={(e) => setComment(e.detail.value)} />
        <FieldError errors={errors} field='comment' />
      </View>
      <SubmitBar errors={errors} busy={busy} className='evaluate__submit' onSubmit={() => void submit()}>
        提交评估
      </SubmitBar>
    </View>
  );
}
