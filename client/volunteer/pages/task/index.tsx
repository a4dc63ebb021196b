import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { FORM_ERROR, fieldErrors } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { ApiError } from '../../../services/api';
import { volunteerApi } from '../../../services/volunteer';
import { useSessionGate } from '../../../store/session';
import { FieldError, KV, Loading, Result, confirmDialog } from '../../components';
import { dayTime, timeRange } from '../../format';
import '../../volunteer.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

/**
 * One task: what and where (the general place). Claiming it shows the resident's contact and
 * address to the claimer only (the server enforces this and audits each view); the claimer
 * marks it done with a note, which appears on the need's timeline.
 */
export default function TaskPage() {
  const { status } = useSessionGate();
  const { params } = useRouter();
  const id = Number(params.id);
  const { data, error, reload } = usePageData(
    () =>
      id && status === 'ready'
        ? volunteerApi.task(id).then(async (task) => ({
            task,
            // The contact only while the task is mine and not done.
            contact: task.claimedByMe && task.status === 'claimed' ? await volunteerApi.taskContact(id) : null,
          }))
        : null,
    [id, status],
    { missing: id ? undefined : '没有找到该任务' },
  );
  const [note, setNote] = useState('');
  const [releasing, setReleasing] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const task = data?.task ?? null;
  const contact = data?.contact ?? null;

  /** A refusal: its reason by the field it names (a content-check refusal too), anything else in the outcome panel. */
  const refused = (err: unknown) => {
    if (!(err instanceof ApiError)) throw err;
    const byField = fieldErrors(err);
    if (byField[FORM_ERROR]) setOutcome({ ok: false, text: byField[FORM_ERROR] });
    else setErrors(byField);
  };

  const claim = async () => {
    if (busy || !task) return;
    if (!(await confirmDialog('认领任务', `认领后请按时提供服务：${dayTime(task.startsAt)}。确定认领吗？`, '认领'))) return;
    setBusy(true);
    try {
      await volunteerApi.claimTask(task.id);
      setOutcome({ ok: true, text: '认领成功，请联系居民并按时提供服务' });
      reload();
    } catch (err) {
      if (err instanceof ApiError) setOutcome({ ok: false, text: err.message });
      reload();
    } finally {
      setBusy(false);
    }
  };

  const done = async () => {
    if (busy || !task) return;
    if (!note.trim()) {
      setErrors({ note: '请简单写一下服务情况，例如“已送餐，老人身体状况良好”' });
      return;
    }
    setBusy(true);
    try {
      await volunteerApi.taskDone(task.id, note.trim());
      setOutcome({ ok: true, text: '已标记完成，谢谢您的付出！' });
      setNote('');
      reload();
    } catch (err) {
      refused(err);
    } finally {
      setBusy(false);
    }
  };

  // 去不了了: the task goes back to open with the reason; the community's staff are told.
  const release = async () => {
    if (busy || !task) return;
    if (releasing === null) return setReleasing('');
    if (!releasing.trim()) return setErrors({ reason: '请说明原因，社区好重新安排，例如“临时加班去不了”' });
    if (!(await confirmDialog('释放任务', '释放后其他志愿者可以认领，社区工作人员会收到通知。确定吗？', '释放'))) return;
    setBusy(true);
    try {
      await volunteerApi.releaseTask(task.id, releasing.trim());
      setOutcome({ ok: true, text: '已释放，社区会另行安排。谢谢您告知！' });
      setReleasing(null);
      reload();
    } catch (err) {
      refused(err);
    } finally {
      setBusy(false);
    }
  };

  if (!task) return <Loading className='vol-task' error={error} />;

  return (
    <View className={pageClass('page vol-task')}>
      <View className='card vol-activity'>
        <View className='vol-activity__head'>
          <Text className='vol-activity__title vol-task__title'>{`【${task.kindLabel}】${task.title}`}</Text>
          <Text className='badge vol-badge vol-task__status'>{task.statusLabel}</Text>
        </View>
        <KV k='时间'>{timeRange(task.startsAt, task.endsAt)}</KV>
        <KV k='地点'>{task.place}</KV>
        <KV k='社区'>{task.communityName}</KV>
        <KV k='来自需求'>{task.needTitle}</KV>
        {task.description ? <KV k='说明'>{task.description}</KV> : null}
      </View>

      {outcome ? <Result ok={outcome.ok} title={outcome.ok ? '操作成功' : '没有成功'} text={outcome.text} className='vol-task__outcome' /> : null}

      {contact ? (
        <View className='card vol-task__contact'>
          <Text className='form-label'>居民联系方式（仅您可见）</Text>
          {contact.name ? <KV k='称呼'>{contact.name}</KV> : null}
          {contact.phone ? (
            <View className='kv'>
              <Text className='kv__k'>电话</Text>
              <Text className='kv__v link vol-task__phone' onClick={() => void Taro.makePhoneCall({ phoneNumber: contact.phone! }).catch(() => undefined)}>
                {contact.phone}
              </Text>
            </View>
          ) : null}
          <KV k='地址'>{[contact.community, contact.building, contact.unit, contact.address].filter(Boolean).join(' ') || '未提供'}</KV>
          <Text className='muted vol-task__notice'>{contact.notice}</Text>
        </View>
      ) : null}

      {task.status === 'open' && task.ownNeed ? <Text className='muted vol-task__own'>这是您自己反映的需求，任务会由其他志愿者认领。</Text> : null}
      {task.status === 'open' && !task.ownNeed ? (
        <Button className='vol-task__claim' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void claim()}>
          我来认领
        </Button>
      ) : null}
      {task.status === 'claimed' && !task.claimedByMe ? <Text className='muted'>该任务已被其他志愿者认领。</Text> : null}

      {task.claimedByMe && task.status === 'claimed' ? (
        <View className='card vol-task__done'>
          <Text className='form-label'>服务完成后填写</Text>
          <Textarea className='form-textarea vol-task__note' value={note} placeholder='例如：已陪同老人到区人民医院复查，已送回家中' maxlength={1000} onInput={(e) => { setNote(e.detail.value); setErrors({}); }} />
          <FieldError errors={errors} field='note' />
          {task.canMarkDone ? null : <Text className='muted vol-task__not-yet'>{`服务从 ${dayTime(task.startsAt)} 开始，开始后才能标记完成。`}</Text>}
          <Button className='vol-task__done-btn' type='primary' size='xlarge' block loading={busy} disabled={busy || !task.canMarkDone} onClick={() => void done()}>
            标记完成
          </Button>
          {task.canRelease ? (
            <View className='vol-task__release'>
              {releasing !== null ? (
                <>
                  <Textarea className='form-textarea vol-task__release-reason' value={releasing} placeholder='去不了的原因（社区工作人员会看到）' maxlength={200} onInput={(e) => { setReleasing(e.detail.value); setErrors({}); }} />
                  <FieldError errors={errors} field='reason' />
                </>
              ) : null}
              <Button className='vol-task__release-btn' size='large' fill='outline' block disabled={busy} onClick={() => void release()}>
                {releasing === null ? '我去不了了' : '确认释放任务'}
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}

      {task.status === 'done' && task.claimedByMe ? (
        <View className='card'>
          <KV k='完成时间'>{task.doneAt ? dayTime(task.doneAt) : ''}</KV>
          <KV k='服务情况'>{task.doneNote ?? ''}</KV>
        </View>
      ) : null}
    </View>
  );
}
