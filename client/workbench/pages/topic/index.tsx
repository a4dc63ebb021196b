import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { TopicView } from '@contract/consultation';
import { Loading } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { Heading, MeetingCard, ResultBars } from '../../../loop/components';
import { windowText } from '../../../loop/format';
import { LOOP_PAGES, WORKBENCH_LOOP_PAGES } from '../../../loop/routes';
import { consultationApi } from '../../../services/consultation';
import '../../../loop/loop.scss';
import { pageClass } from '../../../store/elder';

/** Staff view of one topic: meetings (create, record), the votes counted at a meeting, the resolution, the project. */
export default function StaffTopicPage() {
  const id = Number(useRouter().params.id);
  const { data: t, error, reload } = usePageData(() => consultationApi.topic(id), [id]);
  // Hand counts typed hold for the view they were typed on; each load starts from the counts saved so far.
  const [typed, setTyped] = useState<{ view: TopicView; counts: Record<number, string> } | null>(null);
  const offline: Record<number, string> =
    t && typed?.view === t ? typed.counts : Object.fromEntries((t?.options ?? []).map((o) => [o.id, String(t?.results?.options.find((r) => r.optionId === o.id)?.offline ?? 0)]));
  const setOffline = (optionId: number, value: string) => t && setTyped({ view: t, counts: { ...offline, [optionId]: value } });
  const [meetingId, setMeetingId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const saveOffline = async () => {
    if (!t || busy) return;
    const counts = t.options.map((o) => ({ optionId: o.id, count: Number(offline[o.id] || 0) }));
    if (counts.some((c) => !Number.isInteger(c.count) || c.count < 0)) {
      void Taro.showToast({ title: '票数请填写0或正整数', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      await consultationApi.offlineVotes(t.id, { counts, ...(meetingId ? { meetingId } : {}) });
      void Taro.showToast({ title: '现场票数已保存', icon: 'none' });
      reload();
    } catch {
      // The API module showed the reason.
    } finally {
      setBusy(false);
    }
  };

  if (!t) return <Loading className='staff-topic' error={error} />;
  const go = (url: string) => void Taro.navigateTo({ url });
  const r = t.resolution;

  return (
    <View className={pageClass('page staff-topic')}>
      <View className='card'>
        <Heading title={t.title} tone={t.status} label={t.statusLabel} />
        <Text className='loop-window'>{windowText(t)}</Text>
        <Text className='loop-text'>{t.description}</Text>
        <Text className='link' onClick={() => go(LOOP_PAGES.topic(t.id))}>
          看居民看到的页面 ›
        </Text>
      </View>

      {t.results ? (
        <View className='card'>
          <Text className='form-label'>表决结果</Text>
          <ResultBars results={t.results} myOptionId={null} />
        </View>
      ) : null}

      <Text className='section-title'>议事会</Text>
      {t.meetings.map((m) => (
        <MeetingCard key={m.id} m={m}>
          {m.status === 'held' ? (
            <Text className='muted staff-topic__recorded'>到会和纪要已记录（记录后不能再改，如有出入请在议定事项中说明）</Text>
          ) : (
            <Button className='staff-topic__record' type='primary' fill='outline' size='large' block onClick={() => go(WORKBENCH_LOOP_PAGES.meeting(m.id, t.id))}>
              记录到会和纪要
            </Button>
          )}
        </MeetingCard>
      ))}
      {t.meetings.length === 0 ? (
        <View className='card'>
          <Text className='muted'>还没有安排议事会。</Text>
        </View>
      ) : null}
      {!r ? (
        <View className='loop-gap'>
          <Button className='staff-topic__new-meeting' type='primary' fill='outline' size='xlarge' block onClick={() => go(WORKBENCH_LOOP_PAGES.newMeeting(t.id))}>
            安排议事会
          </Button>
        </View>
      ) : null}

      {!r ? (
        <View className='card staff-topic__offline'>
          <Text className='form-label'>现场表决票数</Text>
          <Text className='muted'>议事会上举手或投票箱的票数由工作人员录入，和线上票分开统计。</Text>
          {t.meetings.length ? (
            <View className='chips'>
              {t.meetings.map((m) => (
                <View key={m.id} className={`chip${meetingId === m.id ? ' chip--on' : ''}`} onClick={() => setMeetingId(meetingId === m.id ? null : m.id)}>
                  <Text>{m.kindLabel}</Text>
                </View>
              ))}
            </View>
          ) : null}
          {t.options.map((o) => (
            <View key={o.id} className='loop-count' data-option={o.id}>
              <Text className='loop-count__label'>{o.label}</Text>
              <Input className='loop-count__input staff-topic__count' type='number' value={offline[o.id] ?? '0'} onInput={(e) => setOffline(o.id, e.detail.value)} />
            </View>
          ))}
          <Button className='staff-topic__save-offline' type='primary' size='large' block loading={busy} disabled={busy} onClick={() => void saveOffline()}>
            保存现场票数
          </Button>
        </View>
      ) : null}

      {r ? (
        <View className='card staff-topic__resolution'>
          <Text className='form-label'>议定事项（已公布）</Text>
          <Text className='loop-text'>{r.text}</Text>
          <Text className='muted'>{r.outcomeLabel}</Text>
          {r.projectId ? (
            <Text className='link' onClick={() => go(LOOP_PAGES.project(r.projectId!))}>
              查看服务项目 ›
            </Text>
          ) : r.outcome === 'project' ? (
            <Button className='staff-topic__new-project' type='primary' size='xlarge' block onClick={() => go(WORKBENCH_LOOP_PAGES.newProject(r.id, t.id))}>
              创建服务项目
            </Button>
          ) : null}
        </View>
      ) : t.voting !== 'closed' ? (
        <Text className='muted'>投票截止后才能公布议定事项。</Text>
      ) : (
        <Button className='staff-topic__resolve' type='primary' size='xlarge' block onClick={() => go(WORKBENCH_LOOP_PAGES.resolution(t.id))}>
          公布议定事项
        </Button>
      )}
    </View>
  );
}
