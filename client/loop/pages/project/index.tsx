import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { ProjectPageView } from '@contract/projects';
import { Loading } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { volunteerApi } from '../../../services/volunteer';
import { VOLUNTEER_PAGES } from '../../../volunteer/routes';
import { timeRange } from '../../../volunteer/format';
import { consultationApi } from '../../../services/consultation';
import { ProjectBody } from '../../components';
import { ymd } from '../../format';
import { LOOP_PAGES, WORKBENCH_LOOP_PAGES } from '../../routes';
import '../../loop.scss';
import { pageClass } from '../../../store/elder';

/**
 * A service project. Everyone sees the public page (no personal data); with `work=1` the people
 * on the project (organization member, social worker, staff) also see the guidance records and
 * what they can do next.
 */
export default function ProjectPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const work = params.work === '1';
  const { data: p, error } = usePageData<ProjectPageView>(() => (id ? (work ? consultationApi.project(id) : consultationApi.publicProject(id)) : null), [id, work], { missing: '没有找到该项目' });
  // The guidance records, for the people on the project only; none shown when they cannot be loaded.
  const guidance = usePageData(() => (id && work ? consultationApi.guidance(id).catch(() => []) : null), [id, work]).data ?? [];

  // Its volunteer activities, past ones too, for the people working on it (the list needs a login).
  const activities = usePageData(() => (id && work ? volunteerApi.activities({ projectId: id, limit: 20 }).catch(() => null) : null), [id, work]).data?.items ?? [];
  // And the volunteer tasks made for its needs (陪诊、代购 …).
  const tasks = usePageData(() => (id && work ? consultationApi.projectTasks(id).catch(() => []) : null), [id, work]).data ?? [];

  if (!p) return <Loading className='loop-project-page' error={error} />;
  const w = work && 'can' in p ? p : null;
  const go = (url: string) => void Taro.navigateTo({ url });
  // What the person on the project can do next, the first one as the main button.
  const actions = w
    ? [
        { key: 'progress', can: w.can.postProgress, label: '发布项目进展', url: LOOP_PAGES.progress(p.id) },
        { key: 'report', can: w.can.complete, label: '提交结项报告', url: LOOP_PAGES.report(p.id) },
        { key: 'guidance', can: w.can.addGuidance, label: '写指导记录', url: LOOP_PAGES.guidance(p.id) },
        // The social worker reaches the sign-off page before it can be signed: it says what is still missing.
        { key: 'signoff', can: w.can.signOff || w.can.waiveMilestone, label: w.can.signOff ? '签署结项意见' : `结项意见（还差 ${w.signOffMissing.length} 项）`, url: LOOP_PAGES.signoff(p.id) },
        { key: 'evaluate', can: w.can.evaluate, label: '项目评估打分', url: WORKBENCH_LOOP_PAGES.evaluate(p.id) },
      ]
    : [];

  return (
    <View className={pageClass('page loop-project-page')}>
      <ProjectBody p={p} onTopic={(topicId) => go(LOOP_PAGES.topic(topicId))} evidence={w?.evidencePhotos} />

      {w ? <Text className='section-title'>志愿活动</Text> : null}
      {w ? (
      <View className='card loop-project__activities'>
        {activities.length === 0 ? <Text className='muted'>还没有为本项目开展的志愿活动</Text> : null}
        {activities.map((a) => (
          <View key={a.id} className='loop-row loop-project__activity' data-activity={a.id} onClick={() => go(VOLUNTEER_PAGES.activity(a.id))}>
            <Text className='form-label'>{a.title}</Text>
            <Text className='muted'>{`${timeRange(a.startsAt, a.endsAt)} · ${a.status === 'cancelled' ? '已取消' : `报名 ${a.confirmedCount}/${a.capacity}`}`}</Text>
          </View>
        ))}
        <Text className='link loop-project__new-activity' onClick={() => go(`/workbench/pages/activity-new/index?projectId=${p.id}`)}>
          为本项目发布志愿活动 ›
        </Text>
      </View>
      ) : null}

      {w ? <Text className='section-title'>志愿任务</Text> : null}
      {w ? (
        <View className='card loop-project__tasks'>
          {tasks.length === 0 ? <Text className='muted'>还没有为本项目的需求派发志愿任务（在需求页派发）</Text> : null}
          {tasks.map((k) => (
            <View key={k.id} className='loop-row loop-project__task' data-task={k.id}>
              <Text className='form-label'>{`${k.kindLabel} · ${k.title}`}</Text>
              <Text className='muted'>{`${timeRange(k.startsAt, k.endsAt)} · ${k.statusLabel}${k.creditedHours != null ? ` · 记 ${k.creditedHours} 小时` : ''}`}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {w ? (
        <>
          <Text className='section-title'>社工指导记录</Text>
          <View className='card loop-project__guidance'>
            {guidance.length === 0 ? <Text className='muted'>还没有指导记录</Text> : null}
            {guidance.map((g) => (
              <View key={g.id} className='loop-guidance' data-guidance={g.id}>
                <View className='loop-row'>
                  <Text className='form-label'>{`${ymd(g.guidedOn)} · ${g.formLabel}`}</Text>
                </View>
                <Text className='loop-text'>{g.content}</Text>
                {g.issues ? <Text className='muted'>{`发现的问题：${g.issues}`}</Text> : null}
                {g.nextSteps ? <Text className='muted'>{`下一步：${g.nextSteps}`}</Text> : null}
              </View>
            ))}
          </View>
          <View className='loop-actions'>
            {w.signOffComment ? <Text className='muted loop-project__signoff'>{`社工结项意见：${w.signOffComment}`}</Text> : null}
            {actions
              .filter((x) => x.can)
              .map((x, i) => (
                <Button key={x.key} className={`loop-go-${x.key}`} type='primary' fill={i === 0 ? undefined : 'outline'} size='xlarge' block onClick={() => go(x.url)}>
                  {x.label}
                </Button>
              ))}
          </View>
        </>
      ) : null}
    </View>
  );
}
