import { Text, View } from '@tarojs/components';
import { type NeedListItem, type NeedSla, type NeedStatus, SLA_LABEL, type Urgency } from '@contract/needs';
import { ago } from '../utils/time';
import './NeedRow.scss';

/** Colour family of a status: waiting (orange), moving (blue), done (green), closed (grey). */
export function statusTone(status: NeedStatus): string {
  switch (status) {
    case 'reported':
      return 'wait';
    case 'done':
      return 'feedback';
    case 'rated':
      return 'ok';
    case 'rejected':
    case 'merged':
    case 'closed_no_feedback':
    case 'closed_infeasible':
    case 'closed_referred':
      return 'closed';
    default:
      return 'moving';
  }
}

export function StatusTag({ status, label }: { status: NeedStatus; label: string }) {
  return <Text className={`status-tag status-tag--${statusTone(status)}`}>{label}</Text>;
}

export function UrgencyTag({ urgency, label }: { urgency: Urgency; label: string }) {
  if (urgency === 'normal') return null;
  return <Text className={`urgency-tag urgency-tag--${urgency}`}>{label}</Text>;
}

/**
 * The 接诉即办 clock (staff's queue): time left, or how late, in the colour of its state — to be
 * accepted (response clock) or to show progress (progress clock, a step every few days).
 */
export function SlaLine({ sla, now = new Date() }: { sla: NeedSla; now?: Date }) {
  const minutes = Math.round((new Date(sla.dueAt).getTime() - now.getTime()) / 60_000);
  const span = (m: number) => {
    if (m >= 1440) return `${Math.floor(m / 1440)} 天${Math.floor((m % 1440) / 60) ? ` ${Math.floor((m % 1440) / 60)} 小时` : ''}`;
    return m >= 60 ? `${Math.floor(m / 60)} 小时${m % 60 ? ` ${m % 60} 分` : ''}` : `${m} 分钟`;
  };
  const progress = sla.clock === 'progress';
  const text =
    minutes >= 0
      ? `${progress ? '更新进展' : '受理'}时限还剩 ${span(minutes)}`
      : `${SLA_LABEL[sla.state]} ${span(-minutes)}，${progress ? '请更新办理进展' : '请尽快受理'}`;
  return <Text className={`need-row__sla need-row__sla--${sla.state}`}>{text}</Text>;
}

/** One need in a list: a whole-width tap target. */
export function NeedRow({ item, onClick, extra, showAge }: { item: NeedListItem; onClick?: () => void; extra?: string; showAge?: boolean }) {
  return (
    <View className='need-row' data-need={item.id} onClick={onClick}>
      <View className='need-row__top'>
        <Text className='need-row__title'>{item.title}</Text>
        <StatusTag status={item.status} label={item.statusLabel} />
      </View>
      <View className='need-row__meta'>
        <Text className='need-row__category'>{item.categoryLabel}</Text>
        <UrgencyTag urgency={item.urgency} label={item.urgencyLabel} />
        {item.meTooCount > 0 ? <Text className='need-row__metoo'>{`${item.meTooCount}人也遇到`}</Text> : null}
        <Text className='need-row__age'>{showAge ? ago(item.createdAt) : ago(item.updatedAt)}</Text>
      </View>
      {item.sla ? <SlaLine sla={item.sla} /> : null}
      {extra ? <Text className='need-row__extra'>{extra}</Text> : null}
    </View>
  );
}
