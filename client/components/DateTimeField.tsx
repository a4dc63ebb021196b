import { Picker, Text, View } from '@tarojs/components';
import './DateTimeField.scss';

/**
 * A date and a time picked with the phone's own pickers (WeChat's and the browser's), in
 * Beijing time whatever the phone's zone: activities and tasks happen in Chinese communities.
 * The value is an ISO instant (UTC) or null.
 */

const BJ_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** ISO instant → { date: '2026-12-03', time: '09:30' } in Beijing time. */
export function beijingParts(iso: string): { date: string; time: string } {
  const t = new Date(new Date(iso).getTime() + BJ_MS);
  return {
    date: `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`,
    time: `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`,
  };
}

/** '2026-12-03' + '09:30' (Beijing) → ISO instant. */
export function fromBeijing(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh, mm) - BJ_MS).toISOString();
}

/** A rounded starting value: `days` from now at hh:mm Beijing time. */
export function beijingAt(days: number, hh: number, mm = 0, now = Date.now()): string {
  const { date } = beijingParts(new Date(now + days * 86_400_000).toISOString());
  return fromBeijing(date, `${pad(hh)}:${pad(mm)}`);
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
