import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import { Button } from '@nutui/nutui-react-taro';
import type { MeetingView, ResolutionFigures, TopicListItem } from '@contract/consultation';
import type { ProjectEvaluationView, ProjectListItem, ProjectMilestoneView, ProjectView, PublicProjectView } from '@contract/projects';
import type { PhotoView } from '@contract/uploads';
import { FieldError, KV } from '../components/Basics';
import { PhotoGrid } from '../components/Photos';
import { goBack } from '../utils/nav';
import { FORM_ERROR } from '../hooks/useForm';
import { usePageData } from '../hooks/usePageData';
import { ApiError } from '../services/api';
import { consultationApi } from '../services/consultation';
import { date, dayTime } from '../utils/time';
import { leaders, percent, windowText, ymd, yuan } from './format';

/** A status word in a coloured box. */
export function Badge({ tone, children, className }: { tone: string; children: ReactNode; className?: string }) {
  return <Text className={`badge loop-badge loop-badge--${tone} ${className ?? ''}`}>{children}</Text>;
}

/** A card's title with its status word on the right. */
export function Heading({ title, tone, label, className }: { title: string; tone: string; label: string; className?: string }) {
  return (
    <View className='loop-row'>
      <Text className={`loop-title ${className ?? ''}`}>{title}</Text>
      <Badge tone={tone}>{label}</Badge>
    </View>
  );
}

/** The topics of a community (null until loaded), reloaded when the page shows again. */
export function useTopics(communityId: number | null): { items: TopicListItem[] | null; error: string | null } {
  const { data, error } = usePageData(() => (communityId ? consultationApi.topics(communityId) : null), [communityId]);
  return { items: data, error };
}

/** One topic in a list: title, status, voting window; tap to open. */
export function TopicRow({ t, className, onClick, children }: { t: TopicListItem; className: string; onClick: () => void; children?: ReactNode }) {
  return (
    <View className={`card loop-item ${className}`} data-topic={t.id} onClick={onClick}>
      <Heading title={t.title} tone={t.status} label={t.statusLabel} />
      <Text className='loop-item__line'>{windowText(t)}</Text>
      {children}
    </View>
  );
}

/** One project in a list: title, status, field and organization, budget and people served. */
export function ProjectRow({ p, onClick }: { p: ProjectListItem; onClick: () => void }) {
  return (
    <View className='card loop-item loop-project-row' data-project={p.id} onClick={onClick}>
      <Heading title={p.title} tone={p.status} label={p.statusLabel} />
      <Text className='loop-item__line'>{`${p.domainLabel} · ${p.organizationName}`}</Text>
      <Text className='loop-item__line'>{`预算 ${yuan(p.budgetFen)} · 已服务 ${p.peopleServed} 人次`}</Text>
      <Text className='loop-item__line'>{`${ymd(p.startsOn)} 至 ${ymd(p.endsOn)}${p.score != null ? ` · 评估 ${p.score} 分` : ''}`}</Text>
    </View>
  );
}

/**
 * The result of a closed vote: one bar per option (online and offline together), with the
 * online and the offline (at the meeting, entered by staff) counts said apart.
 */
