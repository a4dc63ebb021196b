import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { isFullNeedView, NEED_ROUTE_TARGETS, type NeedAction, type NeedListItem, type NeedRouteTarget, type NeedStatus, type NeedView, OPEN_STATUSES } from '@contract/needs';
import { FeedbackPanel } from '../../../components/FeedbackPanel';
import { FieldError } from '../../../components/Basics';
import { SlaLine } from '../../../components/NeedRow';
import { NeedSummary } from '../../../components/NeedSummary';
import { NeedTimeline } from '../../../components/NeedTimeline';
import { type PickedPhoto, PhotoPicker } from '../../../components/Photos';
import { useForm } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { api } from '../../../services/api';
import { askSubscribe } from '../../../services/subscribe';
import { AssignPanel, assignable } from '../../components/AssignPanel';
import { NeedVolunteerTasks } from '../../components/NeedVolunteerTasks';
import { WORKBENCH_LOOP_PAGES } from '../../../loop/routes';
import { PRIORITY_LABEL } from '../../staff';
import './index.scss';
import { pageClass } from '../../../store/elder';

const ROUTES: readonly NeedStatus[] = NEED_ROUTE_TARGETS;
const OPEN = OPEN_STATUSES;

/** What a move asks for, in the words on the form. */
const HINT: Partial<Record<NeedStatus, string>> = {
  rejected: '请写明不予受理的原因，居民会看到',
  merged: '选一件相同的、仍在办理的需求，反映人和“我也遇到了”的居民会一起转过去',
  done: '写明怎么办好的，可以附上结果照片；居民会收到通知并评价',
  closed_infeasible: '请如实写明暂不可行的原因，居民会看到',
  closed_referred: '写明转交给哪个单位、为什么',
};

