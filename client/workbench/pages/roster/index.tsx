import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { ActivityRosterRow, Attendance, AttendanceConfirmation } from '@contract/volunteers';
import { DateTimeField } from '../../../components/DateTimeField';
import { usePageData } from '../../../hooks/usePageData';
import { volunteerApi } from '../../../services/volunteer';
import { ensureSession } from '../../../store/session';
import { confirmDialog, KV, Result } from '../../../volunteer/components';
import { clock, dayTime, seatsText, timeRange } from '../../../volunteer/format';
import { ATTENDANCE_CHOICES, ORGANIZER_PAGES, rosterSummary, useAction } from '../../organizer';
import '../../../volunteer/volunteer.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

/**
 * The organizer's roster: who signed up (names in full for the roll call, phones masked), who
 * scanned in and out; approve sign-ups, mark attendance by hand with a reason, extend the end,
 * and after the activity confirm attendance — only then are hours credited.
 */
export default function RosterPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  // The activity (with what the organizer may do now: the server's `can`) and its roster, together.
  const { data, error, reload } = usePageData(
    () => (id ? ensureSession().then(() => Promise.all([volunteerApi.activity(id), volunteerApi.roster(id)])) : null),
    [id],
    { missing: '没有找到该活动' },
  );
  const [marking, setMarking] = useState<{ row: ActivityRosterRow; attendance: Attendance; reason: string } | null>(null);
  const [extending, setExtending] = useState<{ until: string; reason: string } | null>(null);
  const [confirmed, setConfirmed] = useState<AttendanceConfirmation | null>(null);
  // 修改活动 / 取消活动, before it starts.
  const [editing, setEditing] = useState<{ startsAt: string; endsAt: string; address: string; capacity: string } | null>(null);
  const [calling, setCalling] = useState<string | null>(null);

  const { busy, outcome, setOutcome, act } = useAction(reload);

  if (!data) {
    return (
      <View className={pageClass('page org-roster')}>
        <Text className='muted'>{error ?? '正在加载…'}</Text>
      </View>
    );
  }

  const [a, rows] = data;
  const end = new Date(a.extendedUntil ?? a.endsAt).getTime();
  const sum = rosterSummary(rows);
  const listed = rows.filter((r) => r.status !== 'cancelled');

  const saveMark = () => {
    if (!marking) return;
    if (!marking.reason.trim()) {
      setOutcome({ ok: false, text: '手工登记出勤请写明原因（例如：手机没电未扫码）' });
      return;
    }
    const { row, attendance, reason } = marking;
    void act(() => volunteerApi.markAttendance(a.id, { signupId: row.signupId, attendance, reason: reason.trim() }), `已登记 ${row.realName ?? ''} ${ATTENDANCE_CHOICES.find((c) => c.value === attendance)!.label}`).then((done) => done && setMarking(null));
  };
  const saveExtend = () => {
    if (!extending) return;
    if (!extending.reason.trim()) {
      setOutcome({ ok: false, text: '延长活动请写明原因' });
      return;
    }
    void act(() => volunteerApi.extend(a.id, { until: extending.until, reason: extending.reason.trim() }), `活动延长到 ${clock(extending.until)}`).then((done) => done && setExtending(null));
  };
  const saveEdit = () => {
    if (!editing) return;
    const capacity = Number(editing.capacity);
    if (!Number.isInteger(capacity) || capacity < 1) return setOutcome({ ok: false, text: '招募人数请填写正整数' });
    if (!editing.address.trim()) return setOutcome({ ok: false, text: '请填写活动地点' });
    const input = {
      ...(editing.startsAt !== a.startsAt ? { startsAt: editing.startsAt } : {}),
      ...(editing.endsAt !== a.endsAt ? { endsAt: editing.endsAt } : {}),
      ...(editing.address.trim() !== a.address ? { address: editing.address.trim() } : {}),
      ...(capacity !== a.capacity ? { capacity } : {}),
    };
    void act(() => volunteerApi.editActivity(a.id, input), '已修改，报名和候补的志愿者会收到通知').then((done) => done && setEditing(null));
  };
  const callOff = async () => {
    if (calling === null) return setCalling('');
    if (!calling.trim()) return setOutcome({ ok: false, text: '请写明取消的原因，报名的志愿者会收到' });
    if (!(await confirmDialog('取消活动', '取消后所有报名和候补都会结束，志愿者会收到通知，不能恢复。确定取消吗？', '取消活动'))) return;
    await act(() => volunteerApi.cancelActivity(a.id, calling.trim()), '活动已取消，已通知报名和候补的志愿者').then((done) => done && setCalling(null));
  };
  const confirmAll = async () => {
    const sure = await confirmDialog('确认出勤', '确认后按签到签退记录计入服务时长，未到且未请假的记为缺勤，确认后不能再改。', '确认');
    if (!sure) return;
    await act(async () => setConfirmed(await volunteerApi.confirmAttendance(a.id)), '出勤已确认，服务时长已记入志愿者的记录');
  };

  return (
    <View className={pageClass('page org-roster')}>
      <View className='card vol-activity'>
        <Text className='vol-activity__title org-roster__title'>{a.title}</Text>
        <KV k='时间'>{timeRange(a.startsAt, a.extendedUntil ?? a.endsAt)}</KV>
        <KV k='地点'>{a.address}</KV>
        <KV k='名额'>{seatsText(a)}</KV>
        <View className='org-roster__stats'>
          <Text className='org-roster__stat'>{`报名 ${sum.confirmed}`}</Text>
          <Text className='org-roster__stat'>{`已签到 ${sum.checkedIn}`}</Text>
          <Text className='org-roster__stat'>{`已签退 ${sum.checkedOut}`}</Text>
          {sum.pending ? <Text className='org-roster__stat org-roster__stat--warn'>{`待审核 ${sum.pending}`}</Text> : null}
          {sum.waitlisted ? <Text className='org-roster__stat'>{`候补 ${sum.waitlisted}`}</Text> : null}
        </View>
      </View>

      {a.can.manage ? (
        <View className='org-roster__codes'>
          <Button className='org-roster__qr-in' type='primary' size='large' onClick={() => void Taro.navigateTo({ url: ORGANIZER_PAGES.qr(a.id, 'in') })}>
            出示签到码
          </Button>
          <Button className='org-roster__qr-out' type='default' size='large' onClick={() => void Taro.navigateTo({ url: ORGANIZER_PAGES.qr(a.id, 'out') })}>
            出示签退码
          </Button>
        </View>
      ) : null}

      {outcome ? <Result ok={outcome.ok} title={outcome.ok ? '已完成' : '没有成功'} text={outcome.text} className='org-roster__outcome' /> : null}

      {a.status === 'cancelled' ? <Text className='muted org-roster__cancelled'>活动已取消。</Text> : null}
      {a.can.manage && a.status === 'published' && Date.now() < new Date(a.startsAt).getTime() ? (
        <View className='card org-roster__edit'>
          {editing ? (
            <>
              <DateTimeField label='开始时间' value={editing.startsAt} onChange={(v) => setEditing({ ...editing, startsAt: v })} />
              <DateTimeField label='结束时间' value={editing.endsAt} onChange={(v) => setEditing({ ...editing, endsAt: v })} />
              <Text className='form-label'>活动地点</Text>
              <Input className='form-input org-roster__edit-address' value={editing.address} maxlength={120} onInput={(e) => setEditing({ ...editing, address: e.detail.value })} />
              <Text className='form-label'>招募人数</Text>
              <Input className='form-input org-roster__edit-capacity' type='number' value={editing.capacity} onInput={(e) => setEditing({ ...editing, capacity: e.detail.value })} />
              <Text className='muted'>增加名额会按顺序让候补的志愿者递补；不能少于已报名成功的人数。</Text>
              <Button className='org-roster__edit-save' type='primary' size='large' block loading={busy} onClick={saveEdit}>
                保存修改
              </Button>
            </>
          ) : (
            <Text className='link org-roster__edit-open' onClick={() => setEditing({ startsAt: a.startsAt, endsAt: a.endsAt, address: a.address, capacity: String(a.capacity) })}>
              修改时间、地点或人数 ›
            </Text>
          )}
          {calling !== null ? (
            <Input className='form-input org-roster__cancel-reason' value={calling} maxlength={200} placeholder='取消的原因（志愿者会收到），例如：台风预警，改期另行通知' onInput={(e) => setCalling(e.detail.value)} />
          ) : null}
          <Button className='org-roster__cancel' size='large' fill='outline' block disabled={busy} onClick={() => void callOff()}>
            {calling === null ? '取消活动' : '确认取消活动'}
          </Button>
        </View>
      ) : null}

      {confirmed ? (
        <View className='card org-roster__summary'>
          <Text className='form-label'>出勤确认结果</Text>
          <Text className='org-roster__summary-line'>{`出勤 ${confirmed.summary.present} 人，迟到 ${confirmed.summary.late} 人，请假 ${confirmed.summary.leave} 人，缺勤 ${confirmed.summary.absent} 人`}</Text>
          <Text className='org-roster__summary-line'>{`共记入服务时长 ${confirmed.summary.totalHours} 小时`}</Text>
        </View>
      ) : null}

      <Text className='section-title'>{`报名名单（${listed.length}）`}</Text>
      {listed.length === 0 ? (
        <View className='card'>
          <Text className='muted'>还没有人报名。</Text>
        </View>
      ) : null}
      {listed.map((r) => (
        <View key={r.signupId} className={`card org-row org-row--${r.status}`}>
          <View className='org-row__head'>
            <Text className='org-row__name'>{r.realName ?? '（未实名）'}</Text>
            <Text className={`vol-badge vol-badge--${r.status}`}>{r.status === 'waitlisted' && r.waitlistPosition ? `候补第 ${r.waitlistPosition} 位` : r.statusLabel}</Text>
          </View>
          {r.phoneMasked ? <Text className='muted'>{`手机 ${r.phoneMasked}`}</Text> : null}
          {r.status === 'confirmed' ? (
            <Text className='org-row__scan'>
              {[r.checkedInAt ? `签到 ${clock(r.checkedInAt)}` : '未签到', r.checkedOutAt ? `签退 ${clock(r.checkedOutAt)}` : r.checkedInAt ? '未签退' : null, r.attendanceLabel ? `登记：${r.attendanceLabel}` : null, r.creditedHours != null ? `记入 ${r.creditedHours} 小时` : null]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          ) : null}
          {r.attendanceReason ? <Text className='muted'>{`原因：${r.attendanceReason}`}</Text> : null}
          {r.lateCancel ? <Text className='muted'>临时取消过</Text> : null}

          {r.status === 'pending' ? (
            <View className='org-row__actions'>
              <Button className='org-row__approve' type='primary' size='normal' disabled={busy} onClick={() => void act(() => volunteerApi.approveSignup(a.id, r.signupId), `已通过 ${r.realName ?? ''} 的报名`)}>
                通过
              </Button>
              <Button className='org-row__reject' type='default' size='normal' disabled={busy} onClick={() => void act(() => volunteerApi.rejectSignup(a.id, r.signupId), `已婉拒 ${r.realName ?? ''} 的报名`)}>
                婉拒
              </Button>
            </View>
          ) : null}
          {r.status === 'confirmed' && !a.attendanceConfirmed && marking?.row.signupId !== r.signupId ? (
            <Text className='link org-row__mark' onClick={() => setMarking({ row: r, attendance: r.checkedInAt ? 'present' : 'leave', reason: '' })}>
              手工登记出勤
            </Text>
          ) : null}
          {marking?.row.signupId === r.signupId ? (
            <View className='org-mark'>
              <View className='chips'>
                {ATTENDANCE_CHOICES.map((c) => (
                  <Text key={c.value} className={`chip${marking.attendance === c.value ? ' chip--on' : ''}`} onClick={() => setMarking({ ...marking, attendance: c.value })}>
                    {c.label}
                  </Text>
                ))}
              </View>
              <Input className='form-input org-mark__reason' value={marking.reason} maxlength={200} placeholder='原因（必填），例如：手机没电未扫码' onInput={(e) => setMarking({ ...marking, reason: e.detail.value })} />
              <View className='org-row__actions'>
                <Button className='org-mark__save' type='primary' size='normal' disabled={busy} onClick={saveMark}>
                  保存
                </Button>
                <Button type='default' size='normal' onClick={() => setMarking(null)}>
                  取消
                </Button>
              </View>
            </View>
          ) : null}
        </View>
      ))}

      {a.can.manage ? (
        <View className='card org-roster__end'>
          {extending ? (
            <View>
              <DateTimeField label='延长到' value={extending.until} onChange={(until) => setExtending({ ...extending, until })} />
              <Input className='form-input' value={extending.reason} maxlength={200} placeholder='原因（必填），例如：送餐路线增加' onInput={(e) => setExtending({ ...extending, reason: e.detail.value })} />
              <View className='org-row__actions'>
                <Button className='org-roster__extend-save' type='primary' size='normal' disabled={busy} onClick={saveExtend}>
                  保存
                </Button>
                <Button type='default' size='normal' onClick={() => setExtending(null)}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <Text className='link org-roster__extend' onClick={() => setExtending({ until: new Date(end + 30 * 60_000).toISOString(), reason: '' })}>
              活动需要延长？超过原定结束时间的服务时长只在延长后计入
            </Text>
          )}
          {a.can.confirmAttendance ? (
            <Button className='org-roster__confirm' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void confirmAll()}>
              确认出勤，记入服务时长
            </Button>
          ) : (
            <Text className='muted org-roster__confirm-later'>{`活动 ${dayTime(a.extendedUntil ?? a.endsAt)} 结束后，在这里确认出勤，志愿者的服务时长才会记入。`}</Text>
          )}
        </View>
      ) : null}
      {a.attendanceConfirmed ? (
        <View className='card'>
          <Text className='muted'>出勤已确认，服务时长已记入志愿者的记录。</Text>
        </View>
      ) : null}
    </View>
  );
}
