import { Text, View } from '@tarojs/components';
import { Placeholder } from '../../components/Placeholder';
import { useSessionGate } from '../../store/session';

export default function NeedsPage() {
  const { me } = useSessionGate();
  const community = me?.residence?.communityName;
  return (
    <View className='page needs'>
      <Placeholder
        className='needs-placeholder'
        icon='需'
        title='需求反映即将上线'
        text='在这里您可以向社区反映困难和建议，并随时查看办理进度。这项功能正在开发，下一个版本就会开放。'
      />
      <View className='card'>
        <Text className='section-title'>现在有急事怎么办？</Text>
        <Text className='muted'>{community ? `请直接联系${community}居委会，或到社区服务站当面反映。` : '请直接联系您所在社区的居委会，或到社区服务站当面反映。'}</Text>
      </View>
    </View>
  );
}
