import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { TASK_KINDS, TASK_KIND_LABEL, TASKABLE_NEED_STATUSES, type VolunteerApplicationView, type VolunteerTaskInput, type VolunteerTaskView } from '@contract/volunteers';
import { beijingAt, DateTimeField } from '../../components/DateTimeField';
import { FORM_ERROR, fieldErrors } from '../../hooks/useForm';
import { ApiError, errorText } from '../../services/api';
import type { NeedView } from '@contract/needs';
import { volunteerApi } from '../../services/volunteer';
import { FieldError } from '../../volunteer/components';
import { timeRange } from '../../volunteer/format';
import './NeedVolunteerTasks.scss';

/** The half hours a task can credit, up to its scheduled time (the longest first), at most 8 choices. */
export function halfHours(scheduled: number): number[] {
  const out: number[] = [];
  for (let m = scheduled; m >= 30 && out.length < 8; m -= 30) out.push(m);
  return out;
}

/** A need must be accepted or being handled before volunteers are sent: the server's list. */
const taskable = (status: string) => (TASKABLE_NEED_STATUSES as readonly string[]).includes(status);

export function validateTask(d: VolunteerTaskInput, now = Date.now()): Record<string, string> {
  const e: Record<string, string> = {};
  if (d.title.trim().length < 2) e.title = '请填写任务名称，例如：陪张奶奶去区医院复查';
  if (!d.place.trim()) e.place = '请填写大致地点（具体地址只给认领的志愿者看）';
  if (new Date(d.startsAt).getTime() <= now) e.startsAt = '开始时间应晚于现在';
  if (new Date(d.endsAt).getTime() <= new Date(d.startsAt).getTime()) e.endsAt = '结束时间应晚于开始时间';
  return e;
}

/**
 * 志愿任务 on the staff need page: the tasks already made for this need and a form to make one
 * (陪诊, 送餐, 代购, 上门探访 …). Only the volunteer who claims a task sees the resident's contact.
 */
