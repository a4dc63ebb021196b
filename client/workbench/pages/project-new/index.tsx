import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { PROJECT_DOMAINS, PROJECT_DOMAIN_LABEL, type ProjectDomain } from '@contract/projects';
import { FieldError, Loading } from '../../../components/Basics';
import { SubmitBar } from '../../../loop/components';
import { useForm } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { beijingDay, parseYuan, yuan } from '../../../loop/format';
import { LOOP_PAGES } from '../../../loop/routes';
import { consultationApi } from '../../../services/consultation';
import '../../../loop/loop.scss';
import { pageClass } from '../../../store/elder';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface ProjectForm {
  title: string;
  domain: ProjectDomain | null;
  summary: string;
  orgId: number | null;
  socialWorkerId: number | null;
  budget: string;
  startsOn: string;
  endsOn: string;
  milestones: Array<{ title: string; plannedOn: string }>;
}

/** Checks the project form before sending; answers the reasons by the server's field names. */
export function validateProject(f: ProjectForm): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.title.trim()) e.title = '请填写项目名称';
  if (!f.domain) e.domain = '请选择服务领域';
  if (!f.summary.trim()) e.summary = '请填写项目简介';
  if (!f.orgId) e.orgId = '请选择实施的社会组织';
  if (!f.socialWorkerId) e.socialWorkerId = '请选择指导社工';
  if (parseYuan(f.budget) == null) e.budgetFen = '请填写预算金额（元，最多两位小数）';
  if (!DAY.test(f.startsOn)) e.startsOn = '开始日期请写成 2026-05-01 这样';
  if (!DAY.test(f.endsOn)) e.endsOn = '结束日期请写成 2026-12-31 这样';
  else if (DAY.test(f.startsOn) && f.endsOn < f.startsOn) e.endsOn = '结束日期不能早于开始日期';
  const ms = f.milestones.filter((m) => m.title.trim());
  if (!ms.length) e.milestones = '至少填写一个项目节点';
  else if (ms.some((m) => !DAY.test(m.plannedOn))) e.milestones = '节点的计划日期请写成 2026-05-01 这样';
  return e;
}

