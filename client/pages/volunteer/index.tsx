import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo, useState } from 'react';
import type { VolunteerActivityView, MyVolunteerRegistrationView } from '@contract/volunteers';
import { TapButton } from '../../components/TapButton';
import { usePageData } from '../../hooks/usePageData';
import { volunteerApi } from '../../services/volunteer';
import { useSessionGate } from '../../store/session';
import { DATE_FILTERS, type DateFilter, distanceMeters, distanceText, matchesDate, seatsText, signupText, timeRange } from '../../volunteer/format';
import { VOLUNTEER_PAGES } from '../../volunteer/routes';
import '../../volunteer/volunteer.scss';
import './index.scss';
import { pageClass } from '../../store/elder';

const go = (url: string) => void Taro.navigateTo({ url });

type DistanceFilter = 'all' | 1000 | 3000 | 5000;
const DISTANCES: Array<{ key: DistanceFilter; label: string }> = [
  { key: 'all', label: '不限距离' },
  { key: 1000, label: '1公里内' },
  { key: 3000, label: '3公里内' },
  { key: 5000, label: '5公里内' },
];

/** How many skill chips the filter shows before 「更多技能」. */
const SKILLS_SHOWN = 3;

/** 志愿 tab: my volunteer status and entries, and the activities to sign up for (filters: date, distance, skill). */
export default function VolunteerPage() {
  const { me, status } = useSessionGate();
  const mine = usePageData(() => (status === 'ready' ? volunteerApi.me() : null), [status]);
  // undefined while it loads; null when not registered (or when it could not be read).
  const registration: MyVolunteerRegistrationView | null | undefined = mine.data ? mine.data.registration : mine.error ? null : undefined;
  const [dateFilter, setDateFilter] = useState<DateFilter>('all');
  const [skillFilter, setSkillFilter] = useState<number | null>(null);
  // One row of skill chips until asked: three rows pushed the first activity below the fold.
  const [allSkills, setAllSkills] = useState(false);
  const [distance, setDistance] = useState<DistanceFilter>('all');
  const [here, setHere] = useState<{ lat: number; lng: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [locationNote, setLocationNote] = useState<string | null>(null);

  const nodeId = registration?.communityId ?? me?.residence?.communityId ?? undefined;
  const known = registration !== undefined;
  // The activities of my community once it is known (back from signing up or registering: the new state).
  const list = usePageData(() => (status === 'ready' && known ? volunteerApi.activities({ nodeId, limit: 100 }) : null), [status, known, nodeId]);
  const activities = list.data?.items ?? (list.error ? [] : null);
  const loadError = list.error ? '活动加载失败，请下拉或稍后重试' : null;
  const skills = usePageData(() => volunteerApi.skills(), []).data ?? [];

  const pickDistance = async (key: DistanceFilter) => {
    setDistance(key);
    if (key === 'all' || here) return;
    setLocating(true);
    setLocationNote(null);
    try {
      const loc = await Taro.getLocation({ type: 'wgs84' });
      setHere({ lat: loc.latitude, lng: loc.longitude });
    } catch {
      setLocationNote('没有获取到您的位置，请在手机设置里允许获取位置后重试；现在显示全部活动');
      setDistance('all');
    } finally {
      setLocating(false);
    }
  };

  const shown = useMemo(() => {
    const list = activities ?? [];
    return list.filter((a) => {
      if (!matchesDate(a.startsAt, dateFilter)) return false;
      if (skillFilter != null && !a.requiredSkills.some((s) => s.id === skillFilter)) return false;
      if (distance !== 'all') {
        if (!here || a.lat == null || a.lng == null) return false;
        if (distanceMeters(here.lat, here.lng, a.lat, a.lng) > distance) return false;
      }
      return true;
    });
  }, [activities, dateFilter, skillFilter, distance, here]);

  const approved = registration?.status === 'approved';

  return (
    <View className={pageClass('page volunteer')}>
      <StatusCard registration={registration} />

      {approved ? (
        <View className='vol-entries'>
          <View className='vol-entry vol-entry--scan' onClick={() => go(VOLUNTEER_PAGES.scan())}>
            <Text className='vol-entry__icon'>扫</Text>
            <Text className='vol-entry__label'>扫码签到</Text>
          </View>
          <View className='vol-entry vol-entry--mine' onClick={() => go(VOLUNTEER_PAGES.mine)}>
            <Text className='vol-entry__icon'>我</Text>
            <Text className='vol-entry__label'>我的志愿</Text>
          </View>
          <View className='vol-entry vol-entry--tasks' onClick={() => go(VOLUNTEER_PAGES.tasks)}>
            <Text className='vol-entry__icon'>帮</Text>
            <Text className='vol-entry__label'>服务任务</Text>
          </View>
          <View className='vol-entry vol-entry--record' onClick={() => go(VOLUNTEER_PAGES.record)}>
            <Text className='vol-entry__icon'>时</Text>
            <Text className='vol-entry__label'>时长证明</Text>
          </View>
        </View>
      ) : null}

      <Text className='section-title'>志愿活动</Text>
      <View className='card vol-filters'>
        <View className='chips vol-filter-date'>
          {DATE_FILTERS.map((f) => (
            <View key={f.key} className={`chip${dateFilter === f.key ? ' chip--on' : ''}`} data-filter={f.key} onClick={() => setDateFilter(f.key)}>
              <Text>{f.label}</Text>
            </View>
          ))}
        </View>
        <View className='chips vol-filter-distance'>
          {DISTANCES.map((f) => (
            <View key={String(f.key)} className={`chip${distance === f.key ? ' chip--on' : ''}`} data-filter={String(f.key)} onClick={() => void pickDistance(f.key)}>
              <Text>{f.label}</Text>
            </View>
          ))}
        </View>
        {locating ? <Text className='muted'>正在获取您的位置…</Text> : null}
        {locationNote ? <Text className='form-error vol-location-note'>{locationNote}</Text> : null}
        {skills.length ? (
          <View className='chips vol-filter-skill'>
            <View className={`chip${skillFilter == null ? ' chip--on' : ''}`} onClick={() => setSkillFilter(null)}>
              <Text>不限技能</Text>
            </View>
            {(allSkills ? skills : skills.filter((s, i) => i < SKILLS_SHOWN || s.id === skillFilter)).map((s) => (
              <View key={s.id} className={`chip${skillFilter === s.id ? ' chip--on' : ''}`} data-skill={s.key} onClick={() => setSkillFilter(s.id)}>
                <Text>{s.label}</Text>
              </View>
            ))}
            {skills.length > SKILLS_SHOWN ? (
              <View className='chip chip--more vol-filter-skill__more' onClick={() => setAllSkills(!allSkills)}>
                <Text>{allSkills ? '收起' : `更多技能（${skills.length - SKILLS_SHOWN}）`}</Text>
              </View>
            ) : null}
          </View>
        ) : null}
      </View>

      <View className='vol-list'>
        {activities === null ? <Text className='muted'>正在加载活动…</Text> : null}
        {loadError ? <Text className='form-error'>{loadError}</Text> : null}
        {activities !== null && shown.length === 0 ? (
          <View className='card empty'>
            <Text className='empty__title'>{activities.length === 0 ? '近期没有志愿活动' : '没有符合条件的活动'}</Text>
            <Text className='empty__text'>{activities.length === 0 ? '社区发布新活动后会显示在这里。' : '换个时间、距离或技能试试。'}</Text>
          </View>
        ) : null}
        {shown.map((a) => (
          <ActivityCard key={a.id} activity={a} here={here} />
        ))}
      </View>

      <View className='vol-verify' onClick={() => go(VOLUNTEER_PAGES.verify())}>
        <Text>查验志愿服务证明 ›</Text>
      </View>
    </View>
  );
}

function StatusCard({ registration }: { registration: MyVolunteerRegistrationView | null | undefined }) {
  if (registration === undefined) return null;
  if (registration === null) {
    return (
      <View className='vol-hero'>
        <Text className='vol-hero__title'>成为社区志愿者</Text>
        <Text className='vol-hero__text'>实名注册后，可以报名志愿活动、认领帮扶任务，服务时长由社区确认并可开具证明。</Text>
        <TapButton className='vol-hero__btn vol-register-btn' size='xlarge' block onClick={() => go(VOLUNTEER_PAGES.register)}>
          注册志愿者
        </TapButton>
      </View>
    );
  }
  if (registration.status === 'pending') {
    return (
      <View className='card vol-status vol-status--pending'>
        <Text className='vol-status__title'>注册待审核</Text>
        <Text className='vol-status__text'>{`您已提交到${registration.communityName}，社区工作人员审核通过后会通知您。`}</Text>
        <Text className='link' onClick={() => go(VOLUNTEER_PAGES.register)}>
          查看我的注册 ›
        </Text>
      </View>
    );
  }
  if (registration.status === 'returned') {
    return (
      <View className='card vol-status vol-status--returned'>
        <Text className='vol-status__title'>注册被退回</Text>
        <Text className='vol-status__text'>{`原因：${registration.returnReason ?? '未说明'}`}</Text>
        <TapButton className='vol-resubmit-btn' type='primary' block size='large' onClick={() => go(VOLUNTEER_PAGES.register)}>
          修改后重新提交
        </TapButton>
      </View>
    );
  }
  return (
    <View className='card vol-status vol-status--approved'>
      <Text className='vol-status__title'>{`${registration.realName} · ${registration.communityName}志愿者`}</Text>
      <Text className='vol-status__text'>{registration.skills.length ? `技能：${registration.skills.map((s) => s.label).join('、')}` : '已通过审核'}</Text>
    </View>
  );
}

function ActivityCard({ activity: a, here }: { activity: VolunteerActivityView; here: { lat: number; lng: number } | null }) {
  const far = here && a.lat != null && a.lng != null ? distanceMeters(here.lat, here.lng, a.lat, a.lng) : null;
  return (
    <View className='card vol-activity' data-activity={a.id} onClick={() => go(VOLUNTEER_PAGES.activity(a.id))}>
      <View className='vol-activity__head'>
        <Text className='vol-activity__title'>{a.title}</Text>
        {a.mySignup && a.mySignup.status !== 'cancelled' ? <Text className={`badge vol-badge vol-badge--${a.mySignup.status}`}>{signupText(a.mySignup)}</Text> : null}
      </View>
      <Text className='vol-activity__line'>{`时间：${timeRange(a.startsAt, a.endsAt)}`}</Text>
      <Text className='vol-activity__line'>{`地点：${a.address}${far != null ? `（约 ${distanceText(far)}）` : ''}`}</Text>
      {a.requiredSkills.length ? <Text className='vol-activity__line'>{`需要技能：${a.requiredSkills.map((s) => s.label).join('、')}`}</Text> : null}
      <Text className={`vol-activity__seats${a.seatsLeft > 0 ? '' : ' vol-activity__seats--full'}`}>{seatsText(a)}</Text>
    </View>
  );
}
