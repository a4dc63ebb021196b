import { Text, View } from '@tarojs/components';

/** An honest "not here yet" panel for tabs whose feature arrives in a later change. */
export function Placeholder({ icon, title, text, className }: { icon: string; title: string; text: string; className?: string }) {
  return (
    <View className={`card placeholder ${className ?? ''}`}>
      <Text className='placeholder__icon'>{icon}</Text>
      <Text className='placeholder__title'>{title}</Text>
      <Text className='placeholder__text'>{text}</Text>
    </View>
  );
}
