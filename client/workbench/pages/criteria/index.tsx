import { Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { criteriaSetProblem, type CriterionSource, type EvalCriterionInput } from '@contract/projects';
import { FieldError, Loading, Result } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { useForm } from '../../../hooks/useForm';
import { SubmitBar } from '../../../loop/components';
import { consultationApi } from '../../../services/consultation';
import { ensureSession, useSession } from '../../../store/session';
import '../../../loop/loop.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

interface Row extends EvalCriterionInput {
  weightText: string;
}

const SOURCE_TEXT: Record<CriterionSource, string> = { scored: '评估人打分', residents: '由居民评价计算' };

/** The form's own check: every row filled with a whole weight, then the set's rule (criteriaSetProblem). */
export function checkCriteria(rows: Row[]): string | null {
  if (!rows.length) return '至少保留一项指标';
  if (rows.some((r) => !r.label.trim())) return '请填写每项指标的名称';
  if (new Set(rows.map((r) => r.label.trim())).size !== rows.length) return '指标名称不能重复';
  if (rows.some((r) => !/^\d{1,3}$/.test(r.weightText) || Number(r.weightText) < 1)) return '权重请填 1–100 的整数';
  return criteriaSetProblem(rows.map((r) => ({ label: r.label, weight: Number(r.weightText), source: r.source })));
}

/**
 * 评估标准: the criteria and weights every project evaluation uses. The district's staff or admin
 * revise them (a new version; evaluations already given keep the criteria they were scored with);
 * everyone else on the workbench reads them.
 */
export default function CriteriaPage() {
  const { me } = useSession();
  const { data, error, reload } = usePageData(() => consultationApi.criteria(), []);
  const [rows, setRows] = useState<Row[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, setErrors, busy, send } = useForm();
  const canEdit = Boolean(me?.roles.some((r) => (r.role === 'staff' || r.role === 'admin') && r.nodeLevel === 'district'));

  useEffect(() => {
    void ensureSession();
  }, []);
  useEffect(() => {
    if (data) setRows(data.map((c) => ({ key: c.key, label: c.label, weight: c.weight, source: c.source, weightText: String(c.weight) })));
  }, [data]);

  const set = (i: number, patch: Partial<Row>) => (setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r))), setSaved(null), setErrors({}));
  const sum = rows.reduce((s, r) => s + (Number(r.weightText) || 0), 0);
  const save = async () => {
    const problem = checkCriteria(rows);
    setErrors(problem ? { criteria: problem } : {});
    if (problem || busy) return;
    await send(async () => {
      const next = await consultationApi.reviseCriteria({ criteria: rows.map((r) => ({ ...(r.key ? { key: r.key } : {}), label: r.label.trim(), weight: Number(r.weightText), source: r.source })) });
      setSaved(`已保存为第 ${next[0]?.version ?? ''} 版，之后的项目评估按新标准打分；已完成的评估保留原来的标准`);
      reload();
    });
  };

  if (!data) return <Loading className='criteria-page' error={error} />;
  return (
    <View className={pageClass('page criteria-page')}>
      <View className='card'>
        <Text className='loop-title'>{`项目评估标准 · 第 ${data[0]?.version ?? 1} 版`}</Text>
        <Text className='muted'>{canEdit ? '修改后保存为新版本：已完成的评估保留当时的指标和权重。' : '全区统一的评估标准，由区县的工作人员或管理员修订。'}</Text>
      </View>
      {saved ? <Result ok title='已保存' text={saved} /> : null}
      <View className='card'>
        {rows.map((r, i) => (
          <View key={r.key ?? `new-${i}`} className='criteria-row' data-row={i}>
            {canEdit ? (
              <Input className='form-input criteria-row__label' value={r.label} maxlength={24} placeholder='指标名称' onInput={(e) => set(i, { label: e.detail.value })} />
            ) : (
              <Text className='criteria-row__name'>{r.label}</Text>
            )}
            <View className='criteria-row__meta'>
              <Text className='muted'>{SOURCE_TEXT[r.source]}</Text>
              {canEdit ? (
                <Input className='form-input criteria-row__weight' type='number' value={r.weightText} maxlength={3} onInput={(e) => set(i, { weightText: e.detail.value })} />
              ) : (
                <Text className='criteria-row__weight-text'>{`权重 ${r.weight}`}</Text>
              )}
              {canEdit && r.source === 'scored' ? (
                <Text className='link criteria-row__remove' onClick={() => (setRows((rs) => rs.filter((_, j) => j !== i)), setSaved(null))}>
                  删除
                </Text>
              ) : null}
            </View>
          </View>
        ))}
        {canEdit ? (
          <>
            <Text className='link criteria-add' onClick={() => setRows((rs) => [...rs, { label: '', weight: 0, source: 'scored', weightText: '' }])}>
              ＋ 添加指标
            </Text>
            <Text className={`criteria-sum${sum === 100 ? '' : ' criteria-sum--off'}`}>{`权重合计 ${sum} / 100`}</Text>
            <FieldError errors={errors} field='criteria' />
          </>
        ) : null}
      </View>
      {canEdit ? (
        <SubmitBar errors={errors} busy={busy} className='criteria-save' onSubmit={() => void save()}>
          保存为新版本
        </SubmitBar>
      ) : null}
    </View>
  );
}
