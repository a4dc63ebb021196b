import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { FieldError } from '../../../components/Basics';
import { SubmitBar } from '../../../loop/components';
import { useForm } from '../../../hooks/useForm';
import { beijingAt, daysAhead } from '../../../loop/format';
import { MEETING_KIND_LABEL, type MeetingKind } from '@contract/consultation';
import { consultationApi } from '../../../services/consultation';
import { dayTime } from '../../../utils/time';
import '../../../loop/loop.scss';
import { goBack } from '../../../utils/nav';
import { pageClass } from '../../../store/elder';

/** The forms in the order staff are offered them: 小板凳议事会, the most common, first. */
const KINDS: MeetingKind[] = ['bench', 'council', 'talk'];

const TIMES: Array<[number, number]> = [
  [9, 0],
  [10, 0],
  [14, 30],
  [15, 0],
  [19, 0],
];

/** 安排议事会: form (小板凳议事会 …), day and time, place, places, agenda. */
export default function NewMeetingPage() {
  const topicId = Number(useRouter().params.topicId);
  const days = daysAhead(10, 1);
  const [kind, setKind] = useState<MeetingKind>('bench');
  const [day, setDay] = useState(days[1].days);
  const [time, setTime] = useState<[number, number]>(TIMES[3]);
  const [place, setPlace] = useState('');
  const [capacity, setCapacity] = useState('30');
  const [agenda, setAgenda] = useState('');
  const { errors, setErrors, busy, send } = useForm();
  const startsAt = beijingAt(day, time[0], time[1]);

  const submit = async () => {
    const e: Record<string, string> = {};
    if (!place.trim()) e.place = '请填写会议地点';
    if (!/^\d+$/.test(capacity) || Number(capacity) < 1) e.capacity = '请填写名额（正整数）';
    if (!agenda.trim()) e.agenda = '请填写议程';
    setErrors(e);
    if (Object.keys(e).length || busy) return;
    await send(async () => {
      await consultationApi.createMeeting(topicId, { kind, startsAt, place: place.trim(), capacity: Number(capacity), agenda: agenda.trim() });
      void Taro.showToast({ title: '议事会已安排，居民可以报名', icon: 'none' });
      setTimeout(() => goBack('/workbench/pages/topics/index'), 600);
    });
  };

  return (
    <View className={pageClass('page meeting-new')}>
      <View className='card'>
        <Text className='form-label'>会议形式</Text>
        <View className='chips'>
          {KINDS.map((k) => (
            <View key={k} className={`chip${kind === k ? ' chip--on' : ''}`} data-kind={k} onClick={() => setKind(k)}>
              <Text>{MEETING_KIND_LABEL[k]}</Text>
            </View>
          ))}
        </View>
        <Text className='form-label form-label--gap'>哪一天</Text>
        <View className='chips meeting-new__days'>
          {days.map((d) => (
            <View key={d.days} className={`chip${day === d.days ? ' chip--on' : ''}`} onClick={() => setDay(d.days)}>
              <Text>{d.label}</Text>
            </View>
          ))}
        </View>
        <Text className='form-label form-label--gap'>几点开始</Text>
        <View className='chips meeting-new__times'>
          {TIMES.map((t) => (
            <View key={t.join(':')} className={`chip${time === t ? ' chip--on' : ''}`} onClick={() => setTime(t)}>
              <Text>{`${t[0]}:${String(t[1]).padStart(2, '0')}`}</Text>
            </View>
          ))}
        </View>
        <Text className='muted'>{`开会时间：${dayTime(startsAt)}`}</Text>
        <FieldError errors={errors} field='startsAt' />
      </View>
      <View className='card'>
        <Text className='form-label'>地点</Text>
        <Input className='form-input meeting-new__place' value={place} maxlength={100} placeholder='例如：3栋楼下小广场' onInput={(e) => setPlace(e.detail.value)} />
        <FieldError errors={errors} field='place' />
        <Text className='form-label form-label--gap'>名额</Text>
        <Input className='form-input meeting-new__capacity' type='number' value={capacity} onInput={(e) => setCapacity(e.detail.value)} />
        <FieldError errors={errors} field='capacity' />
        <Text className='form-label form-label--gap'>议程</Text>
        <Textarea className='form-textarea meeting-new__agenda' value={agenda} maxlength={1000} placeholder='1. 介绍情况 2. 居民发言 3. 现场表决' onInput={(e) => setAgenda(e.detail.value)} />
        <FieldError errors={errors} field='agenda' />
      </View>
      <SubmitBar errors={errors} busy={busy} className='meeting-new__submit' onSubmit={() => void submit()}>
        安排议事会
      </SubmitBar>
    </View>
  );
}