/** 创建服务项目 from a published resolution: organization, guiding social worker, budget (fen), milestones. */
export default function NewProjectPage() {
  const { params } = useRouter();
  const resolutionId = Number(params.resolutionId);
  const topicId = Number(params.topicId);
  const { data: topic, error } = usePageData(() => consultationApi.topic(topicId), [topicId]);
  const communityId = topic?.communityId ?? null;
  // Who may carry it out and guide it (none offered when they cannot be loaded).
  const orgs = usePageData(() => (communityId ? consultationApi.orgs(communityId).catch(() => []) : null), [communityId]).data ?? [];
  const workers =
    usePageData(
      () =>
        communityId
          ? consultationApi
              .socialWorkers(communityId)
              .then((r) => Array.from(new Map(r.items.map((w) => [w.userId, w])).values()))
              .catch(() => [])
          : null,
      [communityId],
    ).data ?? [];
  const [f, setF] = useState<ProjectForm>({
    title: '',
    domain: null,
    summary: '',
    orgId: null,
    socialWorkerId: null,
    budget: '',
    startsOn: beijingDay(0),
    endsOn: beijingDay(90),
    milestones: [{ title: '', plannedOn: beijingDay(30) }],
  });
  const { errors, setErrors, busy, send } = useForm();
  const set = (patch: Partial<ProjectForm>) => setF((x) => ({ ...x, ...patch }));

  // The topic's title and resolution fill the fields until the worker edits them. Computed while
  // rendering, never pushed in by an effect: an H5 input throws ("reading 'value'") when its value
  // changes before it has mounted.
  const [touched, setTouched] = useState<{ title?: boolean; summary?: boolean }>({});
  const form: ProjectForm = topic
    ? { ...f, title: touched.title ? f.title : f.title || topic.title, summary: touched.summary ? f.summary : f.summary || (topic.resolution?.text ?? '') }
    : f;

  const submit = async () => {
    const e = validateProject(form);
    setErrors(e);
    if (Object.keys(e).length || busy || !topic) return;
    await send(async () => {
      const p = await consultationApi.createProject({
        communityId: topic.communityId,
        ...(resolutionId ? { resolutionId } : {}),
        title: form.title.trim(),
        domain: f.domain!,
        summary: form.summary.trim(),
        orgId: f.orgId!,
        socialWorkerId: f.socialWorkerId!,
        budgetFen: parseYuan(f.budget)!,
        startsOn: f.startsOn,
        endsOn: f.endsOn,
        milestones: f.milestones.filter((m) => m.title.trim()).map((m) => ({ title: m.title.trim(), plannedOn: m.plannedOn })),
      });
      void Taro.showToast({ title: '服务项目已创建', icon: 'none' });
      void Taro.redirectTo({ url: LOOP_PAGES.project(p.id, true) });
    });
  };

  if (!topic) return <Loading className='project-new' error={error} />;
  const fen = parseYuan(f.budget);
  return (
    <View className={pageClass('page project-new')}>
      <View className='card'>
        <Text className='muted'>{`来自议题：${topic.title}`}</Text>
        <Text className='form-label form-label--gap'>项目名称</Text>
        <Input className='form-input project-new__title' value={form.title} maxlength={40} onInput={(e) => { setTouched((t) => ({ ...t, title: true })); set({ title: e.detail.value }); }} />
        <FieldError errors={errors} field='title' />
        <Text className='form-label form-label--gap'>服务领域</Text>
        <View className='chips project-new__domains'>
          {PROJECT_DOMAINS.map((d) => (
            <View key={d} className={`chip${f.domain === d ? ' chip--on' : ''}`} data-domain={d} onClick={() => set({ domain: d })}>
              <Text>{PROJECT_DOMAIN_LABEL[d]}</Text>
            </View>
          ))}
        </View>
        <FieldError errors={errors} field='domain' />
        <Text className='form-label form-label--gap'>项目简介</Text>
        <Textarea className='form-textarea project-new__summary' value={form.summary} maxlength={1000} onInput={(e) => { setTouched((t) => ({ ...t, summary: true })); set({ summary: e.detail.value }); }} />
        <FieldError errors={errors} field='summary' />
      </View>

      <View className='card'>
        <Text className='form-label'>实施的社会组织</Text>
        {orgs.length === 0 ? <Text className='muted'>本社区还没有登记社会组织</Text> : null}
        <View className='chips project-new__orgs'>
          {orgs.map((o) => (
            <View key={o.id} className={`chip${f.orgId === o.id ? ' chip--on' : ''}`} data-org={o.id} onClick={() => set({ orgId: o.id })}>
              <Text>{o.name}</Text>
            </View>
          ))}
        </View>
        <FieldError errors={errors} field='orgId' />
        <Text className='form-label form-label--gap'>指导社工</Text>
        {workers.length === 0 ? <Text className='muted'>本社区还没有登记社工</Text> : null}
        <View className='chips project-new__workers'>
          {workers.map((w) => (
            <View key={w.userId} className={`chip${f.socialWorkerId === w.userId ? ' chip--on' : ''}`} data-worker={w.userId} onClick={() => set({ socialWorkerId: w.userId })}>
              <Text>{`${w.nickname}（${w.nodeName}）`}</Text>
              <Text className={`project-new__cert${w.certificate?.valid ? '' : ' project-new__cert--none'}`}>
                {w.certificate ? `${w.certificate.levelLabel} · ${w.certificate.valid ? `有效期至 ${w.certificate.expiresOn}` : '证书已过期'}` : '未登记社工证'}
              </Text>
            </View>
          ))}
        </View>
        <FieldError errors={errors} field='socialWorkerId' />
      </View>

      <View className='card'>
        <Text className='form-label'>预算（元）</Text>
        <Input className='form-input project-new__budget' type='digit' value={f.budget} placeholder='例如 12000' onInput={(e) => set({ budget: e.detail.value })} />
        {fen != null ? <Text className='muted'>{`即 ${yuan(fen)}`}</Text> : null}
        <FieldError errors={errors} field='budgetFen' />
        <View className='form-row'>
          <Text className='form-row__label'>开始</Text>
          <Input className='form-row__input project-new__starts' value={f.startsOn} placeholder='2026-05-01' onInput={(e) => set({ startsOn: e.detail.value })} />
        </View>
        <FieldError errors={errors} field='startsOn' />
        <View className='form-row'>
          <Text className='form-row__label'>结束</Text>
          <Input className='form-row__input project-new__ends' value={f.endsOn} placeholder='2026-12-31' onInput={(e) => set({ endsOn: e.detail.value })} />
        </View>
        <FieldError errors={errors} field='endsOn' />
      </View>

      <View className='card project-new__milestones'>
        <Text className='form-label'>项目节点</Text>
        {f.milestones.map((m, i) => (
          <View key={i} className='project-new__milestone'>
            <Input className='form-input project-new__ms-title' value={m.title} maxlength={60} placeholder={`节点${i + 1}，例如：完成入户走访`} onInput={(e) => set({ milestones: f.milestones.map((x, j) => (j === i ? { ...x, title: e.detail.value } : x)) })} />
            <View className='form-row'>
              <Text className='form-row__label'>计划</Text>
              <Input className='form-row__input project-new__ms-date' value={m.plannedOn} onInput={(e) => set({ milestones: f.milestones.map((x, j) => (j === i ? { ...x, plannedOn: e.detail.value } : x)) })} />
            </View>
          </View>
        ))}
        {f.milestones.length < 20 ? (
          <Text className='link' onClick={() => set({ milestones: [...f.milestones, { title: '', plannedOn: f.endsOn }] })}>
            ＋ 再加一个节点
          </Text>
        ) : null}
        <FieldError errors={errors} field='milestones' />
      </View>
      <FieldError errors={errors} field='resolutionId' />
      <SubmitBar errors={errors} busy={busy} className='project-new__submit' onSubmit={() => void submit()}>
        创建服务项目
      </SubmitBar>
    </View>
  );
}
