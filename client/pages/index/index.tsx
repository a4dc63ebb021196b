import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useSessionGate } from '../../store/session';
import type { MeView } from '@contract/users';
import './index.scss';
import { pageClass } from '../../store/elder';

/** The closed loop (闭环) every need goes through, in the words residents know. */
export const LOOP_STEPS: Array<{ title: string; text: string }> = [
  { title: '居民需求', text: '您说出困难和建议，社区登记受理' },
  { title: '社区协商', text: '大家的事大家议，议事会共同商量' },
  { title: '慈善资源保障', text: '社区基金、爱心捐赠、微心愿来支持' },
  { title: '社会组织实施', text: '专业的社会组织把服务落到实处' },
  { title: '社工指导', text: '持证社工全程指导和督导' },
  { title: '志愿者参与', text: '邻里志愿者搭把手、送温暖' },
  { title: '居民监督和反馈', text: '办得好不好，由您来评价' },
];

export function communityLabel(me: MeView | null): string {
  if (!me) return '';
  if (me.residence) return me.residence.communityName;
  const role = me.roles.find((r) => r.nodeLevel === 'community') ?? me.roles[0];
  return role ? role.nodeName : '';
}

export default function IndexPage() {
  const { me, status } = useSessionGate();
  const community = communityLabel(me);

  return (
    <View className={pageClass('page home')}>
      <View className='home-hero'>
        <Text className='home-hero__hello'>{me ? `${me.nickname}，您好` : status === 'loading' ? '正在登录…' : '您好'}</Text>
        <Text className='home-community'>{community || (status === 'ready' ? '尚未选择社区' : '社区服务')}</Text>
        {me?.residence?.streetName ? <Text className='home-hero__street'>{`${me.residence.districtName ?? ''} ${me.residence.streetName}`}</Text> : null}
        {status === 'ready' && !community ? (
          <Button className='home-hero__pick' size='xlarge' onClick={() => Taro.navigateTo({ url: '/pages/community/index' })}>
            选择我的社区
          </Button>
        ) : null}
      </View>

      <Text className='section-title'>有事找社区，怎么办？</Text>
      <View className='card home-loop'>
        {LOOP_STEPS.map((s, i) => (
          <View key={s.title} className='loop-step'>
            <View className='loop-step__num'>
              <Text>{i + 1}</Text>
            </View>
            <View className='loop-step__body'>
              <Text className='loop-step__title'>{s.title}</Text>
              <Text className='loop-step__text'>{s.text}</Text>
            </View>
          </View>
        ))}
      </View>

      <Text className='section-title'>常用入口</Text>
      <View className='home-entries'>
        <View className='home-entry' onClick={() => Taro.switchTab({ url: '/pages/needs/index' })}>
          <Text className='home-entry__title'>我要反映需求</Text>
          <Text className='home-entry__text'>困难、建议都可以说</Text>
        </View>
        <View className='home-entry home-consult-entry' onClick={() => Taro.navigateTo({ url: '/loop/pages/topics/index' })}>
          <Text className='home-entry__title'>社区协商</Text>
          <Text className='home-entry__text'>议题投票、报名议事会</Text>
        </View>
        <View className='home-entry' onClick={() => Taro.switchTab({ url: '/pages/volunteer/index' })}>
          <Text className='home-entry__title'>志愿服务</Text>
          <Text className='home-entry__text'>报名活动、记录时长</Text>
        </View>
        <View className='home-entry home-wishes-entry' onClick={() => Taro.navigateTo({ url: '/charity/pages/wishes/index' })}>
          <Text className='home-entry__title'>微心愿</Text>
          <Text className='home-entry__text'>帮邻居圆个小心愿</Text>
        </View>
        <View className='home-entry home-fund-entry' onClick={() => Taro.navigateTo({ url: '/charity/pages/fund/index' })}>
          <Text className='home-entry__title'>社区基金</Text>
          <Text className='home-entry__text'>每一笔收支都公开</Text>
        </View>
        <View className='home-entry' onClick={() => Taro.switchTab({ url: '/pages/me/index' })}>
          <Text className='home-entry__title'>我的信息</Text>
          <Text className='home-entry__text'>身份、住址、手机号</Text>
        </View>
        {me?.workbench ? (
          <View className='home-entry home-entry--work home-workbench-entry' onClick={() => Taro.navigateTo({ url: '/workbench/pages/index/index' })}>
            <Text className='home-entry__title'>工作台</Text>
            <Text className='home-entry__text'>处理需求和服务</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}
