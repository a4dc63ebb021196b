import { Text, View } from '@tarojs/components';
import type { CountByKey, NodeStatsView } from '@contract/stats';

/**
 * Charts drawn with Views (no canvas library): they render alike in WeChat and H5, stay in the
 * stats subpackage, and the numbers are text a screen reader and a test can read.
 */

/** Horizontal bars, one per key (by status, by category). */
export function Bars({ items }: { items: CountByKey[] }) {
  const max = Math.max(1, ...items.map((i) => i.count));
  return (
    <View>
      {items.map((i) => (
        <View key={i.key} className='st-bar' data-key={i.key}>
          <Text className='st-bar__label'>{i.label}</Text>
          <View className='st-bar__track'>
            <View className='st-bar__fill' style={{ width: `${Math.round((i.count / max) * 100)}%` }} />
          </View>
          <Text>{i.count}</Text>
        </View>
      ))}
    </View>
  );
}

/** Month by month: needs reported (dark) and done (light), side by side, the figures above. */
export function TrendChart({ trend }: { trend: NodeStatsView['trend'] }) {
  const max = Math.max(1, ...trend.flatMap((t) => [t.reported, t.done]));
  const height = (n: number) => `${Math.max(n ? 4 : 0, Math.round((n / max) * 100))}%`;
  return (
    <View className='st-trend'>
      <View className='st-trend__plot'>
        {trend.map((t) => (
          <View key={t.month} className='st-trend__month' data-month={t.month}>
            <View className='st-trend__bars'>
              <View className='st-trend__col'>
                <Text className='st-trend__n'>{t.reported}</Text>
                <View className='st-trend__bar st-trend__bar--reported' style={{ height: height(t.reported) }} />
              </View>
              <View className='st-trend__col'>
                <Text className='st-trend__n'>{t.done}</Text>
                <View className='st-trend__bar st-trend__bar--done' style={{ height: height(t.done) }} />
              </View>
            </View>
            <Text className='st-trend__label'>{`${Number(t.month.slice(5))}月`}</Text>
          </View>
        ))}
      </View>
      <View className='st-trend__legend'>
        <View className='st-trend__key st-trend__key--reported' />
        <Text>反映</Text>
        <View className='st-trend__key st-trend__key--done' />
        <Text>办结</Text>
      </View>
    </View>
  );
}
