import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useMemo, useState } from 'react';
import { CHARITY_PAGES } from '../../../charity/routes';
import { dateText, parseYuan, todayBeijing, yuan } from '../../../charity/format';
import { NodeChips } from '../../../charity/components';
import { type PickedPhoto, PhotoGrid, PhotoPicker } from '../../../components/Photos';
import { fieldErrors } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { ApiError, api } from '../../../services/api';
import { askSubscribe } from '../../../services/subscribe';
import { fundApi } from '../../../services/charity';
import { type AllocationView, type FundLinkOption, type StaffEntryView, DESTINATION_KIND_LABEL, DESTINATION_KINDS, type DestinationKind, DONOR_KIND_LABEL, DONOR_KINDS, type DonorKind } from '@contract/funds';
import type { MeView } from '@contract/users';
import { ensureSession, useSession } from '../../../store/session';
import { FieldError, Loading, Result, confirmDialog } from '../../../volunteer/components';
import { dayTime } from '../../../volunteer/format';
import { useManagedNodes } from '../../staff';
import '../../../volunteer/volunteer.scss';
import '../../../charity/charity.scss';
import { pageClass } from '../../../store/elder';

type Tab = 'donation' | 'inkind' | 'allocations';
type Errors = Record<string, string>;

/** Whether the caller may approve this allocation now (the server decides; this only hides buttons that would be refused). */
export function approvalHint(a: AllocationView, me: MeView): { canAct: boolean; hint: string | null } {
  if (a.status === 'proposed') {
    return a.proposedBy === me.id ? { canAct: false, hint: '您提出的支出需由另一位工作人员审批' } : { canAct: true, hint: null };
  }
  if (a.status === 'approved' && a.needsStreetApproval) {
    const street = me.roles.some((r) => (r.role === 'staff' || r.role === 'admin') && r.nodeLevel !== 'community');
    if (!street) return { canAct: false, hint: '金额较大，还需街道工作人员审批' };
    if (a.proposedBy === me.id || a.approvedBy === me.id) return { canAct: false, hint: '需由另一位街道工作人员审批' };
    return { canAct: true, hint: null };
  }
  return { canAct: false, hint: null };
}

function DonorFields({ kind, setKind, anonymous, setAnonymous, name, setName, errors, prefix }: {
  kind: DonorKind; setKind: (k: DonorKind) => void; anonymous: boolean; setAnonymous: (v: boolean) => void; name: string; setName: (v: string) => void; errors: Errors; prefix: string;
}) {
  return (
    <>
      <Text className='form-label form-label--gap'>捐赠人类型</Text>
      <View className='chips'>
        {DONOR_KINDS.map((k) => (
          <Text key={k} className={`chip${kind === k ? ' chip--on' : ''}`} data-kind={k} onClick={() => setKind(k)}>
            {DONOR_KIND_LABEL[k]}
          </Text>
        ))}
      </View>
      <View className='ch-option'>
        <Text>匿名捐赠（公开显示为“爱心人士”）</Text>
        <Switch className={`${prefix}__anonymous`} checked={anonymous} color='#c8102e' onChange={(e) => setAnonymous(e.detail.value)} />
      </View>
      <Text className='form-label'>{anonymous ? '捐赠人名称（选填，仅工作人员可见）' : '捐赠人名称（公开显示）'}</Text>
      <Input className={`form-input ${prefix}__donor`} value={name} maxlength={64} placeholder='例如：綦江区爱心企业' onInput={(e) => setName(e.detail.value)} />
      <FieldError errors={errors} field='donorName' />
    </>
  );
}

/** Who did what on a ledger line: a spending names its proposer and approver; anything else its recorder. */
export function entryPeople(e: StaffEntryView): string[] {
  if (e.allocationId) return [e.proposedByName ? `${e.proposedByName}提出` : null, e.approvedByName ? `${e.approvedByName}审批` : null].filter((x): x is string => !!x);
  return e.recordedByName ? [`${e.recordedByName}登记`] : [];
}

