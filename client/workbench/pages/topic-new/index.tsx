import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { FieldError, Loading } from '../../../components/Basics';
import { SubmitBar } from '../../../loop/components';
import { useForm } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { beijingAt } from '../../../loop/format';
import { WORKBENCH_LOOP_PAGES } from '../../../loop/routes';
import { api } from '../../../services/api';
import { consultationApi } from '../../../services/consultation';
import type { NeedListItem } from '@contract/needs';
import { ensureSession, useSession } from '../../../store/session';
import { dayTime } from '../../../utils/time';
import { staffCommunities } from '../../staff';
import '../../../loop/loop.scss';
import { pageClass } from '../../../store/elder';

const END_CHOICES = [3, 5, 7, 14];
const END_HOUR = 20;

/** Checks the topic form before sending; answers the reasons by field. */
export function validateTopic(v: { title: string; description: string; options: string[] }): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.title.trim()) e.title = '请填写议题';
  else if (v.title.trim().length > 40) e.title = '议题最多40个字';
  if (!v.description.trim()) e.description = '请说明要商量什么';
  const filled = v.options.map((o) => o.trim()).filter(Boolean);
  if (filled.length < 2) e.options = '至少填写两个表决选项';
  else if (new Set(filled).size !== filled.length) e.options = '表决选项不能重复';
  else if (filled.some((o) => o.length > 60)) e.options = '每个选项最多60个字';
  return e;
}

/** 发起议题: from accepted needs, with options and a voting window (opens now, closes at 20:00 on the chosen day). */
export default function NewTopicPage() {
  const { params } = useRouter();
  const { me } = useSession();
  const communities = staffCommunities(me);
  const [communityId, setCommunityId] = useState<number | null>(null);
  const [needIds, setNeedIds] = useState<number[]>(params.needId ? [Number(params.needId)] : []);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [options, setOptions] = useState<string[]>(['', '']);
  const [endDays, setEndDays] = useState(7);
  const { errors, setErrors, busy, send } = useForm();

  useEffect(() => {
    void ensureSession();
  }, []);
  useEffect(() => {
    if (!communityId && communities.length) setCommunityId(communities[0].nodeId);
  }, [communityId, communities]);
  // Needs that may go to consultation: accepted, or already routed to it (none listed when they cannot be loaded).
  const needs: NeedListItem[] =
    usePageData(
      () =>
        communityId
          ? Promise.all([api.queue({ nodeId: communityId, status: 'accepted', limit: 50 }), api.queue({ nodeId: communityId, status: 'in_consultation', limit: 50 })])
              .then(([a, b]) => [...a.items, ...b.items])
              .catch(() => [])
          : null,
      [communityId],
    ).data ?? [];

  const toggle = (id: number) => setNeedIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  const endsAt = beijingAt(endDays, END_HOUR);

  const submit = async () => {
    const e = validateTopic({ title, description, options });
    setErrors(e);
    if (Object.keys(e).length || busy || !communityId) return;
    await send(async () => {
      const t = await consultationApi.createTopic({
        communityId,
        title: title.trim(),
        description: description.trim(),
        options: options.map((o) => o.trim()).filter(Boolean),
        voteEndsAt: endsAt,
        ...(needIds.length ? { needIds } : {}),
      });
      void Taro.showToast({ title: '议题已发起，居民可以投票了', icon: 'none' });
      void Taro.redirectTo({ url: WORKBENCH_LOOP_PAGES.topic(t.id) });
    });
  };

  if (!me) return <Loading className='topic-new' />;
  if (!communities.length) return <Loading className='topic-new' error='只有社区工作人员可以发起议题' />;
  return (
    <View className={pageClass('page topic-new')}>
      {communities.length > 1 ? (
        <View className='card'>
          <Text className='form-label'>哪个社区的议题</Text>
          <View className='chips'>
            {communities.map((c) => (
              <View key={c.nodeId} className={`chip${communityId === c.nodeId ? ' chip--on' : ''}`} onClick={() => setCommunityId(c.nodeId)}>
                <Text>{c.nodeName}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}
      <View className='card'>
        <Text className='form-label'>议题</Text>
        <Input className='form-input topic-new__title' value={title} maxlength={40} placeholder='例如：3栋楼下闲置空地怎么用' onInput={(e) => setTitle(e.detail.value)} />
        <FieldError errors={errors} field='title' />
        <Text className='form-label form-label--gap'>议题说明</Text>
        <Textarea className='form-textarea topic-new__description' value={description} maxlength={1000} placeholder='居民反映了什么、有哪些办法、需要多少钱' onInput={(e) => setDescription(e.detail.value)} />
        <FieldError errors={errors} field='description' />
      </View>

      <View className='card topic-new__options'>
        <Text className='form-label'>表决选项（每位居民选一项）</Text>
        {options.map((o, i) => (
          <View key={i} className='form-row'>
            <Text className='form-row__label'>{`选项${i + 1}`}</Text>
            <Input className='form-row__input topic-new__option' value={o} maxlength={60} placeholder={i === 0 ? '例如：改成停车位' : '例如：建成休闲小广场'} onInput={(e) => setOptions((list) => list.map((x, j) => (j === i ? e.detail.value : x)))} />
            {options.length > 2 ? (
              <Text className='link topic-new__remove' onClick={() => setOptions((list) => list.filter((_, j) => j !== i))}>
                删除
              </Text>
            ) : null}
          </View>
        ))}
        {options.length < 10 ? (
          <Text className='link topic-new__add' onClick={() => setOptions((list) => [...list, ''])}>
            ＋ 再加一个选项
          </Text>
        ) : null}
        <FieldError errors={errors} field='options' />
      </View>

      <View className='card'>
        <Text className='form-label'>投票截止</Text>
        <View className='chips topic-new__ends'>
          {END_CHOICES.map((d) => (
            <View key={d} className={`chip${endDays === d ? ' chip--on' : ''}`} data-days={d} onClick={() => setEndDays(d)}>
              <Text>{`${d}天后`}</Text>
            </View>
          ))}
        </View>
        <Text className='muted'>{`现在开始投票，${dayTime(endsAt)} 截止；截止后公布结果。`}</Text>
        <FieldError errors={errors} field='voteEndsAt' />
      </View>

      <View className='card topic-new__needs'>
        <Text className='form-label'>关联居民需求（可多选）</Text>
        {needs.length === 0 ? <Text className='muted'>没有已受理、待协商的需求</Text> : null}
        {needs.map((n) => (
          <View key={n.id} className={`loop-check${needIds.includes(n.id) ? ' loop-check--on' : ''}`} data-need={n.id} onClick={() => toggle(n.id)}>
            <View className='loop-check__box'>
              <Text>{needIds.includes(n.id) ? '✓' : ''}</Text>
            </View>
            <Text>{`${n.title}（${n.statusLabel}）`}</Text>
          </View>
        ))}
        <FieldError errors={errors} field='needIds' />
      </View>
      <SubmitBar errors={errors} busy={busy} className='topic-new__submit' onSubmit={() => void submit()}>
        发起议题
      </SubmitBar>
    </View>
  );
}