/** Staff view of one need: who, where, the loop, and the moves the transition table allows now. */
export default function StaffNeedPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const { data, error, reload: load } = usePageData(() => api.timeline(id), [id]);
  const [active, setActive] = useState<NeedAction | null>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [referredTo, setReferredTo] = useState('');
  const [intoId, setIntoId] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [candidates, setCandidates] = useState<NeedListItem[]>([]);
  const { errors, setErrors, busy, send } = useForm();

  const need = data?.need;
  useEffect(() => {
    if (active?.to !== 'merged' || !need) return;
    api
      .queue({ nodeId: need.communityId, limit: 50 })
      .then((r) => setCandidates(r.items.filter((n) => n.id !== need.id)))
      .catch(() => setCandidates([]));
  }, [active, need]);

  const choose = (a: NeedAction | null) => {
    setActive(a);
    setErrors({});
    setReason('');
    setNote('');
    setReferredTo('');
    setIntoId('');
    setPhotos([]);
  };

  const run = (fn: () => Promise<NeedView>, done: string) =>
    send(async () => {
      await fn();
      void Taro.showToast({ title: done, icon: 'none' });
      choose(null);
      load();
    });

  const quick = (a: NeedAction) => {
    // Going to consultation means opening a topic with this need (the server moves the need then).
    if (a.to === 'in_consultation') return void Taro.navigateTo({ url: WORKBENCH_LOOP_PAGES.newTopic(id) });
    if (a.to === 'accepted') {
      // Inside the tap: may WeChat tell this worker at once when a 紧急 need comes in? (one message per yes)
      void askSubscribe(['urgent_need']).then((keys) => (keys.length ? api.grantSubscriptions(keys).catch(() => undefined) : undefined));
      void run(() => api.accept(id), '已受理，居民会收到通知');
    } else void run(() => api.route(id, { to: a.to as NeedRouteTarget }), `已${a.action}`);
  };

  const confirm = () => {
    if (!active) return;
    const missing: Record<string, string> = {};
    const needReason = active.to === 'rejected' || active.to === 'closed_infeasible' || active.to === 'closed_referred';
    if (needReason && !reason.trim()) missing.reason = '请填写原因';
    if (active.to === 'closed_referred' && !referredTo.trim()) missing.referredTo = '请填写转交单位';
    if (active.to === 'done' && !note.trim()) missing.note = '请填写办理结果';
    if (active.to === 'merged' && !(Number(intoId) > 0)) missing.intoId = '请选择或填写要合并到的需求编号';
    if (active.to === 'done' && photos.some((p) => p.id == null)) missing.evidencePhotoIds = '照片还在上传或上传失败，请稍等或删掉重试';
    setErrors(missing);
    if (Object.keys(missing).length) return;
    switch (active.to) {
      case 'rejected':
        return void run(() => api.reject(id, reason.trim()), '已告知居民不予受理的原因');
      case 'merged':
        return void run(() => api.merge(id, Number(intoId), reason.trim() || undefined), `已合并到需求 #${intoId}`);
      case 'done':
        return void run(
          () => api.done(id, { note: note.trim(), evidencePhotoIds: photos.map((p) => p.id!).filter(Boolean) }),
          '已办结，等待居民评价',
        );
      case 'closed_infeasible':
        return void run(() => api.close(id, { kind: 'infeasible', reason: reason.trim() }), '已关闭（暂不可行）');
      case 'closed_referred':
        return void run(() => api.close(id, { kind: 'referred', reason: reason.trim(), referredTo: referredTo.trim() }), '已转交');
    }
  };

  const setPriority = (p: number) => void run(() => api.setPriority(id, p), `优先级：${PRIORITY_LABEL[p]}`);

  if (!data || !need) {
    return (
      <View className={pageClass('page staff-need')}>
        <View className='card'>
          <Text className='muted'>{error ?? '正在加载…'}</Text>
        </View>
      </View>
    );
  }

  // Staff act on the need; rating and reopening a done need belong to the reporter (FeedbackPanel).
  const full = isFullNeedView(need) ? need : null;
  const moves = (full?.actions ?? []).filter((a) => !(need.status === 'done' && (a.to === 'rated' || a.to === 'in_progress')));
  const quickMoves = moves.filter((a) => a.to === 'accepted' || (ROUTES.includes(a.to) && need.status !== 'done'));
  const formMoves = moves.filter((a) => !quickMoves.includes(a));
  const proxyFeedback = need.status === 'done' && full?.actions.some((a) => a.to === 'rated');

  return (
    <View className={pageClass('page staff-need')}>
      <NeedSummary need={need} staff />
      {full?.sla ? (
        <View className='card staff-need__sla'>
          <SlaLine sla={full.sla} />
        </View>
      ) : null}

      {moves.length ? (
        <View className='card staff-actions'>
          <Text className='form-label'>办理</Text>
          <View className='staff-actions__quick'>
            {quickMoves.map((a) => (
              <Button
                key={a.to}
                className={`staff-action staff-action--${a.to}`}
                type={a.to === 'accepted' || a.to === 'in_progress' ? 'primary' : 'default'}
                block
                size='xlarge'
                disabled={busy}
                onClick={() => quick(a)}
              >
                {a.action}
              </Button>
            ))}
          </View>
          <View className='chips staff-actions__more'>
            {formMoves.map((a) => (
              <View key={a.to} className={`chip staff-action staff-action--${a.to}${active?.to === a.to ? ' chip--on' : ''}`} onClick={() => choose(active?.to === a.to ? null : a)}>
                <Text>{a.action}</Text>
              </View>
            ))}
          </View>

          {active ? (
            <View className='staff-form'>
              <Text className='staff-form__title'>{active.action}</Text>
              {HINT[active.to] ? <Text className='muted staff-form__hint'>{HINT[active.to]}</Text> : null}
              {active.to === 'merged' ? (
                <View>
                  {candidates.map((c) => (
                    <View key={c.id} className={`staff-merge-option${intoId === String(c.id) ? ' staff-merge-option--on' : ''}`} onClick={() => setIntoId(String(c.id))}>
                      <Text className='staff-merge-option__title'>{`#${c.id} ${c.title}`}</Text>
                      <Text className='muted'>{`${c.categoryLabel} · ${c.statusLabel} · ${c.meTooCount}人也遇到`}</Text>
                    </View>
                  ))}
                  <View className='form-row'>
                    <Text className='form-row__label'>编号</Text>
                    <Input className='form-row__input staff-form__into' type='number' value={intoId} placeholder='或直接填写需求编号' onInput={(e) => setIntoId(e.detail.value)} />
                  </View>
                  <FieldError errors={errors} field='intoId' />
                </View>
              ) : null}
              {active.to === 'done' ? (
                <View>
                  <Textarea className='form-textarea staff-form__note' value={note} placeholder='例如：已更换楼道灯泡，并检查了线路' maxlength={1000} onInput={(e) => setNote(e.detail.value)} />
                  <FieldError errors={errors} field='note' />
                  <Text className='form-label form-label--gap'>结果照片（选填）</Text>
                  <PhotoPicker value={photos} onChange={(next) => setPhotos((prev) => (typeof next === 'function' ? next(prev) : next))} />
                  <FieldError errors={errors} field='evidencePhotoIds' />
                </View>
              ) : null}
              {active.to === 'closed_referred' ? (
                <View className='form-row'>
                  <Text className='form-row__label'>单位</Text>
                  <Input className='form-row__input staff-form__referred' value={referredTo} placeholder='例如：区住建委、物业公司' maxlength={100} onInput={(e) => setReferredTo(e.detail.value)} />
                </View>
              ) : null}
              <FieldError errors={errors} field='referredTo' />
              {active.to !== 'done' ? (
                <View>
                  <Textarea
                    className='form-textarea staff-form__reason'
                    value={reason}
                    placeholder={active.to === 'merged' ? '说明（选填）' : '原因'}
                    maxlength={500}
                    onInput={(e) => setReason(e.detail.value)}
                  />
                  <FieldError errors={errors} field='reason' />
                </View>
              ) : null}
              <Button className='staff-form__submit' type='primary' block size='xlarge' loading={busy} onClick={confirm}>
                {`确认${active.action}`}
              </Button>
            </View>
          ) : null}
        </View>
      ) : (
        <View className='card'>
          <Text className='muted'>{OPEN.includes(need.status) ? '您在这件需求上没有可做的操作。' : `这件需求${need.statusLabel}，不需要再办理。`}</Text>
        </View>
      )}

      {OPEN.includes(need.status) && full?.relation.staff ? (
        <View className='card staff-priority'>
          <Text className='form-label'>优先级</Text>
          <View className='chips'>
            {PRIORITY_LABEL.map((label, p) => (
              <View key={label} className={`chip${full.priority === p ? ' chip--on' : ''}`} onClick={() => setPriority(p)}>
                <Text>{label}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}

      {full?.relation.staff && assignable(full) ? <AssignPanel need={full} onChanged={() => load()} /> : null}

      {full?.relation.staff ? <NeedVolunteerTasks need={full} /> : null}

      {proxyFeedback ? <FeedbackPanel need={need} forResident={false} onChanged={() => load()} /> : null}
      {need.status === 'done' && full?.reporter?.proxy && full.relation.handler && !proxyFeedback ? (
        <View className='card staff-need__revisit'>
          <Text className='muted'>这是代报的需求：请另一位工作人员电话回访居民，由他记录评价（承办人不能评价自己的工作）。</Text>
        </View>
      ) : null}

      <NeedTimeline steps={data.steps} events={data.events} />
    </View>
  );
}
