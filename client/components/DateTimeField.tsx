import { Picker, Text, View } from '@tarojs/components';
import { beijingParts, fromBeijing } from '../utils/time';
import './DateTimeField.scss';

export { beijingParts, fromBeijing };

/**
 * A date and a time picked with the phone's own pickers (WeChat's and the browser's), in
 * Beijing time whatever the phone's zone: activities and tasks happen in Chinese communities.
 * The value is an ISO instant (UTC).
 */

/** A rounded starting value: `days` from now at hh:mm Beijing time. */
export function beijingAt(days: number, hh: number, mm = 0, now = Date.now()): string {
  const { date } = beijingParts(new Date(now + days * 86_400_000).toISOString());
  return fromBeijing(date, `${hh}:${mm}`);
}

export function DateTimeField({ label, value, onChange, className }: { label: string; value: string; onChange: (iso: string) => void; className?: string }) {
  const { date, time } = beijingParts(value);
  return (
    <View className={`dt-field ${className ?? ''}`}>
      <Text className='form-label'>{label}</Text>
      <View className='dt-field__row'>
        <Picker mode='date' value={date} onChange={(e) => onChange(fromBeijing(String(e.detail.value), time))}>
          <View className='dt-field__box dt-field__date'>{date}</View>
        </Picker>
        <Picker mode='time' value={time} onChange={(e) => onChange(fromBeijing(date, String(e.detail.value)))}>
          <View className='dt-field__box dt-field__time'>{time}</View>
        </Picker>
      </View>
    </View>
  );
}
