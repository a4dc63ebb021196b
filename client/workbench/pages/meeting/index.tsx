import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { FieldError, Loading } from '../../../components/Basics';
import { type PickedPhoto, PhotoPicker } from '../../../components/Photos';
import { SubmitBar } from '../../../loop/components';
import { useForm } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { ApiError } from '../../../services/api';
import { consultationApi } from '../../../services/consultation';
import { dayTime } from '../../../utils/time';
import '../../../loop/loop.scss';
import { goBack } from '../../../utils/nav';
import { pageClass } from '../../../store/elder';

/** After a meeting: who came (signed-up residents ticked, walk-ins counted), the minutes and photos. */
export default function RecordMeetingPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const topicId = Number(params.topicId);
  const { data: m, error } = usePageData(
    () =>
      consultationApi.topic(topicId).then((topic) => {
        const view = topic.meetings.find((x) => x.id === id);
        if (!view) throw new ApiError('NOT_FOUND', '没有找到该议事会', 404);
        return view;
      }),
    [id, topicId],
  );
  // Who signed up (none listed when the list cannot be loaded).
  const roster = usePageData(() => consultationApi.roster(id).catch(() => []), [id]).data ?? [];
  // The fields start from what was recorded (undefined: not touched yet), so a reload never overwrites what was typed.
  const [ticked, setPresent] = useState<number[]>();
  const [typedWalkIns, setWalkIns] = useState<string>();
  const [typedMinutes, setMinutes] = useState<string>();
  const present = ticked ?? roster.filter((r) => r.attended).map((r) => r.userId);
  const walkIns = typedWalkIns ?? String(m?.walkInCount ?? 0);
  const minutes = typedMinutes ?? m?.minutes ?? '';
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const { errors, setErrors, busy, send } = useForm();


  const toggle = (userId: number) => setPresent(present.includes(userId) ? present.filter((x) => x !== userId) : [...present, userId]);

  const submit = async () => {
    const e: Record<string, string> = {};
    if (!minutes.trim()) e.minutes = '请填写会议纪要';
    if (!/^\d+$/.test(walkIns)) e.walkIns = '请填写现场参会人数（0或正整数）';
    if (photos.some((p) => p.id == null)) e.photoIds = '照片还在上传或上传失败，请稍等或删掉重试';
    setErrors(e);
    if (Object.keys(e).length || busy) return;
    await send(async () => {
      await consultationApi.recordMeeting(id, { minutes: minutes.trim(), attendedUserIds: present, walkIns: Number(walkIns), photoIds: photos.map((p) => p.id!) });
      void Taro.showToast({ title: '到会和纪要已保存', icon: 'none' });
      setTimeout(() => goBack('/workbench/pages/topics/index'), 600);
    });
  };

  if (!m) return <Loading className='meeting-record' error={error} />;
  if (m.status === 'held') {
    return (
      <View className={pageClass('page meeting-record')}>
        <View className='card'>
          <Text className='loop-title'>{m.kindLabel}</Text>
          <Text className='muted'>{`${dayTime(m.startsAt)} · ${m.place}`}</Text>
        </View>
        <View className='card meeting-record__done'>
          <Text className='form-label'>到会和纪要已记录</Text>
          <Text className='muted'>{m.minutes ?? ''}</Text>
          <Text className='muted'>记录后不能再改；如有出入，请在发布议定事项时说明。</Text>
        </View>
      </View>
    );
  }
  return (
    <View className={pageClass('page meeting-record')}>
      <View className='card'>
        <Text className='loop-title'>{m.kindLabel}</Text>
        <Text className='muted'>{`${dayTime(m.startsAt)} · ${m.place}`}</Text>
      </View>
      <View className='card meeting-record__roster'>
        <Text className='form-label'>{`报名的居民（${roster.length} 人），到会的请打勾`}</Text>
        {roster.length === 0 ? <Text className='muted'>没有人在线报名</Text> : null}
        {roster.map((r) => (
          <View key={r.userId} className={`loop-check${present.includes(r.userId) ? ' loop-check--on' : ''}`} data-user={r.userId} onClick={() => toggle(r.userId)}>
            <View className='loop-check__box'>
              <Text>{present.includes(r.userId) ? '✓' : ''}</Text>
            </View>
            <Text>{r.nickname ?? '居民'}</Text>
          </View>
        ))}
        <View className='loop-count'>
          <Text className='loop-count__label'>没报名、现场来的人数</Text>
          <Input className='loop-count__input meeting-record__walkins' type='number' value={walkIns} onInput={(e) => setWalkIns(e.detail.value)} />
        </View>
        <FieldError errors={errors} field='walkIns' />
        <Text className='muted'>{`到会共 ${present.length + (Number(walkIns) || 0)} 人`}</Text>
      </View>
      <View className='card'>
        <Text className='form-label'>会议纪要</Text>
        <Textarea className='form-textarea meeting-record__minutes' value={minutes} maxlength={2000} placeholder='大家提了哪些意见，现场表决的情况' onInput={(e) => setMinutes(e.detail.value)} />
        <FieldError errors={errors} field='minutes' />
        <Text className='form-label form-label--gap'>会议照片</Text>
        <PhotoPicker value={photos} onChange={setPhotos} max={9} />
        <FieldError errors={errors} field='photoIds' />
      </View>
      <SubmitBar errors={errors} busy={busy} className='meeting-record__submit' onSubmit={() => void submit()}>
        保存到会和纪要
      </SubmitBar>
    </View>
  );
}
