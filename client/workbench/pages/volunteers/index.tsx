import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { useNodePick } from '../../../hooks/useNodePick';
import { VOLUNTEER_STATUSES, VOLUNTEER_STATUS_LABEL, type VolunteerStatus } from '@contract/volunteers';
import { NodeChips } from '../../../components/Basics';
import { usePageData } from '../../../hooks/usePageData';
import { volunteerApi } from '../../../services/volunteer';
import { ensureSession, useSession } from '../../../store/session';
import { KV, Result } from '../../../volunteer/components';
import { date } from '../../../volunteer/format';
import { useAction } from '../../organizer';
import { triageNodes } from '../../staff';
import '../../../volunteer/volunteer.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

const TABS = VOLUNTEER_STATUSES.map((value) => ({ value, label: VOLUNTEER_STATUS_LABEL[value] }));

/**
 * 志愿者注册审核: staff of the community check each registration (real name in full, phone and
 * ID masked) and approve it or return it with a reason the applicant sees.
 */
export default function VolunteerApplicationsPage() {
  const { me } = useSession();
  const nodes = triageNodes(me);
  const [nodeId, setNodeId] = useNodePick(nodes);
  const [tab, setTab] = useState<VolunteerStatus>('pending');
  const [returning, setReturning] = useState<{ id: number; reason: string } | null>(null);

  useEffect(() => {
    void ensureSession();
  }, []);
  const { data, error, reload } = usePageData(() => (nodeId ? volunteerApi.applications({ nodeId, status: tab }) : null), [nodeId, tab]);
  // A list that could not be read shows as empty (the API module has said why).
  const items = error ? [] : data;

  const { busy, outcome, setOutcome, act: run } = useAction(reload);
  const act = async (work: () => Promise<unknown>, done: string) => {
    if (await run(work, done)) setReturning(null);
  };

  return (
    <View className={pageClass('page org-apps')}>
      <NodeChips nodes={nodes} current={nodeId} onPick={setNodeId} />
      <View className='segments'>
        {TABS.map((t) => (
          <Text key={t.value} className={`segments__item${tab === t.value ? ' segments__item--on' : ''}`} onClick={() => setTab(t.value)}>
            {t.label}
          </Text>
        ))}
      </View>
      {outcome ? <Result ok={outcome.ok} title={outcome.ok ? '已完成' : '没有成功'} text={outcome.text} /> : null}
      {items === null ? <Text className='muted'>正在加载…</Text> : null}
      {items && items.length === 0 ? (
        <View className='card'>
          <Text className='muted'>{tab === 'pending' ? '没有待审核的志愿者注册。' : '这里还没有记录。'}</Text>
        </View>
      ) : null}
      {(items ?? []).map((v) => (
        <View key={v.id} className='card org-app'>
          <Text className='org-app__name'>{v.realName}</Text>
          {v.minor ? (
            <Text className='org-app__minor'>{v.guardianConsent ? `未满18岁 · 监护人（${v.guardianConsent.relation}）已同意` : '未满18岁 · 需先登记监护人同意'}</Text>
          ) : null}
          <KV k='手机'>{v.phoneMasked}</KV>
          {v.idNumberMasked ? <KV k='身份证'>{v.idNumberMasked}</KV> : null}
          <KV k='社区'>{v.communityName}</KV>
          {v.orgName ? <KV k='所属组织'>{v.orgName}</KV> : null}
          <KV k='技能'>{v.skills.length ? v.skills.map((s) => s.label).join('、') : '未填'}</KV>
          <KV k='可服务时段'>{v.availability.map((x) => x.label).join('、')}</KV>
          <KV k='提交时间'>{date(v.createdAt)}</KV>
          {v.returnReason ? <KV k='退回原因'>{v.returnReason}</KV> : null}
          {v.status === 'pending' && v.minor && !v.guardianConsent ? (
            <View className='chips org-app__guardian'>
              <Text className='muted'>监护人到场或电话确认同意后，点关系登记：</Text>
              {['母亲', '父亲', '祖父母', '其他监护人'].map((r) => (
                <Text key={r} className='chip' data-relation={r} onClick={() => void act(() => volunteerApi.guardianConsent(v.id, r), `已登记监护人（${r}）同意，可以审核通过了`)}>
                  {r}
                </Text>
              ))}
            </View>
          ) : null}
          {v.status === 'pending' && returning?.id !== v.id && (!v.minor || v.guardianConsent) ? (
            <View className='org-app__actions'>
              <Button className='org-app__approve' type='primary' size='normal' disabled={busy} onClick={() => void act(() => volunteerApi.approveRegistration(v.id), `${v.realName} 已成为社区志愿者`)}>
                通过
              </Button>
              <Button className='org-app__return' type='default' size='normal' disabled={busy} onClick={() => setReturning({ id: v.id, reason: '' })}>
                退回修改
              </Button>
            </View>
          ) : null}
          {returning?.id === v.id ? (
            <View className='org-app__return-form'>
              <Input className='form-input' value={returning.reason} maxlength={200} placeholder='退回原因（申请人会看到），例如：姓名与身份证不一致' onInput={(e) => setReturning({ id: v.id, reason: e.detail.value })} />
              <View className='org-app__actions'>
                <Button
                  className='org-app__return-send'
                  type='primary'
                  size='normal'
                  disabled={busy}
                  onClick={() => (returning.reason.trim() ? void act(() => volunteerApi.returnRegistration(v.id, returning.reason.trim()), '已退回，申请人会收到原因') : setOutcome({ ok: false, text: '请写明退回原因' }))}
                >
                  确定退回
                </Button>
                <Button type='default' size='normal' onClick={() => setReturning(null)}>
                  取消
                </Button>
              </View>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}
