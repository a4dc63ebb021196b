import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { NeedForm } from '../../../components/NeedForm';
import { useSessionGate } from '../../../store/session';
import './index.scss';
import { pageClass } from '../../../store/elder';
import { needPageUrl } from '../../../utils/nav';

/** The resident reports a need in their own community. */
export default function ReportPage() {
  const { me } = useSessionGate();
  if (!me) {
    return (
      <View className={pageClass('page report')}>
        <Text className='muted'>正在加载…</Text>
      </View>
    );
  }
  return (
    <View className={pageClass('page report')}>
      <View className='report-intro'>
        <Text className='muted'>{`向${me.residence?.communityName ?? '社区'}反映。提交后社区工作人员会受理，每一步进展都能在“我的需求”里看到。`}</Text>
      </View>
      <NeedForm
        mode='resident'
        communityId={me.residence?.communityId ?? null}
        residence={me.residence ? { building: me.residence.building, unit: me.residence.unit } : null}
        draftKey={`report:${me.id}`}
        onSubmitted={(need) => void Taro.redirectTo({ url: needPageUrl(need.id) })}
      />
    </View>
  );
}
