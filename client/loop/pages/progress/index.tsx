import { Input, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { FieldError, Loading } from '../../../components/Basics';
import { type PickedPhoto, PhotoPicker } from '../../../components/Photos';
import { consultationApi } from '../../../services/consultation';
import { SubmitBar, doneAndBack, useProject } from '../../components';
import { useForm } from '../../../hooks/useForm';
import '../../loop.scss';
import { pageClass } from '../../../store/elder';

/** 发布进展: what was done, how many people were served (服务人次), photos, the milestone reached. */
export default function ProgressPage() {
  const id = Number(useRouter().params.id);
  const { p, error } = useProject(id);
  const [text, setText] = useState('');
  const [served, setServed] = useState('');
  const [milestoneId, setMilestoneId] = useState<number | null>(null);
  const [milestoneDone, setMilestoneDone] = useState(false);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const { errors, setErrors, busy, send } = useForm();

  const submit = async () => {
    const e: Record<string, string> = {};
    if (text.trim().length < 5) e.text = '请写一写这次做了什么（至少5个字）';
    if (!/^\d+$/.test(served.trim())) e.peopleServed = '请填写服务人次（整数，没有就填0）';
    if (photos.some((x) => x.id == null)) e.photoIds = '照片还在上传或上传失败，请稍等或删掉重试';
    setErrors(e);
    if (Object.keys(e).length || busy) return;
    await send(async () => {
      await consultationApi.postProgress(id, {
        text: text.trim(),
        peopleServed: Number(served),
        photoIds: photos.map((x) => x.id!),
        ...(milestoneId ? { milestoneId, milestoneDone } : {}),
      });
      doneAndBack('进展已发布');
    });
  };

  if (!p) return <Loading className='loop-progress' error={error} />;
  const open = p.milestones.filter((m) => !m.doneOn);
  return (
    <View className={pageClass('page loop-progress')}>
      <View className='card'>
        <Text className='loop-title'>{p.title}</Text>
        <Text className='muted'>进展会公开在项目页上，请不要写居民的姓名、电话和门牌号。</Text>
      </View>
      <View className='card'>
        <Text className='form-label'>这次做了什么</Text>
        <Textarea className='form-textarea loop-progress__text' value={text} maxlength={1000} placeholder='例如：本周为3栋、5栋的独居老人送餐12次' onInput={(e) => setText(e.detail.value)} />
        <FieldError errors={errors} field='text' />
        <Text className='form-label form-label--gap'>服务人次</Text>
        <Input className='form-input loop-progress__served' type='number' value={served} placeholder='例如 12' onInput={(e) => setServed(e.detail.value)} />
        <FieldError errors={errors} field='peopleServed' />
        {open.length ? (
          <>
            <Text className='form-label form-label--gap'>属于哪个项目节点（可不选）</Text>
            <View className='chips'>
              {open.map((m) => (
                <View key={m.id} className={`chip${milestoneId === m.id ? ' chip--on' : ''}`} data-milestone={m.id} onClick={() => setMilestoneId(milestoneId === m.id ? null : m.id)}>
                  <Text>{m.title}</Text>
                </View>
              ))}
            </View>
            {milestoneId ? (
              <View className={`loop-check loop-progress__done${milestoneDone ? ' loop-check--on' : ''}`} onClick={() => setMilestoneDone(!milestoneDone)}>
                <View className='loop-check__box'>
                  <Text>{milestoneDone ? '✓' : ''}</Text>
                </View>
                <Text>这个节点已经完成</Text>
              </View>
            ) : null}
            <FieldError errors={errors} field='milestoneId' />
          </>
        ) : null}
        <Text className='form-label form-label--gap'>现场照片（可不传）</Text>
        <PhotoPicker value={photos} onChange={setPhotos} max={6} />
        <FieldError errors={errors} field='photoIds' />
      </View>
      <SubmitBar errors={errors} busy={busy} className='loop-progress__submit' onSubmit={() => void submit()}>
        发布进展
      </SubmitBar>
    </View>
  );
}
