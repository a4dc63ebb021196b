import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { NeedTimelineEvent, NeedTimelineStep, StepState } from '@contract/needs';
import { when } from '../utils/time';
import './NeedTimeline.scss';

export const STEP_STATE_LABEL: Record<StepState, string> = {
  done: '已完成',
  current: '进行中',
  skipped: '已跳过',
  pending: '未开始',
};

const MARK: Record<StepState, string> = { done: '✓', current: '●', skipped: '—', pending: '' };

/**
 * The seven steps of the closed loop for one need. Each state looks different and says its
 * name in words: a skipped step is grey, struck through and labelled 已跳过 — never a tick.
 */
export function LoopSteps({ steps }: { steps: NeedTimelineStep[] }) {
  return (
    <View className='loop-steps'>
      {steps.map((s, i) => (
        <View key={s.key} className={`loop-steps__item loop-steps__item--${s.state}`} data-step={s.key} data-state={s.state}>
          <View className='loop-steps__rail'>
            <View className='loop-steps__dot'>
              <Text>{MARK[s.state] || String(i + 1)}</Text>
            </View>
            {i < steps.length - 1 ? <View className='loop-steps__line' /> : null}
          </View>
          <View className='loop-steps__body'>
            <Text className='loop-steps__label'>{s.label}</Text>
            <Text className='loop-steps__state'>{STEP_STATE_LABEL[s.state]}</Text>
          </View>
        </View>
      ))}
    </View>
  );
}

/** What the event says beyond its name: the reason, note, rating, referral. */
export function eventDetails(e: NeedTimelineEvent): string[] {
  const out: string[] = [];
  if (e.fromLabel && e.toLabel && e.kind === 'status') out.push(`${e.fromLabel} → ${e.toLabel}`);
  if (e.reason) out.push(`原因：${e.reason}`);
  if (e.note) out.push(`说明：${e.note}`);
  if (e.rating != null) out.push(`评分：${'★'.repeat(e.rating)}${'☆'.repeat(5 - e.rating)}（${e.rating}分）`);
  if (e.comment) out.push(`评价：${e.comment}`);
  if (e.referredTo) out.push(`转交：${e.referredTo}`);
  if (e.mergedIntoId) out.push(`已合并到需求 #${e.mergedIntoId}`);
  if (e.fromNeedId) out.push(`合并了需求 #${e.fromNeedId}`);
  return out;
}

/** Every change, oldest first: who (as a role), when, what and why; a link to its topic or project. */
export function EventList({ events }: { events: NeedTimelineEvent[] }) {
  if (events.length === 0) {
    return (
      <View className='need-events need-events--empty'>
        <Text className='muted'>还没有办理记录</Text>
      </View>
    );
  }
  return (
    <View className='need-events'>
      {events.map((e) => (
        <View key={e.id} className={`need-event need-event--${e.kind}`} data-event={e.id}>
          <View className='need-event__head'>
            <Text className='need-event__action'>{e.action}</Text>
            <Text className='need-event__role'>{e.actorRoleLabel}</Text>
          </View>
          <Text className='need-event__time'>{when(e.at)}</Text>
          {eventDetails(e).map((d) => (
            <Text key={d} className='need-event__detail'>
              {d}
            </Text>
          ))}
          {e.topicId ? (
            <Text className='need-event__link need-event__topic' onClick={() => void Taro.navigateTo({ url: `/loop/pages/topic/index?id=${e.topicId}` })}>
              查看议题和投票 ›
            </Text>
          ) : null}
          {e.projectId ? (
            <Text className='need-event__link need-event__project' onClick={() => void Taro.navigateTo({ url: `/loop/pages/project/index?id=${e.projectId}` })}>
              查看服务项目 ›
            </Text>
          ) : null}
        </View>
      ))}
    </View>
  );
}

export function NeedTimeline({ steps, events }: { steps: NeedTimelineStep[]; events: NeedTimelineEvent[] }) {
  return (
    <View className='need-timeline'>
      <Text className='section-title'>办理进度（闭环七步）</Text>
      <View className='card'>
        <LoopSteps steps={steps} />
      </View>
      <Text className='section-title'>办理记录</Text>
      <View className='card'>
        <EventList events={events} />
      </View>
    </View>
  );
}