export function NeedVolunteerTasks({ need }: { need: NeedView }) {
  const [tasks, setTasks] = useState<VolunteerTaskView[]>([]);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<VolunteerTaskInput>(() => ({ kind: 'visit', title: '', description: '', place: '', startsAt: beijingAt(1, 9), endsAt: beijingAt(1, 11) }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // 收回: a claimed task taken back with a reason, to be claimed again (the volunteer is told).
  const [takingBack, setTakingBack] = useState<{ id: number; reason: string } | null>(null);

  const takeBack = async (id: number) => {
    if (busy) return;
    const reason = takingBack?.id === id ? takingBack.reason.trim() : '';
    if (!reason) {
      setTakingBack({ id, reason: takingBack?.id === id ? takingBack.reason : '' });
      if (takingBack?.id === id) setErrors({ takeBack: '请写明收回的原因，志愿者会收到' });
      return;
    }
    setBusy(true);
    try {
      await volunteerApi.releaseTask(id, reason);
      setMessage('已收回，任务重新开放认领，已告知原来的志愿者');
      setTakingBack(null);
      load();
    } catch (err) {
      if (err instanceof ApiError) setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  // 改派: the community's approved volunteers, by name, loaded when staff first open the picker.
  const [assigning, setAssigning] = useState<number | null>(null);
  const [volunteers, setVolunteers] = useState<VolunteerApplicationView[] | null>(null);
  const openAssign = (id: number) => {
    setAssigning(assigning === id ? null : id);
    if (!volunteers) {
      volunteerApi
        .applications({ nodeId: need.communityId, status: 'approved' })
        .then(setVolunteers)
        .catch(() => setVolunteers([]));
    }
  };
  const assignTo = async (t: VolunteerTaskView, v: VolunteerApplicationView) => {
    if (busy) return;
    setBusy(true);
    try {
      await volunteerApi.assignTask(t.id, v.userId);
      setMessage(`已指派给${v.realName}，并通知了志愿者`);
      setAssigning(null);
      load();
    } catch (err) {
      if (err instanceof ApiError) setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  // 确认: a done task's hours (the scheduled time unless staff pick fewer) are credited to the volunteer.
  const [credit, setCredit] = useState<Record<number, number>>({});
  const confirm = async (t: VolunteerTaskView) => {
    if (busy) return;
    const minutes = credit[t.id] ?? t.scheduledMinutes;
    setBusy(true);
    try {
      const done = await volunteerApi.confirmTask(t.id, minutes);
      setMessage(`已确认，志愿者记服务时长 ${done.creditedHours} 小时`);
      load();
    } catch (err) {
      if (err instanceof ApiError) setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const load = () => {
    volunteerApi
      .tasks({ nodeId: need.communityId }, { toast: false })
      .then((all) => setTasks(all.filter((t) => t.needId === need.id)))
      .catch(() => setTasks([]));
  };
  useEffect(load, [need.id, need.communityId]); // eslint-disable-line react-hooks/exhaustive-deps

  const set = <K extends keyof VolunteerTaskInput>(key: K, value: VolunteerTaskInput[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: '' }));
  };

  const submit = async () => {
    if (busy) return;
    const found = validateTask(draft);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setMessage(null);
    try {
      await volunteerApi.createTask(need.id, { ...draft, title: draft.title.trim(), place: draft.place.trim(), description: draft.description?.trim() || undefined });
      setMessage('任务已发布，社区志愿者可以认领了');
      setOpen(false);
      setDraft((d) => ({ ...d, title: '', description: '', place: '' }));
      load();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const byField = fieldErrors(err);
      if (byField[FORM_ERROR]) setMessage(errorText(err));
      else setErrors(byField);
    } finally {
      setBusy(false);
    }
  };

  if (!taskable(need.status) && tasks.length === 0) return null;

  return (
    <View className='card need-tasks'>
      <Text className='form-label'>志愿任务</Text>
      {tasks.length === 0 ? <Text className='muted'>还没有为这件需求派发志愿任务。</Text> : null}
      {tasks.map((t) => (
        <View key={t.id} className='need-tasks__row'>
          <Text className='need-tasks__title'>{`${t.kindLabel} · ${t.title}`}</Text>
          <Text className='muted'>{`${timeRange(t.startsAt, t.endsAt)} · ${t.place} · ${t.statusLabel}${t.confirmed ? ` · 已确认，记 ${t.creditedHours} 小时` : ''}`}</Text>
          {t.status === 'open' || t.status === 'claimed' ? (
            <Text className='link need-tasks__assign-btn' onClick={() => openAssign(t.id)}>
              {assigning === t.id ? '收起' : t.status === 'open' ? '指派给志愿者' : '改派给其他志愿者'}
            </Text>
          ) : null}
          {assigning === t.id ? (
            <View className='chips need-tasks__assign'>
              {volunteers === null ? <Text className='muted'>正在加载志愿者…</Text> : null}
              {volunteers?.length === 0 ? <Text className='muted'>本社区还没有审核通过的志愿者</Text> : null}
              {(volunteers ?? []).map((v) => (
                <Text key={v.userId} className='chip' data-volunteer={v.userId} onClick={() => void assignTo(t, v)}>
                  {v.realName}
                </Text>
              ))}
            </View>
          ) : null}
          {t.doneNote ? <Text className='need-tasks__note'>{`完成情况：${t.doneNote}`}</Text> : null}
          {t.canConfirm ? (
            <View className='need-tasks__confirm'>
              <Text className='muted'>服务时长（按半小时计，不超过安排的时间）</Text>
              <View className='chips'>
                {halfHours(t.scheduledMinutes).map((m) => (
                  <Text key={m} className={`chip${(credit[t.id] ?? t.scheduledMinutes) === m ? ' chip--on' : ''}`} data-minutes={m} onClick={() => setCredit((c) => ({ ...c, [t.id]: m }))}>
                    {`${m / 60} 小时`}
                  </Text>
                ))}
              </View>
              <Button className='need-tasks__confirm-btn' type='primary' size='large' block disabled={busy} onClick={() => void confirm(t)}>
                {`确认完成，记 ${(credit[t.id] ?? t.scheduledMinutes) / 60} 小时`}
              </Button>
            </View>
          ) : null}
          {t.status === 'claimed' ? (
            <View className='need-tasks__take-back'>
              {takingBack?.id === t.id ? (
                <>
                  <Input className='form-input need-tasks__take-back-reason' value={takingBack.reason} maxlength={200} placeholder='收回的原因（志愿者会收到）' onInput={(e) => (setTakingBack({ id: t.id, reason: e.detail.value }), setErrors({}))} />
                  <FieldError errors={errors} field='takeBack' />
                </>
              ) : null}
              <Text className='link need-tasks__take-back-btn' onClick={() => void takeBack(t.id)}>
                {takingBack?.id === t.id ? '确认收回' : '收回，重新派发'}
              </Text>
            </View>
          ) : null}
        </View>
      ))}
      {message ? <Text className='need-tasks__message'>{message}</Text> : null}
      {taskable(need.status) && !open ? (
        <Button className='need-tasks__open' type='default' size='large' block onClick={() => setOpen(true)}>
          派发志愿任务
        </Button>
      ) : null}
      {open ? (
        <View className='need-tasks__form'>
          <View className='chips'>
            {TASK_KINDS.map((k) => (
              <Text key={k} className={`chip${draft.kind === k ? ' chip--on' : ''}`} onClick={() => set('kind', k)}>
                {TASK_KIND_LABEL[k]}
              </Text>
            ))}
          </View>
          <Text className='form-label'>任务名称</Text>
          <Input className='form-input need-tasks__name' value={draft.title} maxlength={40} placeholder='例如：陪张奶奶去区医院复查' onInput={(e) => set('title', e.detail.value)} />
          <FieldError errors={errors} field='title' />
          <Text className='form-label form-label--gap'>大致地点（所有志愿者可见）</Text>
          <Input className='form-input need-tasks__place' value={draft.place} maxlength={60} placeholder='例如：区人民医院' onInput={(e) => set('place', e.detail.value)} />
          <FieldError errors={errors} field='place' />
          <DateTimeField label='开始' value={draft.startsAt} onChange={(v) => set('startsAt', v)} className='need-tasks__start' />
          <FieldError errors={errors} field='startsAt' />
          <DateTimeField label='结束' value={draft.endsAt} onChange={(v) => set('endsAt', v)} />
          <FieldError errors={errors} field='endsAt' />
          <Text className='form-label'>说明（选填，不要写电话和门牌号）</Text>
          <Textarea className='form-textarea' value={draft.description ?? ''} maxlength={500} onInput={(e) => set('description', e.detail.value)} />
          <Button className='need-tasks__submit' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void submit()}>
            发布任务
          </Button>
        </View>
      ) : null}
    </View>
  );
}
