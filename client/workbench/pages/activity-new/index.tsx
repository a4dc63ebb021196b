import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import type { VolunteerActivityInput } from '@contract/volunteers';
import { beijingAt, DateTimeField } from '../../../components/DateTimeField';
import { FORM_ERROR, fieldErrors } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { platform } from '../../../platform/index';
import { ApiError, errorText } from '../../../services/api';
import { consultationApi } from '../../../services/consultation';
import { volunteerApi } from '../../../services/volunteer';
import { ensureSession, useSession } from '../../../store/session';
import { FieldError } from '../../../volunteer/components';
import { ORGANIZER_PAGES, organizerNodes, publishCommunities } from '../../organizer';
import '../../../volunteer/volunteer.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

/** The form's state: the contract's input where a field is kept as sent, text where the person types a number. */
export interface ActivityDraft extends Pick<VolunteerActivityInput, 'title' | 'description' | 'startsAt' | 'endsAt' | 'signupDeadline' | 'address' | 'needsApproval' | 'lateCancel'> {
  communityId: number | null;
  capacity: string;
  skillIds: number[];
  cancelCutoffMinutes: string;
  place: { lat: number; lng: number } | null;
  maxDistanceMeters: string;
  /** The service project the activity serves (its needs' 志愿者参与 step is written when attendance is confirmed). */
  projectId?: number | null;
}

/** The reasons a draft cannot be sent yet, by the server's field names (the server checks again). */
export function validateActivity(d: ActivityDraft, now = Date.now()): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.communityId) e.communityId = '请选择活动所在社区';
  if (d.title.trim().length < 2) e.title = '请填写活动名称（至少 2 个字）';
  if (d.description.trim().length < 5) e.description = '请写几句活动内容，让志愿者知道要做什么';
  if (!d.address.trim()) e.address = '请填写集合地点';
  const start = new Date(d.startsAt).getTime();
  const end = new Date(d.endsAt).getTime();
  const deadline = new Date(d.signupDeadline).getTime();
  if (start <= now) e.startsAt = '开始时间应晚于现在';
  if (end <= start) e.endsAt = '结束时间应晚于开始时间';
  if (deadline > start) e.signupDeadline = '报名截止时间不能晚于开始时间';
  const cap = Number(d.capacity);
  if (!Number.isInteger(cap) || cap < 1 || cap > 10000) e.capacity = '名额请填写 1–10000 的整数';
  const cut = Number(d.cancelCutoffMinutes);
  if (!Number.isInteger(cut) || cut < 0 || cut > 10080) e.cancelCutoffMinutes = '请填写 0–10080 之间的分钟数';
  if (d.maxDistanceMeters.trim()) {
    const m = Number(d.maxDistanceMeters);
    if (!Number.isInteger(m) || m < 20 || m > 50000) e.maxDistanceMeters = '签到距离请填写 20–50000 米';
    else if (!d.place) e.maxDistanceMeters = '限定签到距离需要先在地图上选定活动地点';
  }
  return e;
}

export function toCreateInput(d: ActivityDraft, needId?: number): VolunteerActivityInput {
  return {
    communityId: d.communityId!,
    title: d.title.trim(),
    description: d.description.trim(),
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    signupDeadline: d.signupDeadline,
    address: d.address.trim(),
    capacity: Number(d.capacity),
    requiredSkillIds: d.skillIds,
    needsApproval: d.needsApproval,
    cancelCutoffMinutes: Number(d.cancelCutoffMinutes),
    lateCancel: d.lateCancel,
    ...(d.place ? { lat: d.place.lat, lng: d.place.lng } : {}),
    ...(d.place && d.maxDistanceMeters.trim() ? { maxDistanceMeters: Number(d.maxDistanceMeters) } : {}),
    ...(needId ? { needId } : {}),
    ...(d.projectId ? { projectId: d.projectId } : {}),
  };
}

