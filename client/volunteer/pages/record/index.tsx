import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { VolunteerCertificateView } from '@contract/volunteers';
import { usePageData } from '../../../hooks/usePageData';
import { ApiError } from '../../../services/api';
import { volunteerApi } from '../../../services/volunteer';
import { downloadCertificate } from '../../actions';
import { useSessionGate } from '../../../store/session';
import { KV, Loading, Result } from '../../components';
import { date, timeRange } from '../../format';
import { VOLUNTEER_PAGES } from '../../routes';
import '../../volunteer.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

/** 服务时长与证明: confirmed hours (total, by year), points with their ledger, the certificate. */
export default function RecordPage() {
  const { status } = useSessionGate();
  const { data: record, error } = usePageData(() => (status === 'ready' ? volunteerApi.record() : null), [status]);
  const [cert, setCert] = useState<VolunteerCertificateView | null>(null);
  const [certError, setCertError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pdfUrl, setPdfUrl] = useState<string | null>(null);

  const issue = async () => {
    if (busy) return;
    setBusy(true);
    setCertError(null);
    try {
      setCert(await volunteerApi.certificate());
    } catch (err) {
      if (err instanceof ApiError) setCertError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    if (busy) return;
    setBusy(true);
    setCertError(null);
    try {
      const res = await downloadCertificate();
      if (!res.opened) setPdfUrl(res.url);
    } catch (err) {
      setCertError(err instanceof ApiError ? err.message : '证明下载失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  const openPdf = () => {
    if (pdfUrl && typeof window !== 'undefined') window.open(pdfUrl, '_blank');
  };

  if (!record) return <Loading className='vol-record' error={error} />;
  const confirmed = record.activities.filter((a) => a.confirmed && (a.creditedMinutes ?? 0) > 0);

  return (
    <View className={pageClass('page vol-record')}>
      <View className='card vol-record__totals'>
        <View className='vol-record__total'>
          <Text className='vol-big-number vol-record__hours'>{record.totalHours}</Text>
          <Text className='muted'>累计服务小时</Text>
        </View>
        <View className='vol-record__total'>
          <Text className='vol-big-number vol-record__points'>{record.points.balance}</Text>
          <Text className='muted'>积分</Text>
        </View>
        <View className='vol-record__total'>
          <Text className='vol-big-number'>{confirmed.length}</Text>
          <Text className='muted'>参加活动</Text>
        </View>
      </View>

      {record.byYear.length ? (
        <View className='card'>
          <Text className='form-label'>每年服务时长</Text>
          {record.byYear.map((y) => (
            <KV key={y.year} k={`${y.year}年`} className='vol-record__year'>{`${y.hours} 小时`}</KV>
          ))}
        </View>
      ) : null}

      <View className='card'>
        <Text className='form-label'>已确认的服务</Text>
        {confirmed.length === 0 && !record.tasks.length ? <Text className='muted vol-record__none'>还没有已确认的服务时长。参加活动并签到签退，组织者确认出勤后会记入这里。</Text> : null}
        {confirmed.map((a) => (
          <View key={a.signupId} className='vol-record__item' data-activity={a.activityId} onClick={() => void Taro.navigateTo({ url: VOLUNTEER_PAGES.activity(a.activityId) })}>
            <Text className='vol-record__item-title'>{a.title}</Text>
            <Text className='muted'>{`${timeRange(a.startsAt, a.endsAt)} · ${a.attendanceLabel ?? '出勤'}`}</Text>
            <Text className='vol-record__item-hours'>{`${a.creditedHours} 小时`}</Text>
          </View>
        ))}
        {record.tasks.map((t) => (
          <View key={`task-${t.taskId}`} className='vol-record__item vol-record__task' data-task={t.taskId} onClick={() => void Taro.navigateTo({ url: VOLUNTEER_PAGES.task(t.taskId) })}>
            <Text className='vol-record__item-title'>{`${t.kindLabel}任务 · ${t.title}`}</Text>
            <Text className='muted'>{timeRange(t.startsAt, t.endsAt)}</Text>
            <Text className={`vol-record__item-hours${t.confirmed ? '' : ' vol-record__item-hours--waiting'}`}>{t.confirmed ? `${t.creditedHours} 小时` : '已完成，待社区确认时长'}</Text>
          </View>
        ))}
      </View>

      <View className='card'>
        <Text className='form-label'>积分明细</Text>
        <Text className='muted'>{record.points.rule}</Text>
        {record.points.entries.length === 0 ? <Text className='muted vol-record__none'>暂无积分记录</Text> : null}
        {record.points.entries.map((e) => (
          <View key={e.id} className='vol-record__point'>
            <Text className='vol-record__point-reason'>{e.reason}</Text>
            <Text className={`vol-record__point-delta${e.delta < 0 ? ' vol-record__point-delta--minus' : ''}`}>{`${e.delta > 0 ? '+' : ''}${e.delta}`}</Text>
          </View>
        ))}
      </View>

      <View className='card vol-record__cert'>
        <Text className='form-label'>志愿服务证明</Text>
        <Text className='muted'>证明列出经组织者确认的活动和时长，附验证码，任何人都可以查验真伪。</Text>
        {certError ? <Result ok={false} title='没有成功' text={certError} className='vol-record__cert-error' /> : null}
        {cert ? (
          <View className='vol-record__cert-info'>
            <KV k='姓名'>{cert.realName}</KV>
            <KV k='社区'>{cert.communityName}</KV>
            <KV k='服务时长'>{`${cert.totalHours} 小时（${cert.activities.length} 次活动）`}</KV>
            <KV k='验证码' className='vol-record__code'>{cert.code}</KV>
            <KV k='开具日期'>{date(cert.issuedAt)}</KV>
            <Button className='vol-record__download' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void download()}>
              下载证明 PDF
            </Button>
            {pdfUrl ? (
              <Button className='vol-record__open' fill='outline' type='primary' size='large' block onClick={openPdf}>
                打开证明 PDF
              </Button>
            ) : null}
            <Text className='link' onClick={() => void Taro.navigateTo({ url: VOLUNTEER_PAGES.verify(cert.code) })}>
              查验这张证明 ›
            </Text>
          </View>
        ) : (
          <Button className='vol-record__issue' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void issue()}>
            开具志愿服务证明
          </Button>
        )}
      </View>
    </View>
  );
}