/** The invoice photo on an approval card (private: loaded with the token). */
function InvoicePhoto({ uploadId }: { uploadId: number }) {
  const photos = useMemo(() => [{ id: uploadId, mime: 'image/jpeg', size: 0, url: `/api/uploads/${uploadId}` }], [uploadId]);
  return <PhotoGrid photos={photos} />;
}

/** Picks what a spending is for by name (never a typed id); tapping the chosen one again clears it. */
function LinkPicker({ kind, options, value, onPick, empty }: { kind: string; options: FundLinkOption[] | null; value: number | null; onPick: (id: number | null) => void; empty: string }) {
  if (!options) return <Text className='muted'>正在加载…</Text>;
  if (!options.length) return <Text className='muted'>{empty}</Text>;
  // A street's fund covers several communities: then say which.
  const several = new Set(options.map((o) => o.communityName)).size > 1;
  return (
    <View className={`chips wb-link wb-link--${kind}`}>
      {options.map((o) => (
        <Text key={o.id} className={`chip${value === o.id ? ' chip--on' : ''}`} data-link={o.id} onClick={() => onPick(value === o.id ? null : o.id)}>
          {`${o.title}（${several ? `${o.communityName} · ` : ''}${o.statusLabel}）`}
        </Text>
      ))}
    </View>
  );
}

