import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { ProjectMilestoneView } from '@contract/projects';
import { confirmDialog, FieldError, KV, Loading } from '../../../components/Basics';
import { consultationApi } from '../../../services/consultation';
import { SubmitBar, doneAndBack, milestoneWhen, useProject } from '../../components';
import { useForm } from '../../../hooks/useForm';
import { ymd, yuan } from '../../format';
import '../../loop.scss';
import { pageClass } from '../../../store/elder';

/**
 * 签署结项意见: the guiding social worker reviews the project's progress and guidance and signs
 * off. While something is missing (a guidance record, a milestone neither done nor settled) the
 * page says what, instead of offering the button; a milestone the project will not reach can be
 * settled here with the reason the worker accepts.
 */
export default function SignOffPage() {
  const id = Number(useRouter().params.id);
  const { p, error, setP } = useProject(id);
  const [comment, setComment] = useState('');
  const { errors, setErrors, busy, send } = useForm();

  const submit = async () => {
    if (comment.trim().length < 5) {
      setErrors({ comment: '请写明结项意见（至少5个字）' });
      return;
    }
    if (busy || !(await confirmDialog('签署结项意见', '签署后实施机构就可以提交结项报告，签署不能撤回。确定签署吗？', '签署'))) return;
    await send(async () => {
      await consultationApi.signOff(id, { comment: comment.trim() });
      doneAndBack('已签署');
    });
  };

  if (!p) return <Loading className='loop-signoff' error={error} />;
  const done = p.milestones.filter((m) => m.doneOn).length;
  const waived = p.milestones.filter((m) => !m.doneOn && m.waivedReason).length;
  return (
    <View className={pageClass('page loop-signoff')}>
      <View className='card'>
        <Text className='loop-title'>{p.title}</Text>
        <KV k='实施机构'>{p.organization.name}</KV>
        <KV k='项目周期'>{`${ymd(p.startsOn)} 至 ${ymd(p.endsOn)}`}</KV>
        <KV k='项目预算'>{yuan(p.budgetFen)}</KV>
        <KV k='项目节点'>{`完成 ${done} / ${p.milestones.length}${waived ? `，${waived} 个不再进行` : ''}`}</KV>
        <KV k='进展记录'>{`${p.progress.length} 条，服务 ${p.peopleServed} 人次`}</KV>
        <KV k='指导记录'>{`${p.guidanceCount} 次`}</KV>
      </View>
      {p.milestones.length ? (
        <View className='card loop-signoff__milestones'>
          <Text className='form-label'>项目节点</Text>
          {p.milestones.map((m) => (
            <MilestoneRow key={m.id} m={m} canWaive={p.can.waiveMilestone} onWaive={(reason) => consultationApi.waiveMilestone(id, m.id, { reason }).then(setP)} />
          ))}
        </View>
      ) : null}
      {p.signedOff ? (
        <View className='card'>
          <Text className='form-label'>已签署的结项意见</Text>
          <Text className='loop-text'>{p.signOffComment ?? ''}</Text>
        </View>
      ) : null}
      {p.can.signOff ? (
        <>
          <View className='card'>
            <Text className='form-label'>社工结项意见</Text>
            <Textarea className='form-textarea loop-signoff__comment' value={comment} maxlength={500} placeholder='例如：服务按计划完成，记录完整，同意结项' onInput={(e) => setComment(e.detail.value)} />
            <FieldError errors={errors} field='comment' />
          </View>
          <SubmitBar errors={errors} busy={busy} className='loop-signoff__submit' onSubmit={() => void submit()}>
            签署结项意见
          </SubmitBar>
        </>
      ) : !p.signedOff && p.relation.socialWorker && p.signOffMissing.length ? (
        <View className='card loop-signoff__missing'>
          <Text className='form-label'>还不能签署结项意见</Text>
          {p.signOffMissing.map((x) => (
            <Text key={x} className='loop-line'>{`· ${x}`}</Text>
          ))}
        </View>
      ) : !p.signedOff ? (
        <View className='card'>
          <Text className='muted'>只有该项目的指导社工可以签署结项意见。</Text>
        </View>
      ) : null}
    </View>
  );
}

/** A milestone; one neither done nor settled can be marked 不再进行 with a reason (the social worker's call). */
function MilestoneRow({ m, canWaive, onWaive }: { m: ProjectMilestoneView; canWaive: boolean; onWaive: (reason: string) => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { errors, setErrors, busy, send } = useForm();
  const settled = Boolean(m.doneOn || m.waivedReason);

  const waive = async () => {
    if (reason.trim().length < 4) {
      setErrors({ reason: '请写明不再进行的原因（至少4个字）' });
      return;
    }
    if (busy || !(await confirmDialog('标为不再进行', `“${m.title}”将记为不再进行，原因会显示在项目页上。确定吗？`, '确定'))) return;
    await send(async () => {
      await onWaive(reason.trim());
      setOpen(false);
      void Taro.showToast({ title: '已标为不再进行', icon: 'none' });
    });
  };

  return (
    <View className={`loop-milestone${m.doneOn ? ' loop-milestone--done' : m.waivedReason ? ' loop-milestone--waived' : ''}`} data-milestone={m.id}>
      <Text className='loop-milestone__mark'>{m.doneOn ? '✓' : m.waivedReason ? '–' : '○'}</Text>
      <Text className='loop-milestone__title'>{m.title}</Text>
      <Text className='loop-milestone__when'>{milestoneWhen(m)}</Text>
      {!settled && canWaive && !open ? (
        <Text className='link loop-signoff__waive' onClick={() => setOpen(true)}>
          不再进行
        </Text>
      ) : null}
      {open ? (
        <View className='loop-signoff__waive-form'>
          <Input className='form-input loop-signoff__reason' value={reason} maxlength={200} placeholder='原因，例如：场地被征用，居民议定取消' onInput={(e) => setReason(e.detail.value)} />
          <FieldError errors={errors} field='reason' />
          <Button className='loop-signoff__waive-ok' size='small' type='primary' loading={busy} onClick={() => void waive()}>
            确定不再进行
          </Button>
        </View>
      ) : null}
    </View>
  );
}