/** 发布志愿活动: what, when, where, how many, which skills; sign-up rules. */
export default function CreateActivityPage() {
  const { params } = useRouter();
  const needId = Number(params.needId) || undefined;
  const { me } = useSession();
  const communities = publishCommunities(organizerNodes(me));
  const skills = usePageData(() => volunteerApi.skills().catch(() => []), []).data ?? [];
  const [draft, setDraft] = useState<ActivityDraft>(() => ({
    communityId: null,
    title: params.title ? decodeURIComponent(params.title) : '',
    description: '',
    startsAt: beijingAt(3, 9),
    endsAt: beijingAt(3, 11),
    signupDeadline: beijingAt(2, 20),
    address: '',
    capacity: '10',
    skillIds: [],
    needsApproval: false,
    cancelCutoffMinutes: '120',
    lateCancel: 'refuse',
    place: null,
    maxDistanceMeters: '',
    projectId: Number(params.projectId) || null,
  }));
  // The community's projects under way, to link the activity to one (by name, not by number).
  const projects = usePageData(
    () => (draft.communityId ? consultationApi.projects(draft.communityId).then((list) => list.filter((p) => p.status === 'active')).catch(() => []) : null),
    [draft.communityId],
  ).data ?? [];
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void ensureSession();
  }, []);
  useEffect(() => {
    if (!draft.communityId && communities.length) setDraft((d) => ({ ...d, communityId: communities[0].nodeId }));
  }, [communities, draft.communityId]);

  const set = <K extends keyof ActivityDraft>(key: K, value: ActivityDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setFormError(null);
    setErrors((e) => {
      if (!e[key]) return e;
      const { [key]: _gone, ...rest } = e;
      return rest;
    });
  };

  const pickPlace = async () => {
    const loc = await platform.chooseLocation();
    if (!loc) return;
    set('place', { lat: loc.lat, lng: loc.lng });
    if (!draft.address.trim() && loc.address) set('address', loc.address.slice(0, 120));
  };

  const submit = async () => {
    if (busy) return;
    const found = validateActivity(draft);
    setErrors(found);
    if (Object.keys(found).length) {
      setFormError('还有内容需要修改，请看红色的提示');
      return;
    }
    setBusy(true);
    try {
      const a = await volunteerApi.createActivity(toCreateInput(draft, needId));
      void Taro.showToast({ title: '已发布', icon: 'success' });
      void Taro.redirectTo({ url: ORGANIZER_PAGES.roster(a.id) });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const byField = fieldErrors(err);
      if (byField[FORM_ERROR]) setFormError(errorText(err));
      else {
        setErrors(byField);
        setFormError('请按红色提示修改后再发布');
      }
    } finally {
      setBusy(false);
    }
  };

  if (me && communities.length === 0) {
    return (
      <View className={pageClass('page org-new')}>
        <View className='card'>
          <Text className='muted'>志愿活动发布在社区里。您的工作身份不在某个社区，暂时不能发布；请联系社区工作人员。</Text>
        </View>
      </View>
    );
  }

  return (
    <View className={pageClass('page org-new')}>
      {needId ? (
        <View className='card'>
          <Text className='muted'>{`这个活动为居民需求 #${needId} 招募志愿者，需求的时间线上会显示。`}</Text>
        </View>
      ) : null}
      <View className='card'>
        {communities.length > 1 ? (
          <View>
            <Text className='form-label'>所在社区</Text>
            <View className='chips'>
              {communities.map((c) => (
                <Text key={c.nodeId} className={`chip${draft.communityId === c.nodeId ? ' chip--on' : ''}`} onClick={() => set('communityId', c.nodeId)}>
                  {c.nodeName}
                </Text>
              ))}
            </View>
          </View>
        ) : null}
        <FieldError errors={errors} field='communityId' />
        {projects.length ? (
          <View className='org-new__projects'>
            <Text className='form-label'>所属服务项目（选填）</Text>
            <View className='chips'>
              <Text className={`chip${!draft.projectId ? ' chip--on' : ''}`} onClick={() => set('projectId', null)}>
                不关联
              </Text>
              {projects.map((p) => (
                <Text key={p.id} className={`chip org-new__project${draft.projectId === p.id ? ' chip--on' : ''}`} data-project={p.id} onClick={() => set('projectId', p.id)}>
                  {p.title}
                </Text>
              ))}
            </View>
            <FieldError errors={errors} field='projectId' />
          </View>
        ) : null}

        <Text className='form-label'>活动名称</Text>
        <Input className='form-input org-new__title' value={draft.title} maxlength={40} placeholder='例如：重阳敬老助餐' onInput={(e) => set('title', e.detail.value)} />
        <FieldError errors={errors} field='title' />

        <Text className='form-label form-label--gap'>活动内容</Text>
        <Textarea className='form-textarea org-new__desc' value={draft.description} maxlength={2000} placeholder='做什么、需要带什么、注意事项' onInput={(e) => set('description', e.detail.value)} />
        <FieldError errors={errors} field='description' />
      </View>

      <View className='card'>
        <DateTimeField label='开始时间' value={draft.startsAt} onChange={(v) => set('startsAt', v)} />
        <FieldError errors={errors} field='startsAt' />
        <DateTimeField label='结束时间' value={draft.endsAt} onChange={(v) => set('endsAt', v)} />
        <FieldError errors={errors} field='endsAt' />
        <DateTimeField label='报名截止' value={draft.signupDeadline} onChange={(v) => set('signupDeadline', v)} />
        <FieldError errors={errors} field='signupDeadline' />
      </View>

      <View className='card'>
        <Text className='form-label'>集合地点</Text>
        <Input className='form-input org-new__address' value={draft.address} maxlength={120} placeholder='例如：文昌社区党群服务中心' onInput={(e) => set('address', e.detail.value)} />
        <FieldError errors={errors} field='address' />
        {platform.canChooseLocation ? (
          <Text className='link' onClick={() => void pickPlace()}>
            {draft.place ? '已在地图上选点（点此重选）' : '在地图上选定地点（可限定就近签到）'}
          </Text>
        ) : null}
        {draft.place ? (
          <View>
            <Text className='form-label form-label--gap'>只允许在多少米内签到（可不填）</Text>
            <Input className='form-input' type='number' value={draft.maxDistanceMeters} placeholder='例如 300' onInput={(e) => set('maxDistanceMeters', e.detail.value)} />
          </View>
        ) : null}
        <FieldError errors={errors} field='maxDistanceMeters' />
      </View>

      <View className='card'>
        <Text className='form-label'>招募名额（人）</Text>
        <Input className='form-input org-new__capacity' type='number' value={draft.capacity} onInput={(e) => set('capacity', e.detail.value)} />
        <FieldError errors={errors} field='capacity' />

        {skills.length ? (
          <View>
            <Text className='form-label form-label--gap'>需要的技能（可不选）</Text>
            <View className='chips'>
              {skills.map((s) => (
                <Text
                  key={s.id}
                  className={`chip${draft.skillIds.includes(s.id) ? ' chip--on' : ''}`}
                  onClick={() => set('skillIds', draft.skillIds.includes(s.id) ? draft.skillIds.filter((x) => x !== s.id) : [...draft.skillIds, s.id])}
                >
                  {s.label}
                </Text>
              ))}
            </View>
          </View>
        ) : null}

        <View className='org-new__switch'>
          <Text className='form-label'>报名需要我审核</Text>
          <Switch checked={draft.needsApproval} onChange={(e) => set('needsApproval', !!e.detail.value)} />
        </View>

        <Text className='form-label form-label--gap'>开始前多少分钟内不能随意取消</Text>
        <Input className='form-input' type='number' value={draft.cancelCutoffMinutes} onInput={(e) => set('cancelCutoffMinutes', e.detail.value)} />
        <FieldError errors={errors} field='cancelCutoffMinutes' />
        <View className='chips org-new__late'>
          <Text className={`chip${draft.lateCancel === 'refuse' ? ' chip--on' : ''}`} onClick={() => set('lateCancel', 'refuse')}>
            这段时间内不许取消
          </Text>
          <Text className={`chip${draft.lateCancel === 'record' ? ' chip--on' : ''}`} onClick={() => set('lateCancel', 'record')}>
            允许取消，记为临时取消
          </Text>
        </View>
      </View>

      {formError ? <Text className='form-error form-error--summary org-new__error'>{formError}</Text> : null}
      <Button className='org-new__submit' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void submit()}>
        发布活动
      </Button>
    </View>
  );
}
