import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import './FormHelp.scss';

/** Said at the top of a form whose contents came back from an earlier visit, with a way to start over. */
export function DraftNote({ onClear }: { onClear: () => void }) {
  return (
    <View className='draft-note'>
      <Text className='draft-note__text'>已恢复您上次没写完的内容</Text>
      <Text className='draft-note__clear' onClick={onClear}>
        清空重写
      </Text>
    </View>
  );
}

/**
 * After a submission failed on the network: the plain reason (whether it may have gone through)
 * and a 重试 button that sends the same contents again with the same request key, so it is never
 * doubled.
 */
export function RetryBar({ message, busy, onRetry }: { message: string; busy: boolean; onRetry: () => void }) {
  return (
    <View className='retry-bar'>
      <Text className='retry-bar__text'>{message}</Text>
      <Button className='retry-bar__btn' type='primary' fill='outline' size='large' loading={busy} onClick={onRetry}>
        重试
      </Button>
    </View>
  );
}
