import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { MeetingView, TopicView } from '@contract/consultation';
import { Loading, Result, confirmDialog } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { ApiError, errorText } from '../../../services/api';
import { consultationApi } from '../../../services/consultation';
import { askSubscribe } from '../../../services/subscribe';
import { useSessionGate } from '../../../store/session';
import { date } from '../../../utils/time';
import { Heading, MeetingCard, ResultBars } from '../../components';
import { windowText } from '../../format';
import { LOOP_PAGES } from '../../routes';
import '../../loop.scss';
import { pageClass } from '../../../store/elder';
import { needPageUrl } from '../../../utils/nav';

/** One topic for a resident: what is being decided, vote (changeable until it closes), meetings, result, resolution. */
export default function TopicPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const { me, status } = useSessionGate();
  // Loaded once the login has settled (the view says whether this person may vote).
  const page = usePageData(() => (id && status === 'ready' ? consultationApi.topic(id) : null), [id, status]);
  const t = page.data;
  const error = id ? page.error : '没有找到该议题';
  // A pick holds for the view it was made on; each view the server sends (load, vote) starts from the person's current vote.
  const [pick, setPick] = useState<{ view: TopicView; optionId: number } | null>(null);
  const choice = t && pick?.view === t ? pick.optionId : (t?.me?.myOptionId ?? null);
  const setChoice = (optionId: number) => t && setPick({ view: t, optionId });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; title: string; text: string } | null>(null);

  const vote = async () => {
    if (!t || choice == null || busy) return;
    const changing = t.me?.myOptionId != null;
    // Asked inside the tap (WeChat shows the dialog only then): a notice when the result is out.
    const subscribed = changing ? [] : await askSubscribe(['need_status']);
    setBusy(true);
    try {
      const view = await consultationApi.vote(t.id, choice, subscribed);
      page.setData(view);
      const label = view.options.find((o) => o.id === choice)?.label ?? '';
      setOutcome({ ok: true, title: changing ? '改投成功' : '投票成功', text: `${changing ? '已改投' : '已投票'}：${label}。投票截止前还可以改投。` });
    } catch (err) {
      if (err instanceof ApiError) setOutcome({ ok: false, title: '', text: errorText(err) });
      if (err instanceof ApiError && err.status === 409) page.reload();
    } finally {
      setBusy(false);
    }
  };

  const signup = async (m: MeetingView) => {
    if (busy) return;
    const joined = !!m.mySignup?.signedUp;
    if (joined && !(await confirmDialog('取消报名', `确定不参加这次${m.kindLabel}了吗？`, '取消报名'))) return;
    const subscribed = joined ? [] : await askSubscribe(['need_status']);
    setBusy(true);
    try {
      await (joined ? consultationApi.cancelMeetingSignup(m.id) : consultationApi.meetingSignup(m.id, subscribed));
      setOutcome({ ok: true, title: joined ? '已取消报名' : '报名成功', text: joined ? '名额已让给其他居民，需要时可以再报名' : `请按时到${m.place}参加` });
      page.reload();
    } catch (err) {
      if (err instanceof ApiError) setOutcome({ ok: false, title: '', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  if (!t) return <Loading className='loop-topic' error={error} />;
  const mine = t.me?.myOptionId ?? null;
  const voted = t.options.find((o) => o.id === mine);
  const open = t.voting === 'open' && t.status === 'open';
  const canVote = !!t.me?.canVote;
  const isResident = !!me?.roles.some((r) => r.role === 'resident' && r.nodeId === t.communityId);
  const upcoming = (m: MeetingView) => m.status === 'scheduled' && new Date(m.startsAt).getTime() > Date.now();

  return (
    <View className={pageClass('page loop-topic')}>
      <View className='card'>
        <Heading title={t.title} tone={t.status} label={t.statusLabel} className='loop-topic__title' />
        <Text className={`loop-window loop-topic__window${open ? '' : ' loop-window--over'}`}>{windowText(t)}</Text>
        <Text className='loop-line'>{t.communityName}</Text>
        <Text className='loop-text'>{t.description}</Text>
        {t.needs.length ? (
          <View className='loop-topic__needs'>
            <Text className='form-label form-label--gap'>居民反映的问题</Text>
            {t.needs.map((n) => (
              <Text key={n.id} className='link' onClick={() => void Taro.navigateTo({ url: needPageUrl(n.id) })}>
                {`${n.title}（${n.statusLabel}）›`}
              </Text>
            ))}
          </View>
        ) : null}
        {t.privateNeedCount > 0 ? <Text className='loop-line'>{`另有 ${t.privateNeedCount} 件不公开的居民需求`}</Text> : null}
      </View>

      {outcome ? <Result ok={outcome.ok} title={outcome.ok ? outcome.title : '没有成功'} text={outcome.text} className='loop-topic__outcome' /> : null}
      {t.voting === 'closed' && !t.resolution ? (
        <View className='card loop-topic__waiting'>
          <Text className='loop-line loop-line--strong'>投票已结束，社区将根据表决结果公布议定事项。</Text>
        </View>
      ) : null}

      {t.resolution ? (
        <View className='card loop-topic__resolution'>
          <Text className='form-label'>议定事项</Text>
          <Text className='loop-text'>{t.resolution.text}</Text>
          {t.resolution.adoptedOptionLabel ? <Text className='loop-line loop-line--strong loop-topic__adopted'>{`通过的方案：${t.resolution.adoptedOptionLabel}`}</Text> : null}
          <Text className='loop-line'>{`下一步：${t.resolution.outcomeLabel}`}</Text>
          {t.resolution.closeReason ? <Text className='loop-line'>{`原因：${t.resolution.closeReason}`}</Text> : null}
          <Text className='loop-line'>{`${date(t.resolution.publishedAt)}公布`}</Text>
          {t.resolution.projectId ? (
            <Text className='link loop-topic__project' onClick={() => void Taro.navigateTo({ url: LOOP_PAGES.project(t.resolution!.projectId!) })}>
              查看服务项目 ›
            </Text>
          ) : null}
        </View>
      ) : null}

      {t.results ? (
        <>
          <Text className='section-title'>表决结果</Text>
          <View className='card loop-topic__results'>
            <ResultBars results={t.results} myOptionId={mine} />
          </View>
        </>
      ) : null}

      {open && canVote ? (
        <>
          <Text className='section-title'>{voted ? '我的投票（截止前可以改投）' : '请选择一项投票'}</Text>
          <View className='loop-topic__options'>
            {t.options.map((o) => (
              <View key={o.id} className={`loop-option${choice === o.id ? ' loop-option--on' : ''}`} data-option={o.id} onClick={() => setChoice(o.id)}>
                <View className='loop-option__mark'>
                  <Text>{choice === o.id ? '✓' : ''}</Text>
                </View>
                <View className='loop-option__body'>
                  <Text className='loop-option__label'>{o.label}</Text>
                  {mine === o.id ? <Text className='loop-option__text'>（我现在投的）</Text> : null}
                </View>
              </View>
            ))}
          </View>
          <Button
            className='loop-vote-btn'
            type='primary'
            size='xlarge'
            block
            loading={busy}
            disabled={busy || choice == null || choice === mine}
            onClick={() => void vote()}
          >
            {!voted ? '投票' : choice === mine ? '已投这一项（点其他项可改投）' : '改投这一项'}
          </Button>
        </>
      ) : null}

      {!open && !t.results && voted ? (
        <View className='card'>
          <Text className='muted'>{`您投的是：${voted.label}。投票结束后公布结果。`}</Text>
        </View>
      ) : null}
      {open && !canVote ? (
        <View className='card'>
          <Text className={t.me?.voteBlocked ? 'loop-topic__blocked' : 'muted'}>{t.me?.voteBlocked ?? '只有本社区确认过的居民可以投票。'}</Text>
        </View>
      ) : null}
      {t.voting === 'not_started' ? (
        <View className='card'>
          <Text className='muted'>投票还没有开始，开始后就可以在这里投票。</Text>
        </View>
      ) : null}
      {open ? (
        <View className='loop-topic__later'>
          <Text className='loop-line'>{`每位居民一票，截止前可以改投。已有 ${t.onlineVoters} 位居民在线投票。`}</Text>
          <Text className='loop-line'>投票结束后公布结果，线上票和议事会现场票分开统计。</Text>
        </View>
      ) : null}

      {t.meetings.length ? <Text className='section-title'>议事会</Text> : null}
      {t.meetings.map((m) => (
        <MeetingCard key={m.id} m={m}>
          {upcoming(m) && isResident ? (
            <Button
              className={`loop-meeting-btn loop-meeting-btn--${m.mySignup?.signedUp ? 'cancel' : 'join'}`}
              type={m.mySignup?.signedUp ? 'default' : 'primary'}
              size='large'
              block
              disabled={busy || (!m.mySignup?.signedUp && m.seatsLeft <= 0)}
              onClick={() => void signup(m)}
            >
              {m.mySignup?.signedUp ? '取消报名' : m.seatsLeft > 0 ? '报名参加' : '名额已满'}
            </Button>
          ) : null}
        </MeetingCard>
      ))}
    </View>
  );
}
