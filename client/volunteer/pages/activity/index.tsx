import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { ATTENDANCE_LABEL, hoursOf } from '@contract/volunteers';
import { usePageData } from '../../../hooks/usePageData';
import { ApiError } from '../../../services/api';
import { volunteerApi } from '../../../services/volunteer';
import { askReminderSubscription } from '../../actions';
import { useSessionGate } from '../../../store/session';
import { KV, Loading, Result, confirmDialog } from '../../components';
import { dayTime, seatsText, signupText, timeRange } from '../../format';
import { VOLUNTEER_PAGES } from '../../routes';
import '../../volunteer.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

/**
 * One activity for the volunteer: what, when, where, places left; sign up, cancel, waitlist, check
 * in. Which buttons show is the server's `can` (its rules, its clock, for this user).
 */
export default function ActivityPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const { status } = useSessionGate();
  const { data: a, error, reload } = usePageData(() => (id && status === 'ready' ? volunteerApi.activity(id) : null), [id, status], { missing: id ? undefined : '没有找到该活动' });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const signup = async () => {
    if (busy || !a) return;
    // Asked inside the tap (WeChat shows the dialog only then): reminders the day and the hour before.
    const subscribed = await askReminderSubscription();
    setBusy(true);
    try {
      const res = await volunteerApi.signup(a.id, subscribed);
      setOutcome({ ok: true, text: res.message });
      reload();
    } catch (err) {
      if (err instanceof ApiError) setOutcome({ ok: false, text: err.message });
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (busy || !a?.mySignup) return;
    const waiting = a.mySignup.status === 'waitlisted';
    const sure = await confirmDialog(waiting ? '取消候补' : '取消报名', waiting ? '确定不再候补这个活动吗？' : '确定取消报名吗？名额会让给候补的志愿者。', waiting ? '取消候补' : '取消报名');
    if (!sure) return;
    setBusy(true);
    try {
      const res = await volunteerApi.cancelSignup(a.id);
      setOutcome({ ok: true, text: res.message });
      reload();
    } catch (err) {
      if (err instanceof ApiError) setOutcome({ ok: false, text: err.message });
    } finally {
      setBusy(false);
    }
  };

  if (!a) return <Loading className='vol-activity-page' error={error} />;

  const s = a.mySignup && a.mySignup.status !== 'cancelled' ? a.mySignup : null;
  const { can } = a;
  const blocked = can.signUpBlocked;

  return (
    <View className={pageClass('page vol-activity-page')}>
      <View className='card vol-activity'>
        <View className='vol-activity__head'>
          <Text className='vol-activity__title vol-activity-page__title'>{a.title}</Text>
          {s ? <Text className={`badge vol-badge vol-badge--${s.status} vol-activity-page__mine`}>{signupText(s)}</Text> : null}
        </View>
        {a.status === 'cancelled' ? <Text className='form-error'>该活动已取消</Text> : null}
        <KV k='时间'>{timeRange(a.startsAt, a.extendedUntil ?? a.endsAt)}</KV>
        <KV k='地点'>{a.address}</KV>
        <KV k='社区'>{a.communityName}</KV>
        <KV k='名额'>{seatsText(a)}</KV>
        <KV k='报名截止'>{dayTime(a.signupDeadline)}</KV>
        {a.requiredSkills.length ? <KV k='需要技能'>{a.requiredSkills.map((x) => x.label).join('、')}</KV> : null}
        {a.needsApproval ? <KV k='报名审核'>报名后需组织者审核</KV> : null}
        {a.maxDistanceMeters ? <KV k='签到要求'>{`需在活动地点 ${a.maxDistanceMeters} 米内扫码`}</KV> : null}
        {a.cancelCutoffMinutes > 0 ? (
          <KV k='取消规则'>{a.lateCancel === 'refuse' ? `开始前 ${a.cancelCutoffMinutes} 分钟内不能取消` : `开始前 ${a.cancelCutoffMinutes} 分钟内取消会记为临时取消`}</KV>
        ) : null}
      </View>

      <View className='card'>
        <Text className='form-label'>活动介绍</Text>
        <Text className='vol-activity-page__desc'>{a.description}</Text>
      </View>

      {outcome ? <Result ok={outcome.ok} title={outcome.ok ? '操作成功' : '没有成功'} text={outcome.text} className='vol-activity-page__outcome' /> : null}

      {s?.status === 'waitlisted' ? (
        <View className='card vol-activity-page__waitlist'>
          <Text className='vol-big-number'>{s.waitlistPosition ?? '-'}</Text>
          <Text className='muted'>{`您在候补队伍中排第 ${s.waitlistPosition ?? '-'} 位。有人取消时会按顺序自动递补，并通知您。`}</Text>
        </View>
      ) : null}

      {s?.status === 'confirmed' && (s.checkedInAt || s.creditedMinutes != null) ? (
        <View className='card vol-activity-page__attendance'>
          {s.checkedInAt ? <KV k='签到'>{dayTime(s.checkedInAt)}</KV> : null}
          {s.checkedOutAt ? <KV k='签退'>{dayTime(s.checkedOutAt)}</KV> : null}
          {s.attendance ? <KV k='出勤'>{ATTENDANCE_LABEL[s.attendance]}</KV> : null}
          {s.creditedMinutes != null ? <KV k='服务时长'>{`${hoursOf(s.creditedMinutes)} 小时（组织者已确认）`}</KV> : a.attendanceConfirmed ? null : <Text className='muted'>活动结束后，组织者确认出勤即记入服务时长。</Text>}
        </View>
      ) : null}

      <View className='vol-actions'>
        {can.signUp ? (
          <Button className='vol-signup-btn' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void signup()}>
            {a.seatsLeft > 0 ? '我要报名' : '报名候补'}
          </Button>
        ) : null}
        {blocked && blocked.reason !== 'closed' ? (
          <View className='card'>
            <Text className='muted'>{blocked.message}</Text>
            {blocked.reason === 'register' ? (
              <Button className='vol-go-register' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: VOLUNTEER_PAGES.register })}>
                注册志愿者
              </Button>
            ) : null}
          </View>
        ) : null}
        {blocked?.reason === 'closed' ? <Text className='muted'>{blocked.message}</Text> : null}
        {can.checkIn || can.checkOut ? (
          <Button className='vol-scan-btn' type='primary' size='xlarge' block onClick={() => void Taro.navigateTo({ url: VOLUNTEER_PAGES.scan(a.id, can.checkOut ? 'out' : 'in') })}>
            {can.checkOut ? '扫码签退' : '扫码签到'}
          </Button>
        ) : null}
        {can.cancel ? (
          <Button className='vol-cancel-btn' type='default' size='large' block disabled={busy} onClick={() => void cancel()}>
            {s?.status === 'waitlisted' ? '取消候补' : '取消报名'}
          </Button>
        ) : null}
      </View>
    </View>
  );
}
