import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { RoleList } from '../../../components/RoleList';
import type { Role, RoleView } from '@contract/users';
import { ensureSession, useSession } from '../../../store/session';
import './index.scss';
import { pageClass } from '../../../store/elder';

const WORKBENCH_ROLES: Role[] = ['staff', 'admin', 'social_worker', 'org_member'];

interface Entry {
  key: string;
  title: string;
  text: string;
  roles: Role[];
  /** The page that does it; entries without one show as 即将上线. */
  page?: string;
}

/** What each role does in the loop. */
export const ENTRIES: Entry[] = [
  { key: 'triage', title: '需求受理', text: '受理、驳回、合并居民需求', roles: ['staff', 'admin'], page: '/workbench/pages/queue/index' },
  { key: 'proxy', title: '代居民上报', text: '替不用手机的居民反映', roles: ['staff', 'admin'], page: '/workbench/pages/report/index' },
  { key: 'consult', title: '社区协商', text: '议题、议事会、表决结果', roles: ['staff', 'admin'], page: '/workbench/pages/topics/index' },
  { key: 'fund', title: '社区基金', text: '捐赠入账、拨付审批', roles: ['staff', 'admin'], page: '/workbench/pages/fund/index' },
  { key: 'wish', title: '微心愿', text: '发布心愿、确认送达', roles: ['staff', 'admin'], page: '/workbench/pages/wishes/index' },
  { key: 'project', title: '服务项目', text: '项目进度、结项材料', roles: ['staff', 'admin', 'org_member', 'social_worker'], page: '/loop/pages/projects/index' },
  { key: 'guidance', title: '督导记录', text: '个案、小组、社区指导', roles: ['social_worker'], page: '/loop/pages/projects/index' },
  { key: 'attendance', title: '志愿活动', text: '发布活动、签到码、确认时长', roles: ['staff', 'admin', 'org_member', 'social_worker'], page: '/workbench/pages/activities/index' },
  { key: 'volunteers', title: '志愿者审核', text: '实名注册审核、退回修改', roles: ['staff', 'admin'], page: '/workbench/pages/volunteers/index' },
  { key: 'residents', title: '居民认证', text: '确认居住登记，退回并说明原因', roles: ['staff', 'admin'], page: '/workbench/pages/residents/index' },
  { key: 'people', title: '人员与角色', text: '任命工作人员、社工，登记组织、新增社区', roles: ['staff', 'admin'], page: '/workbench/pages/people/index' },
  { key: 'criteria', title: '评估标准', text: '项目评估指标和权重（区县修订）', roles: ['staff', 'admin'], page: '/workbench/pages/criteria/index' },
  { key: 'access-log', title: '查阅记录', text: '谁查看了居民的个人信息', roles: ['admin'], page: '/workbench/pages/access-log/index' },
  { key: 'stats', title: '统计台账', text: '辖区需求、三率、各单位对比', roles: ['admin', 'staff'], page: '/stats/pages/index/index' },
];

export function entriesFor(roles: RoleView[]): Entry[] {
  const held = new Set(roles.map((r) => r.role));
  return ENTRIES.filter((e) => e.roles.some((r) => held.has(r)));
}

export default function WorkbenchPage() {
  const { me, status } = useSession();
  useEffect(() => {
    void ensureSession(true);
  }, []);

  if (!me) {
    return (
      <View className={pageClass('page workbench')}>
        <Text className='muted'>{status === 'error' ? '加载失败，请返回后重试' : '正在加载…'}</Text>
      </View>
    );
  }
  const roles = me.roles.filter((r) => WORKBENCH_ROLES.includes(r.role));
  if (roles.length === 0) {
    return (
      <View className={pageClass('page workbench')}>
        <View className='card'>
          <Text className='workbench-denied'>您还没有工作台权限。社区工作人员、社工和社会组织成员由社区登记后才能使用工作台。</Text>
        </View>
      </View>
    );
  }
  const nodes = Array.from(new Map(roles.map((r) => [r.nodeId, r])).values());
  return (
    <View className={pageClass('page workbench')}>
      <View className='card workbench-head'>
        <Text className='workbench-head__name'>{`${me.nickname}的工作台`}</Text>
        <Text className='workbench-scope'>{`负责范围：${nodes.map((n) => `${n.nodeName}（${n.nodeLevelLabel}）`).join('、')}`}</Text>
      </View>

      <Text className='section-title'>我的工作身份</Text>
      <View className='card workbench-roles'>
        <RoleList roles={roles} />
      </View>

      <Text className='section-title'>工作事项</Text>
      <View className='workbench-grid'>
        {entriesFor(roles).map((e) => (
          <View
            key={e.key}
            className={`workbench-item workbench-item--${e.key}${e.page ? ' workbench-item--live' : ' workbench-item--soon'}`}
            onClick={e.page ? () => void Taro.navigateTo({ url: e.page! }) : undefined}
          >
            <Text className='workbench-item__title'>{e.title}</Text>
            <Text className='workbench-item__text'>{e.text}</Text>
            {e.page ? null : <Text className='workbench-item__soon'>即将上线</Text>}
          </View>
        ))}
      </View>
    </View>
  );
}