export function ResultBars({ results, myOptionId }: { results: ResolutionFigures; myOptionId: number | null }) {
  const top = leaders(results.options);
  return (
    <View className='loop-results'>
      <Text className='loop-results__total'>{`共 ${results.total} 票：线上 ${results.online} 票，现场 ${results.offline} 票`}</Text>
      {results.options.map((o) => (
        <View key={o.optionId} className={`loop-result${top.includes(o.optionId) ? ' loop-result--top' : ''}`} data-option={o.optionId}>
          <View className='loop-result__head'>
            <Text className='loop-result__label'>{o.label}</Text>
            <Text className='loop-result__count'>{`${o.total} 票 · ${percent(o.total, results.total)}%`}</Text>
          </View>
          <View className='loop-result__track'>
            <View className='loop-result__bar' style={{ width: `${percent(o.total, results.total)}%` }} />
          </View>
          <Text className='loop-result__split'>{`线上 ${o.online} 票 · 现场 ${o.offline} 票`}</Text>
          {top.includes(o.optionId) || myOptionId === o.optionId ? (
            <View className='loop-result__tags'>
              {top.includes(o.optionId) ? <Text className='loop-result__lead'>得票最多</Text> : null}
              {myOptionId === o.optionId ? <Text className='loop-result__mine'>我投的</Text> : null}
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}

/** One meeting: when, where, places, agenda and — once held — minutes and photos. */
export function MeetingCard({ m, children }: { m: MeetingView; children?: ReactNode }) {
  return (
    <View className='card loop-meeting' data-meeting={m.id}>
      <View className='loop-row'>
        <Text className='loop-meeting__title'>{m.kindLabel}</Text>
        <Badge tone={m.status}>{m.mySignup?.signedUp ? '我已报名' : m.statusLabel}</Badge>
      </View>
      <KV k='时间'>{dayTime(m.startsAt)}</KV>
      <KV k='地点'>{m.place}</KV>
      {m.status === 'scheduled' ? <KV k='名额'>{m.seatsLeft > 0 ? `已报名 ${m.signedUp} 人，还剩 ${m.seatsLeft} 个名额` : `已报满（${m.capacity} 人）`}</KV> : null}
      {m.attendedCount != null ? <KV k='到会'>{`${m.attendedCount} 人`}</KV> : null}
      <Text className='form-label form-label--gap'>议程</Text>
      <Text className='loop-text'>{m.agenda}</Text>
      {m.minutes ? (
        <View className='loop-meeting__minutes'>
          <Text className='form-label form-label--gap'>会议纪要</Text>
          <Text className='loop-text'>{m.minutes}</Text>
          {m.photos ? <PhotoGrid photos={m.photos} /> : m.photoCount ? <Text className='muted'>{`会议照片 ${m.photoCount} 张`}</Text> : null}
        </View>
      ) : null}
      {children}
    </View>
  );
}

/** The project as everyone may see it: score, resolution, organization, progress, completion report. */
export function ProjectBody({ p, onTopic, evidence }: { p: PublicProjectView; onTopic?: (topicId: number) => void; evidence?: PhotoView[] }) {
  const rating = p.residentRating;
  return (
    <View className='loop-project'>
      <View className='card loop-project__head'>
        <Heading title={p.title} tone={p.status} label={p.statusLabel} className='loop-project__title' />
        {p.evaluation ? (
          <View className='loop-score loop-project__score'>
            <Text className='loop-score__num'>{p.evaluation.totalScore}</Text>
            <Text className='loop-score__unit'>分</Text>
            <Text className='loop-score__text'>项目评估得分（满分100）</Text>
          </View>
        ) : null}
        <KV k='服务领域'>{p.domainLabel}</KV>
        <KV k='实施机构'>{`${p.organization.name}（${p.organization.kindLabel}）`}</KV>
        <KV k='社区'>{p.communityName}</KV>
        <KV k='项目周期'>{`${ymd(p.startsOn)} 至 ${ymd(p.endsOn)}`}</KV>
        <KV k='项目预算'>{yuan(p.budgetFen)}</KV>
        <KV k='基金拨付'>{`已批 ${yuan(p.allocatedFen)}，已支出 ${yuan(p.spentFen)}`}</KV>
        <KV k='服务人次'>{`${p.peopleServed} 人次`}</KV>
        <KV k='社工指导'>{`${p.guidanceCount} 次${p.signedOffAt ? `，${date(p.signedOffAt)}签署结项意见` : ''}`}</KV>
        {rating.count > 0 && rating.average != null ? <KV k='居民评价'>{`${rating.average.toFixed(1)} 分（${rating.count} 人评价，满分5分）`}</KV> : null}
      </View>

      <View className='card'>
        <Text className='form-label'>项目内容</Text>
        <Text className='loop-text'>{p.summary}</Text>
      </View>

      {p.resolution ? (
        <View className='card loop-project__resolution' onClick={onTopic ? () => onTopic(p.resolution!.topicId) : undefined}>
          <Text className='form-label'>来自议事会的决定</Text>
          <Text className='loop-text'>{p.resolution.text}</Text>
          <Text className='loop-line'>{`议题：${p.resolution.topicTitle}`}</Text>
          <Text className='loop-line'>{`${date(p.resolution.publishedAt)}公布 · 表决共 ${p.resolution.figures.total} 票`}</Text>
          {onTopic ? <Text className='link'>查看议题和表决结果 ›</Text> : null}
        </View>
      ) : null}

      {p.evaluation ? (
        <View className='card loop-project__evaluation'>
          <Text className='form-label'>评估打分</Text>
          {p.evaluation.criteria.map((c) => (
            <KV key={c.label} k={c.label}>{criterionLine(c)}</KV>
          ))}
          {p.evaluation.comment ? <Text className='loop-text'>{p.evaluation.comment}</Text> : null}
        </View>
      ) : null}

      {p.milestones.length ? (
        <View className='card loop-project__milestones'>
          <Text className='form-label'>项目节点</Text>
          {p.milestones.map((m) => (
            <View key={m.id} className={`loop-milestone${m.doneOn ? ' loop-milestone--done' : m.waivedReason ? ' loop-milestone--waived' : ''}`} data-milestone={m.id}>
              <Text className='loop-milestone__mark'>{m.doneOn ? '✓' : m.waivedReason ? '–' : '○'}</Text>
              <Text className='loop-milestone__title'>{m.title}</Text>
              <Text className='loop-milestone__when'>{milestoneWhen(m)}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {p.completionReport ? (
        <View className='card loop-project__report'>
          <Text className='form-label'>结项报告</Text>
          <Text className='loop-text'>{p.completionReport}</Text>
          {p.completedAt ? <KV k='结项时间'>{date(p.completedAt)}</KV> : null}
          {evidence?.length ? <PhotoGrid photos={evidence} /> : p.evidencePhotoCount ? <Text className='muted'>{`佐证照片 ${p.evidencePhotoCount} 张（存档备查）`}</Text> : null}
        </View>
      ) : null}

      <Text className='section-title'>项目进展</Text>
      <View className='card loop-project__progress'>
        {p.progress.length === 0 ? <Text className='muted'>还没有进展记录</Text> : null}
        {p.progress.map((u) => (
          <View key={u.id} className='loop-update' data-update={u.id}>
            <View className='loop-row'>
              <Text className='loop-update__when'>{dayTime(u.at)}</Text>
              {u.peopleServed > 0 ? <Text className='loop-update__served'>{`服务 ${u.peopleServed} 人次`}</Text> : null}
            </View>
            {u.milestoneTitle ? <Text className='loop-line'>{`节点：${u.milestoneTitle}`}</Text> : null}
            <Text className='loop-text'>{u.text}</Text>
            {u.photos?.length ? <PhotoGrid photos={u.photos} /> : u.photoCount ? <Text className='muted'>{`现场照片 ${u.photoCount} 张`}</Text> : null}
          </View>
        ))}
      </View>
    </View>
  );
}

/** The foot of a form: the reason not tied to a field, and the one big button that sends it. */
export function SubmitBar({ errors, busy, className, onSubmit, children }: { errors: Record<string, string>; busy: boolean; className: string; onSubmit: () => void; children: ReactNode }) {
  return (
    <>
      <FieldError errors={errors} field={FORM_ERROR} />
      <Button className={className} type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={onSubmit}>
        {children}
      </Button>
    </>
  );
}

/** The working view of one project for the form pages (org member, social worker); the public view is refused. */
/** A milestone's state in a few words: done on, settled as not going ahead (and why), or planned for. */
export function milestoneWhen(m: ProjectMilestoneView): string {
  if (m.doneOn) return `${ymd(m.doneOn)}完成`;
  if (m.waivedReason) return `不再进行：${m.waivedReason}`;
  return `计划 ${ymd(m.plannedOn)}`;
}

/** One scorecard line: a typed score, a score computed from n residents' ratings, or 无数据 (left out of the total). */
export function criterionLine(c: ProjectEvaluationView['criteria'][number]): string {
  if (c.score == null) return `无数据（暂无居民评价，不计入总分；权重 ${c.weight}%）`;
  if (c.source === 'residents') return `${c.score} 分（据 ${c.ratings ?? 0} 位居民评价，权重 ${c.weight}%）`;
  return `${c.score} 分（权重 ${c.weight}%）`;
}

export function useProject(id: number): { p: ProjectView | null; error: string | null; setP: (p: ProjectView) => void } {
  const { data, error, setData } = usePageData(
    () =>
      id
        ? consultationApi.project(id).then((view) => {
            if ('can' in view) return view;
            throw new ApiError('FORBIDDEN', '您不在该项目中，不能在这里办理', 403);
          })
        : null,
    [id],
    { missing: '没有找到该项目' },
  );
  return { p: data, error, setP: setData };
}

/** After a form went through: say so and go back to the page that opened it. */
export function doneAndBack(text: string): void {
  void Taro.showToast({ title: text, icon: 'success' });
  setTimeout(() => goBack(), 600);
}
