import { Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { KV, Loading, confirmDialog } from '../../../components/Basics';
import { FieldError } from '../../../components/NeedForm';
import { consultationApi } from '../../../services/consultation';
import { SubmitBar, doneAndBack, useProject } from '../../components';
import { useForm } from '../../../hooks/useForm';
import { ymd, yuan } from '../../format';
import '../../loop.scss';

/** 签署结项意见: the guiding social worker reviews the project's progress and guidance and signs off. */
export default function SignOffPage() {
  const id = Number(useRouter().params.id);
  const { p, error } = useProject(id);
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
  return (
    <View className='page loop-signoff'>
      <View className='card'>
        <Text className='loop-title'>{p.title}</Text>
        <KV k='实施机构'>{p.organization.name}</KV>
        <KV k='项目周期'>{`${ymd(p.startsOn)} 至 ${ymd(p.endsOn)}`}</KV>
        <KV k='项目预算'>{yuan(p.budgetFen)}</KV>
        <KV k='项目节点'>{`完成 ${done} / ${p.milestones.length}`}</KV>
        <KV k='进展记录'>{`${p.progress.length} 条，服务 ${p.peopleServed} 人次`}</KV>
        <KV k='指导记录'>{`${p.guidanceCount} 次`}</KV>
      </View>
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
      ) : !p.signedOff ? (
        <View className='card'>
          <Text className='muted'>只有该项目的指导社工可以签署结项意见。</Text>
        </View>
      ) : null}
    </View>
  );
}
