import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect } from 'react';
import { useNodePick } from '../../../hooks/useNodePick';
import { NodeChips } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { volunteerApi } from '../../../services/volunteer';
import { ensureSession, useSession } from '../../../store/session';
import { seatsText, timeRange } from '../../../volunteer/format';
import { ORGANIZER_PAGES, organizerNodes, publishCommunities } from '../../organizer';
import '../../../volunteer/volunteer.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

/** The organizer's activities in their places: the next ones first, each with its roster and codes. */
export default function OrganizerActivitiesPage() {
  const { me } = useSession();
  const nodes = organizerNodes(me);
  const [nodeId, setNodeId] = useNodePick(nodes);

  useEffect(() => {
    void ensureSession();
  }, []);

  const { data, error } = usePageData(() => (nodeId ? volunteerApi.activities({ nodeId, limit: 50 }) : null), [nodeId]);
  const items = data ? data.items.filter((a) => a.organizer) : null;

  const canPublish = publishCommunities(nodes).length > 0;
  const staff = me?.roles.some((r) => r.role === 'staff' || r.role === 'admin');

  return (
    <View className={pageClass('page org-activities')}>
      <NodeChips nodes={nodes} current={nodeId} onPick={setNodeId} />

      <View className='org-activities__actions'>
        {canPublish ? (
          <Button className='org-activities__create' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ORGANIZER_PAGES.create })}>
            发布志愿活动
          </Button>
        ) : null}
        {staff ? (
          <Button className='org-activities__applications' type='default' size='large' block onClick={() => void Taro.navigateTo({ url: ORGANIZER_PAGES.applications })}>
            志愿者注册审核
          </Button>
        ) : null}
      </View>

      {error ? <Text className='form-error'>{error}</Text> : null}
      {items === null && !error ? <Text className='muted'>正在加载…</Text> : null}
      {items && items.length === 0 ? (
        <View className='card'>
          <Text className='muted'>这里还没有由您组织的志愿活动。</Text>
        </View>
      ) : null}

      {(items ?? []).map((a) => {
        const ended = a.phase === 'ended';
        const running = a.phase === 'running';
        return (
          <View key={a.id} className='card vol-activity org-activity' onClick={() => void Taro.navigateTo({ url: ORGANIZER_PAGES.roster(a.id) })}>
            <View className='vol-activity__head'>
              <Text className='vol-activity__title org-activity__title'>{a.title}</Text>
              <Text className={`vol-badge${ended ? ' vol-badge--cancelled' : running ? ' vol-badge--confirmed' : ''}`}>
                {a.status === 'cancelled' ? '已取消' : a.attendanceConfirmed ? '已确认出勤' : ended ? '待确认出勤' : running ? '进行中' : '未开始'}
              </Text>
            </View>
            <Text className='vol-activity__line'>{timeRange(a.startsAt, a.extendedUntil ?? a.endsAt)}</Text>
            <Text className='vol-activity__line'>{a.address}</Text>
            <Text className={`vol-activity__seats${a.seatsLeft > 0 ? '' : ' vol-activity__seats--full'}`}>{`已报名 ${a.confirmedCount} 人 · ${seatsText(a)}`}</Text>
            <Text className='link'>名单、签到码与考勤 ›</Text>
          </View>
        );
      })}
    </View>
  );
}
