import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect } from 'react';
import { Loading } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { consultationApi } from '../../../services/consultation';
import { ensureSession, useSession } from '../../../store/session';
import { staffCommunities } from '../../../workbench/staff';
import { ProjectRow } from '../../components';
import { LOOP_PAGES } from '../../routes';
import '../../loop.scss';
import { pageClass } from '../../../store/elder';

/** 我的项目: the projects an organization member carries out, a social worker guides, or staff run in their communities. */
export default function MyProjectsPage() {
  const { me } = useSession();
  const onProject = !!me?.roles.some((r) => r.role === 'org_member' || r.role === 'social_worker');
  const communities = staffCommunities(me);
  // The projects one is on and those of the communities one runs, each once.
  const { data: items, error } = usePageData(() => {
    if (!me) return null;
    const lists = [...(onProject ? [consultationApi.myProjects()] : []), ...communities.map((c) => consultationApi.projects(c.nodeId))];
    return Promise.all(lists).then((all) => Array.from(new Map(all.flat().map((p) => [p.id, p])).values()));
  }, [me]);
  useEffect(() => {
    void ensureSession();
  }, []);

  if (!items) return <Loading className='loop-projects' error={error} />;
  const worker = me?.roles.some((r) => r.role === 'social_worker');
  return (
    <View className={pageClass('page loop-projects')}>
      {items.length === 0 ? (
        <View className='card empty'>
          <Text className='empty__title'>暂时没有项目</Text>
          <Text className='empty__text'>{worker ? '社区把项目交给您指导后会显示在这里' : '社区把项目交给您的机构实施后会显示在这里'}</Text>
        </View>
      ) : null}
      {items.map((p) => (
        <ProjectRow key={p.id} p={p} onClick={() => void Taro.navigateTo({ url: LOOP_PAGES.project(p.id, true) })} />
      ))}
    </View>
  );
}
