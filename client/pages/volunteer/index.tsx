import { Text, View } from '@tarojs/components';
import { Placeholder } from '../../components/Placeholder';
import { useSessionGate } from '../../store/session';

export default function VolunteerPage() {
  const { me } = useSessionGate();
  const isVolunteer = !!me?.roles.some((r) => r.role === 'volunteer');
  return (
    <View className='page volunteer'>
      <Placeholder
        className='volunteer-placeholder'
        icon='志'
        title='志愿服务即将上线'
        text='报名志愿活动、扫码签到签退、查看服务时长和证明，这些功能正在开发，下一个版本就会开放。'
      />
      <View className='card'>
        <Text className='muted'>{isVolunteer ? '您已是注册志愿者，活动上线后会在这里显示。' : '想成为社区志愿者？请联系社区居委会登记。'}</Text>
      </View>
    </View>
  );
}