/** 社区基金 (workbench): record donations and goods, propose spending, approve others' proposals. */
export default function FundWorkPage() {
  const { me } = useSession();
  const nodes = useManagedNodes(me);
  const [nodeId, setNodeId] = useState<number | null>(null);
  const current = nodeId ?? nodes[0]?.nodeId ?? null;
  const [tab, setTab] = useState<Tab>('allocations');
  const [errors, setErrors] = useState<Errors>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  // donation
  const [amount, setAmount] = useState('');
  const [donorKind, setDonorKind] = useState<DonorKind>('individual');
  const [anonymous, setAnonymous] = useState(false);
  const [donorName, setDonorName] = useState('');
  const [channel, setChannel] = useState('银行转账');
  const [receivedOn, setReceivedOn] = useState(todayBeijing());
  const [receiptRef, setReceiptRef] = useState('');
  const [receipt, setReceipt] = useState<PickedPhoto[]>([]);
  // in kind
  const [item, setItem] = useState('');
  const [quantity, setQuantity] = useState('');
  const [unit, setUnit] = useState('件');
  const [destination, setDestination] = useState<DestinationKind>('stock');
  const [destinationNote, setDestinationNote] = useState('');
  const [refId, setRefId] = useState('');
  // allocation
  const [allocAmount, setAllocAmount] = useState('');
  const [purpose, setPurpose] = useState('');
  const [needId, setNeedId] = useState<number | null>(null);
  const [invoiceRef, setInvoiceRef] = useState('');
  const [invoice, setInvoice] = useState<PickedPhoto[]>([]);
  const [projectId, setProjectId] = useState<number | null>(null);
  // A street's grant (下拨) to one of its communities' funds.
  const [grantTo, setGrantTo] = useState<number | null>(null);
  // correction (冲正)
  const [reversing, setReversing] = useState<{ id: number; reason: string } | null>(null);

  useEffect(() => {
    void ensureSession(true);
  }, []);

  // On a street's fund: its communities, which may receive a grant.
  const grantTargets = nodes.filter((n) => n.parentId != null && n.parentId === current);
  const page = usePageData(() => (current ? Promise.all([fundApi.staffLedger(current, { limit: 10 }), fundApi.allocations(current)]) : null), [current]);
  // What a spending may be linked to, by name: the open needs and active projects of these communities.
  const links = usePageData(() => (current ? fundApi.linkOptions(current).catch(() => ({ needs: [], projects: [] })) : null), [current]).data;
  const ledger = page.data?.[0] ?? null;
  const allocations = page.data?.[1] ?? [];
  const error = page.error;

  const run = async (what: () => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const text = await what();
      setErrors({});
      setOutcome({ ok: true, text });
      page.reload();
    } catch (err) {
      if (err instanceof ApiError) {
        const e = fieldErrors(err);
        setErrors(e);
        setOutcome({ ok: false, text: err.message });
      }
    } finally {
      setBusy(false);
    }
  };

  const recordDonation = () => {
    const fen = parseYuan(amount);
    if (!fen) return setErrors({ amountFen: '请填写金额，例如 200 或 200.50' });
    if (receipt.some((p) => p.id == null)) return setErrors({ receiptUploadId: '回执照片还在上传或上传失败，请稍等或删掉重试' });
    return run(async () => {
      const e = await fundApi.recordDonation(current!, {
        amountFen: fen,
        anonymous,
        donorName: donorName.trim() || undefined,
        donorKind,
        channel: channel.trim(),
        receivedOn,
        receiptRef: receiptRef.trim() || undefined,
        receiptUploadId: receipt[0]?.id ?? undefined,
      });
      setAmount('');
      setDonorName('');
      setReceiptRef('');
      setReceipt([]);
      return `已登记 ${e.donor} 捐款 ${yuan(e.amountFen)}`;
    });
  };

  const recordInKind = () => {
    const q = Number(quantity);
    if (!Number.isInteger(q) || q < 1) return setErrors({ quantity: '请填写数量（整数）' });
    const ref = Number(refId) || undefined;
    return run(async () => {
      const g = await fundApi.recordInKind(current!, {
        item: item.trim(),
        quantity: q,
        unit: unit.trim(),
        anonymous,
        donorName: donorName.trim() || undefined,
        donorKind,
        receivedOn,
        destinationKind: destination,
        needId: destination === 'need' ? ref : undefined,
        wishId: destination === 'wish' ? ref : undefined,
        destinationNote: destinationNote.trim() || undefined,
      });
      setItem('');
      setQuantity('');
      setDestinationNote('');
      return `已登记物资：${g.item} ${g.quantity}${g.unit}（${g.donor}）`;
    });
  };

  const propose = async () => {
    await remindMe();
    const fen = parseYuan(allocAmount);
    if (!fen) return setErrors({ amountFen: '请填写金额，例如 800 或 800.50' });
    if (invoice.some((p) => p.id == null)) return setErrors({ invoiceUploadId: '票据照片还在上传或上传失败，请稍等或删掉重试' });
    return run(async () => {
      const a = await fundApi.propose(current!, {
        amountFen: fen,
        purpose: purpose.trim(),
        needId: needId ?? undefined,
        projectId: projectId ?? undefined,
        grantToNodeId: grantTargets.some((c) => c.nodeId === grantTo) ? grantTo! : undefined,
        invoiceRef: invoiceRef.trim() || undefined,
        invoiceUploadId: invoice[0]?.id ?? undefined,
      });
      setAllocAmount('');
      setPurpose('');
      setNeedId(null);
      setProjectId(null);
      setGrantTo(null);
      setInvoiceRef('');
      setInvoice([]);
      return a.grantToNodeName ? `已提出向${a.grantToNodeName}拨付 ${yuan(a.amountFen)}，请另一位工作人员审批` : `已提出支出 ${yuan(a.amountFen)}，请另一位工作人员审批`;
    });
  };

  const reverse = () => {
    if (!reversing) return;
    if (reversing.reason.trim().length < 2) return setErrors({ reversal: '请写明冲正原因，例如：金额登记错误，应为 200 元' });
    return run(async () => {
      const r = await fundApi.reverse(reversing.id, reversing.reason.trim());
      setReversing(null);
      return `已冲正 ${yuan(-r.amountFen)}，原账目保留，冲正原因会公开显示`;
    });
  };

  /** Inside the tap: may WeChat tell me when a spending waits for my approval? (one message per yes) */
  const remindMe = async () => {
    const keys = await askSubscribe(['fund_approval']);
    if (keys.length) void api.grantSubscriptions(keys).catch(() => undefined);
  };

  const approve = async (a: AllocationView) => {
    if (!(await confirmDialog('审批支出', `同意从基金支出 ${yuan(a.amountFen)}，用于“${a.purpose}”？`, '同意'))) return;
    await remindMe();
    return run(async () => {
      const r = await fundApi.approve(a.id);
      return r.status === 'posted' ? `已审批并支出 ${yuan(r.amountFen)}，已在公开账目中显示` : `已审批，${r.statusLabel}`;
    });
  };

  // 驳回 opens a box for the reason, which the proposer is sent word for word.
  const [rejecting, setRejecting] = useState<{ id: number; reason: string } | null>(null);
  const reject = async (a: AllocationView) => {
    const reason = rejecting?.id === a.id ? rejecting.reason.trim() : '';
    if (!reason) {
      setErrors({ [`reject-${a.id}`]: '请写明驳回的原因，提出人会收到' });
      return;
    }
    if (!(await confirmDialog('驳回支出', `驳回“${a.purpose}”这笔支出？`, '驳回'))) return;
    return run(async () => {
      await fundApi.reject(a.id, reason);
      setRejecting(null);
      return '已驳回，已告知提出人';
    });
  };

  if (!me) return <Loading className='wb-fund' error={error} />;
  if (!current) return <Loading className='wb-fund' error='您没有可管理的社区基金' />;
  if (!ledger) return <Loading className='wb-fund' error={error} />;
  const pending = allocations.filter((a) => a.status === 'proposed' || (a.status === 'approved' && a.needsStreetApproval));
  const done = allocations.filter((a) => !pending.includes(a)).slice(0, 10);

  return (
    <View className={pageClass('page wb-fund')}>
      <NodeChips nodes={nodes} current={current} onPick={setNodeId} />
      <View className='card ch-balance'>
        <Text className='ch-balance__node'>{nodes.find((n) => n.nodeId === current)?.nodeName}</Text>
        <Text className='ch-balance__label'>基金余额</Text>
        <Text className='ch-balance__amount wb-fund__balance'>{yuan(ledger.balanceFen)}</Text>
        <Text className='link' onClick={() => void Taro.navigateTo({ url: CHARITY_PAGES.fund(current) })}>
          查看公开账目 ›
        </Text>
      </View>

      <View className='segments'>
        {(
          [
            ['allocations', pending.length ? `支出审批 ${pending.length}` : '支出审批'],
            ['donation', '登记捐款'],
            ['inkind', '登记物资'],
          ] as Array<[Tab, string]>
        ).map(([key, label]) => (
          <View
            key={key}
            className={`segments__item wb-fund-tab-${key}${tab === key ? ' segments__item--on' : ''}`}
            onClick={() => {
              setTab(key);
              setErrors({});
              setOutcome(null);
            }}
          >
            <Text>{label}</Text>
          </View>
        ))}
      </View>

      {outcome ? <Result ok={outcome.ok} title={outcome.ok ? '已完成' : '没有成功'} text={outcome.text} className='wb-fund__outcome' /> : null}

      {tab === 'donation' ? (
        <View className='card wb-donation'>
          <Text className='form-label'>金额（元）</Text>
          <Input className='form-input wb-donation__amount' type='digit' value={amount} placeholder='例如 500' onInput={(e) => setAmount(e.detail.value)} />
          <FieldError errors={errors} field='amountFen' />
          <DonorFields kind={donorKind} setKind={setDonorKind} anonymous={anonymous} setAnonymous={setAnonymous} name={donorName} setName={setDonorName} errors={errors} prefix='wb-donation' />
          <Text className='form-label form-label--gap'>捐赠渠道</Text>
          <View className='chips'>
            {['银行转账', '慈善会账户', '现金'].map((c) => (
              <Text key={c} className={`chip${channel === c ? ' chip--on' : ''}`} onClick={() => setChannel(c)}>
                {c}
              </Text>
            ))}
          </View>
          <FieldError errors={errors} field='channel' />
          <Text className='form-label form-label--gap'>到账日期</Text>
          <Input className='form-input wb-donation__date' value={receivedOn} placeholder='2026-05-01' maxlength={10} onInput={(e) => setReceivedOn(e.detail.value)} />
          <FieldError errors={errors} field='receivedOn' />
          <Text className='form-label form-label--gap'>回执或票据编号（选填，不公开）</Text>
          <Input className='form-input' value={receiptRef} maxlength={200} onInput={(e) => setReceiptRef(e.detail.value)} />
          <Text className='form-label form-label--gap'>回执照片（选填，不公开）</Text>
          <PhotoPicker value={receipt} max={1} onChange={(next) => setReceipt((prev) => (typeof next === 'function' ? next(prev) : next))} />
          <FieldError errors={errors} field='receiptUploadId' />
          <Button className='wb-donation__submit' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void recordDonation()}>
            登记入账
          </Button>
        </View>
      ) : null}

      {tab === 'inkind' ? (
        <View className='card wb-inkind'>
          <Text className='form-label'>物资名称</Text>
          <Input className='form-input wb-inkind__item' value={item} maxlength={40} placeholder='例如：大米' onInput={(e) => setItem(e.detail.value)} />
          <FieldError errors={errors} field='item' />
          <View className='form-row'>
            <Text className='form-row__label'>数量</Text>
            <Input className='form-row__input wb-inkind__quantity' type='number' value={quantity} onInput={(e) => setQuantity(e.detail.value)} />
            <Text className='form-row__label' style={{ textAlign: 'center' }}>
              单位
            </Text>
            <Input className='form-row__input wb-inkind__unit' value={unit} maxlength={8} onInput={(e) => setUnit(e.detail.value)} />
          </View>
          <FieldError errors={errors} field='quantity' />
          <FieldError errors={errors} field='unit' />
          <DonorFields kind={donorKind} setKind={setDonorKind} anonymous={anonymous} setAnonymous={setAnonymous} name={donorName} setName={setDonorName} errors={errors} prefix='wb-inkind' />
          <Text className='form-label form-label--gap'>接收日期</Text>
          <Input className='form-input' value={receivedOn} maxlength={10} onInput={(e) => setReceivedOn(e.detail.value)} />
          <FieldError errors={errors} field='receivedOn' />
          <Text className='form-label form-label--gap'>物资去向</Text>
          <View className='chips'>
            {DESTINATION_KINDS.map((d) => (
              <Text key={d} className={`chip${destination === d ? ' chip--on' : ''}`} data-destination={d} onClick={() => setDestination(d)}>
                {DESTINATION_KIND_LABEL[d]}
              </Text>
            ))}
          </View>
          {destination === 'need' || destination === 'wish' ? (
            <>
              <Text className='form-label'>{destination === 'need' ? '需求编号' : '心愿编号'}</Text>
              <Input className='form-input' type='number' value={refId} onInput={(e) => setRefId(e.detail.value)} />
              <FieldError errors={errors} field={destination === 'need' ? 'needId' : 'wishId'} />
            </>
          ) : null}
          <Text className='form-label form-label--gap'>去向说明（公开，勿写姓名、电话、门牌号）</Text>
          <Input className='form-input wb-inkind__note' value={destinationNote} maxlength={100} placeholder='例如：困难家庭一户' onInput={(e) => setDestinationNote(e.detail.value)} />
          <FieldError errors={errors} field='destinationNote' />
          <Button className='wb-inkind__submit' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void recordInKind()}>
            登记物资
          </Button>
        </View>
      ) : null}

      {tab === 'allocations' ? (
        <>
          <Text className='section-title'>待审批</Text>
          <View className='card wb-alloc__pending'>
            {pending.length === 0 ? <Text className='ch-empty-line'>没有待审批的支出</Text> : null}
            {pending.map((a) => {
              const { canAct, hint } = approvalHint(a, me);
              return (
                <View key={a.id} className='ch-line wb-alloc' data-allocation={a.id}>
                  <View className='ch-line__main'>
                    <Text className='ch-line__title'>{a.purpose}</Text>
                    <Text className='ch-line__sub wb-alloc__who'>{`${a.proposerName ?? '工作人员'} ${dayTime(a.createdAt)}提出 · ${a.statusLabel}${a.approverName ? ` · ${a.approverName}已审批` : ''}`}</Text>
                    {a.needTitle ? <Text className='ch-line__sub wb-alloc__link'>{`用于需求：${a.needTitle}`}</Text> : null}
                    {a.projectTitle ? <Text className='ch-line__sub wb-alloc__link'>{`用于项目：${a.projectTitle}`}</Text> : null}
                    {a.invoiceRef ? <Text className='ch-line__sub'>{`票据编号：${a.invoiceRef}`}</Text> : null}
                    {a.invoiceUploadId ? <InvoicePhoto uploadId={a.invoiceUploadId} /> : <Text className='ch-line__sub'>未附票据照片</Text>}
                    {hint ? <Text className='ch-line__sub wb-alloc__hint'>{hint}</Text> : null}
                    {canAct ? (
                      <View className='wb-alloc__actions'>
                        <Button className='wb-alloc__approve' type='primary' size='xlarge' disabled={busy} onClick={() => void approve(a)}>
                          同意支出
                        </Button>
                        <Button
                          className='wb-alloc__reject'
                          size='xlarge'
                          fill='outline'
                          disabled={busy}
                          onClick={() => (rejecting?.id === a.id ? void reject(a) : setRejecting({ id: a.id, reason: '' }))}
                        >
                          {rejecting?.id === a.id ? '确认驳回' : '驳回'}
                        </Button>
                      </View>
                    ) : null}
                    {canAct && rejecting?.id === a.id ? (
                      <View className='wb-alloc__reject-box'>
                        <Textarea
                          className='form-textarea wb-alloc__reject-reason'
                          value={rejecting.reason}
                          maxlength={500}
                          placeholder='驳回的原因（提出人会收到），例如：票据金额与申请不符，请补交正式发票'
                          onInput={(e) => setRejecting({ id: a.id, reason: e.detail.value })}
                        />
                        <FieldError errors={errors} field={`reject-${a.id}`} />
                      </View>
                    ) : null}
                  </View>
                  <Text className='ch-line__amount ch-out'>{yuan(a.amountFen)}</Text>
                </View>
              );
            })}
          </View>

          <Text className='section-title'>提出支出</Text>
          <View className='card wb-propose'>
            <Text className='form-label'>金额（元）</Text>
            <Input className='form-input wb-propose__amount' type='digit' value={allocAmount} placeholder='例如 800' onInput={(e) => setAllocAmount(e.detail.value)} />
            <FieldError errors={errors} field='amountFen' />
            <Text className='form-label form-label--gap'>用途（公开显示）</Text>
            <Input className='form-input wb-propose__purpose' value={purpose} maxlength={200} placeholder='例如：为独居老人购买助餐餐券' onInput={(e) => setPurpose(e.detail.value)} />
            <FieldError errors={errors} field='purpose' />
            {grantTargets.length ? (
              <>
                <Text className='form-label form-label--gap'>拨付给社区基金（选填，街道下拨）</Text>
                <View className='chips wb-propose__grant'>
                  {grantTargets.map((c) => (
                    <View key={c.nodeId} className={`chip${grantTo === c.nodeId ? ' chip--on' : ''}`} data-grant={c.nodeId} onClick={() => setGrantTo(grantTo === c.nodeId ? null : c.nodeId)}>
                      <Text>{c.nodeName}</Text>
                    </View>
                  ))}
                </View>
                <FieldError errors={errors} field='grantToNodeId' />
              </>
            ) : null}
            <Text className='form-label form-label--gap'>用于哪件需求（选填）</Text>
            <LinkPicker kind='need' options={links?.needs ?? null} value={needId} onPick={setNeedId} empty='没有办理中的需求' />
            <FieldError errors={errors} field='needId' />
            <Text className='form-label form-label--gap'>用于哪个服务项目（选填）</Text>
            <LinkPicker kind='project' options={links?.projects ?? null} value={projectId} onPick={setProjectId} empty='没有实施中的项目' />
            <FieldError errors={errors} field='projectId' />
            <Text className='form-label form-label--gap'>发票或收据编号（选填，不公开）</Text>
            <Input className='form-input' value={invoiceRef} maxlength={200} onInput={(e) => setInvoiceRef(e.detail.value)} />
            <Text className='form-label form-label--gap'>发票或收据照片（选填，不公开）</Text>
            <PhotoPicker value={invoice} max={1} onChange={(next) => setInvoice((prev) => (typeof next === 'function' ? next(prev) : next))} />
            <FieldError errors={errors} field='invoiceUploadId' />
            <Button className='wb-propose__submit' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void propose()}>
              提交审批
            </Button>
            <Text className='muted'>每笔支出需另一位工作人员审批后才入账；大额支出还需街道审批。</Text>
          </View>

          <Text className='section-title'>最近的支出</Text>
          <View className='card'>
            {done.length === 0 ? <Text className='ch-empty-line'>还没有</Text> : null}
            {done.map((a) => (
              <View key={a.id} className='ch-line' data-allocation={a.id}>
                <View className='ch-line__main'>
                  <Text className='ch-line__title'>{a.purpose}</Text>
                  <Text className='ch-line__sub'>{[a.statusLabel, a.postedAt ? dayTime(a.postedAt) : null, a.rejectReason].filter(Boolean).join(' · ')}</Text>
                </View>
                <Text className={`ch-tag ch-tag--${a.status}`}>{yuan(a.amountFen)}</Text>
              </View>
            ))}
          </View>
        </>
      ) : null}

      <Text className='section-title'>最近的账目</Text>
      <View className='card wb-fund__ledger'>
        {ledger.items.length === 0 ? <Text className='ch-empty-line'>还没有账目</Text> : null}
        {ledger.items.map((e) => (
          <View key={e.id} className='wb-entry' data-entry={e.id}>
            <View className='ch-line'>
              <View className='ch-line__main'>
                <Text className='ch-line__title'>{e.kind === 'donation' ? `${e.donorName ?? '匿名'}${e.anonymous ? '（匿名）' : ''}` : (e.note ?? e.kindLabel)}</Text>
                <Text className='ch-line__sub'>{[e.kindLabel, dateText(e.occurredOn), ...entryPeople(e)].filter(Boolean).join(' · ')}</Text>
              </View>
              <Text className={`ch-line__amount ${e.amountFen >= 0 ? 'ch-in' : 'ch-out'}`}>{yuan(e.amountFen)}</Text>
            </View>
            {e.reversed ? <Text className='muted wb-entry__reversed'>已冲正</Text> : null}
            {!e.reversed && e.kind !== 'reversal' && reversing?.id !== e.id ? (
              <Text className='link wb-entry__reverse' onClick={() => setReversing({ id: e.id, reason: '' })}>
                冲正这笔账目
              </Text>
            ) : null}
            {reversing?.id === e.id ? (
              <View className='wb-entry__reverse-form'>
                <Input className='form-input wb-entry__reason' value={reversing.reason} maxlength={200} placeholder='冲正原因（公开显示），例如：金额登记错误' onInput={(ev) => setReversing({ id: e.id, reason: ev.detail.value })} />
                <FieldError errors={errors} field='reversal' />
                <FieldError errors={errors} field='reason' />
                <View className='wb-entry__actions'>
                  <Button className='wb-entry__reverse-send' type='primary' size='normal' disabled={busy} onClick={() => void reverse()}>
                    确认冲正
                  </Button>
                  <Button type='default' size='normal' onClick={() => setReversing(null)}>
                    取消
                  </Button>
                </View>
              </View>
            ) : null}
          </View>
        ))}
      </View>
    </View>
  );
}
