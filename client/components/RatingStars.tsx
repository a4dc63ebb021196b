import { Text, View } from '@tarojs/components';
import './RatingStars.scss';

export const RATING_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];

/** Five big stars (each a 88px target) and the meaning of the chosen score in words. */
export function RatingStars({ value, onChange, readOnly }: { value: number; onChange?: (v: number) => void; readOnly?: boolean }) {
  return (
    <View className={`rating${readOnly ? ' rating--readonly' : ''}`}>
      <View className='rating__stars'>
        {[1, 2, 3, 4, 5].map((n) => (
          <View
            key={n}
            className={`rating__star${n <= value ? ' rating__star--on' : ''}`}
            data-score={n}
            onClick={readOnly ? undefined : () => onChange?.(n)}
          >
            <Text>{n <= value ? '★' : '☆'}</Text>
          </View>
        ))}
      </View>
      <Text className='rating__word'>{value ? `${value}分 · ${RATING_WORDS[value]}` : '请点星星打分'}</Text>
    </View>
  );
}
