import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { useNodePick } from '../../../hooks/useNodePick';
import { RESIDENCE_STATUSES, RESIDENCE_STATUS_LABEL, type ResidenceStatus, type ResidentReviewResult } from '@contract/users';
import { NodeChips } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { peopleApi } from '../../../services/people';
import { ensureSession, useSession } from '../../../store/session';
import { Result } from '../../../volunteer/components';
import { date } from '../../../volunteer/format';
import { useAction } from '../../organizer';
import { triageNodes } from '../../staff';
import '../queue/index.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

const TABS = RESIDENCE_STATUSES.map((value) => ({ value, label: RESIDENCE_STATUS_LABEL[value] }));

/** What a bulk decision did, in one sentence (the ones refused say why, by name). */
function summary(res: ResidentReviewResult, verb: string, names: Map<number, string>): string {
  const refused = res.refused.map((r) => `${names.get(r.id) ?? `#${r.id}`}：${r.message}`).join('；');
  return `${verb} ${res.done.length} 位${refused ? `；${res.refused.length} 位未能${verb}（${refused}）` : ''}`;
}

/**
 * 居民认证: the community's staff tick the residents whose residence they have checked (by phone
 * or at the door) and confirm them together, or return them with a reason the residents read.
 * Until confirmed, a resident reports needs but does not vote, press "我也遇到了" or take a seat.
 */
export default function ResidentsPage() {
  const { me } = useSession();
  const nodes = triageNodes(me);
  const [nodeId, setNodeId] = useNodePick(nodes);
  const [tab, setTab] = useState<ResidenceStatus>('applicant');
  const [picked, setPicked] = useState<number[]>([]);
  const [reason, setReason] = useState<string | null>(null);

  useEffect(() => {
    void ensureSession();
  }, []);
  const { data, error, reload } = usePageData(() => (nodeId ? peopleApi.residents(nodeId, tab) : null), [nodeId, tab]);
  const items = error ? [] : (data?.items ?? null);
  const names = new Map((items ?? []).map((i) => [i.id, i.nickname]));

  const { busy, outcome, setOutcome, act } = useAction(() => {
    setPicked([]);
    reload();
  });
  const decide = async (work: () => Promise<ResidentReviewResult>, verb: string) => {
    let text = '';
    const ok = await act(async () => {
      text = summary(await work(), verb, names);
    }, '');
    if (ok) {
      setOutcome({ ok: true, text });
      setReason(null);
    }
  };
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));

  if (me && nodes.length === 0) {
    return (
      <View className={pageClass('page residents')}>
        <View className='card'>
          <Text className='muted'>只有社区工作人员和管理员可以确认居民。</Text>
        </View>
      </View>
    );
  }

  return (
    <View className={pageClass('page residents')}>
      <NodeChips nodes={nodes} current={nodeId} onPick={(id) => (setNodeId(id), setPicked([]))} />
      <View className='segments'>
        {TABS.map((t) => (
          <Text key={t.value} className={`segments__item${tab === t.value ? ' segments__item--on' : ''}`} onClick={() => (setTab(t.value), setPicked([]), setReason(null))}>
            {t.label}
          </Text>
        ))}
      </View>
      {tab === 'applicant' ? <Text className='muted'>核对住址和手机号后勾选确认；一个手机号在一个社区只能确认一位居民。</Text> : null}
      {outcome ? <Result ok={outcome.ok} title={outcome.ok ? '已处理' : '没有成功'} text={outcome.text} /> : null}
      {items === null ? <Text className='muted'>正在加载…</Text> : null}
      {items && items.length === 0 ? (
        <View className='card'>
          <Text className='muted'>{tab === 'applicant' ? '没有等待确认的居民登记。' : '这里还没有记录。'}</Text>
        </View>
      ) : null}
      {(items ?? []).map((r) => (
        <View key={r.id} className='card queue-pickable residents-item'>
          <View className={`queue-pick${picked.includes(r.id) ? ' queue-pick--on' : ''}`} data-pick={r.id} onClick={() => toggle(r.id)}>
            <Text>{picked.includes(r.id) ? '✓' : ''}</Text>
          </View>
          <View className='queue-pickable__row'>
            <Text className='residents-item__name'>{r.nickname}</Text>
            <Text className='residents-item__line'>{`${r.communityName} ${r.building} ${r.unit}`}</Text>
            <Text className='residents-item__line'>{r.phoneMasked ? `手机 ${r.phoneMasked}` : '尚未绑定手机号（需绑定后才能确认）'}</Text>
            <Text className='residents-item__line'>{`登记于 ${date(r.appliedAt)}${r.reviewedAt ? ` · 处理于 ${date(r.reviewedAt)}` : ''}`}</Text>
            {r.returnReason ? <Text className='residents-item__reason'>{`退回原因：${r.returnReason}`}</Text> : null}
          </View>
        </View>
      ))}
      {picked.length && reason !== null ? (
        <View className='card residents-return'>
          <Input className='form-input' value={reason} maxlength={200} placeholder='退回原因（居民会看到），例如：本社区没有该楼栋' onInput={(e) => setReason(e.detail.value)} />
          <View className='residents-actions'>
            <Button
              className='residents-return-send'
              type='primary'
              size='large'
              disabled={busy}
              onClick={() => (reason.trim() ? void decide(() => peopleApi.returnResidents(picked, reason.trim()), '退回') : setOutcome({ ok: false, text: '请写明退回原因' }))}
            >
              {`确定退回 ${picked.length} 位`}
            </Button>
            <Button type='default' size='large' onClick={() => setReason(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}
      {picked.length && reason === null ? (
        <View className='residents-actions'>
          {tab !== 'confirmed' ? (
            <Button className='residents-confirm' type='primary' size='large' disabled={busy} onClick={() => void decide(() => peopleApi.confirmResidents(picked), '确认')}>
              {`确认所选 ${picked.length} 位`}
            </Button>
          ) : null}
          {tab !== 'returned' ? (
            <Button className='residents-return-open' type='default' size='large' disabled={busy} onClick={() => setReason('')}>
              退回
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
