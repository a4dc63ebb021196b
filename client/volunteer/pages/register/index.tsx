import { Button as TaroButton, Input, Picker, Switch, Text, View } from '@tarojs/components';
import { beijingDate } from '@contract/format';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import type { Availability, RegisterVolunteerInput, VolunteerOptions } from '@contract/volunteers';
import { DraftNote, RetryBar } from '../../../components/FormHelp';
import { useDraft } from '../../../hooks/useDraft';
import { FORM_ERROR, fieldErrors, useScrollToFirstError } from '../../../hooks/useForm';
import { usePageData } from '../../../hooks/usePageData';
import { platform } from '../../../platform/index';
import { ApiError, errorText, isNetworkError, newIdempotencyKey } from '../../../services/api';
import { volunteerApi } from '../../../services/volunteer';
import { useSessionGate } from '../../../store/session';
import { FieldError, KV, Loading } from '../../components';
import { date } from '../../format';
import { VOLUNTEER_PAGES } from '../../routes';
import '../../volunteer.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

const NO_OPTIONS: VolunteerOptions = { skills: [], availability: [], consent: { version: '', text: '' } };

export interface RegisterDraft {
  realName: string;
  phoneCode: string | null;
  idNumber: string;
  /** YYYY-MM-DD when no ID number is given (under 18: a guardian's consent is needed). */
  birthDate?: string;
  skillIds: number[];
  availability: Availability[];
  consent: boolean;
}

/** The reasons a draft cannot be sent yet, by the server's field names. */
export function validateRegistration(d: RegisterDraft): Record<string, string> {
  const e: Record<string, string> = {};
  const name = d.realName.trim();
  if (!name) e.realName = '请填写真实姓名（与身份证一致）';
  else if (!/^[\u4e00-\u9fa5·A-Za-z ]{2,20}$/.test(name)) e.realName = '姓名请填写 2–20 个汉字或字母';
  // Name the button this platform shows (WeChat: 授权手机号; the H5 demo: 使用演示手机号).
  if (!d.phoneCode) e.phoneCode = platform.canBindPhone ? '请点击“授权手机号”' : '请点击“使用演示手机号”';
  const id = d.idNumber.trim();
  if (id && !/^[1-9]\d{16}[\dXx]$/.test(id)) e.idNumber = '身份证号应为 18 位（最后一位可以是 X），不想填可以空着';
  if (!d.availability.length) e.availability = '请至少选择一个可服务时段';
  if (!d.consent) e.consent = '请阅读并同意志愿服务记录说明';
  return e;
}

/**
 * 志愿者注册: real name, the phone from WeChat's getPhoneNumber button (the H5 demo uses the
 * demo server's stand-in number), an optional ID number, skills and availability from the
 * server, consent to the record-keeping. Shows the registration's state once submitted.
 */
export default function RegisterPage() {
  const { me, status } = useSessionGate();
  const mine = usePageData(() => (status === 'ready' ? volunteerApi.me() : null), [status]);
  const registration = mine.data ? mine.data.registration : undefined;
  const options = usePageData(() => volunteerApi.options().catch(() => NO_OPTIONS), []).data;
  const [editing, setEditing] = useState(false);
  // Kept on the phone as it is typed, without the one-time phone code and the ID number.
  const saved = useDraft<RegisterDraft>(
    me ? `volunteer-register:${me.id}` : null,
    { realName: '', phoneCode: null, idNumber: '', skillIds: [], availability: [], consent: false },
    (d) => ({ ...d, phoneCode: null, idNumber: '' }),
  );
  const { value: draft, setValue: setDraft } = saved;
  // One submission's Idempotency-Key, the same on a retry after a network failure.
  const submission = useRef<string | null>(null);
  const [retryable, setRetryable] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useScrollToFirstError(errors);
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  // A returned registration comes back with its skills and times filled in (once: not again on each show).
  const filled = useRef<number | null>(null);
  useEffect(() => {
    if (registration?.status === 'returned' && filled.current !== registration.id) {
      filled.current = registration.id;
      setDraft((d) => ({ ...d, skillIds: registration.skills.map((s) => s.id), availability: registration.availability.map((a) => a.key) }));
    }
  }, [registration]);

  const set = <K extends keyof RegisterDraft>(key: K, value: RegisterDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setFormError(null);
    setErrors((e) => {
      if (!e[key]) return e;
      const { [key]: _gone, ...rest } = e;
      return rest;
    });
  };
  const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

  const onPhoneCode = (code: string | undefined) => {
    if (code) set('phoneCode', code);
    else void Taro.showToast({ title: '需要授权手机号才能注册志愿者', icon: 'none', duration: 2500 });
  };
  const useDemoPhone = () => set('phoneCode', `h5-demo-${Date.now()}`);

  const submit = async () => {
    if (submitting) return;
    const found = validateRegistration(draft);
    setErrors(found);
    setFormError(Object.keys(found).length ? '还有内容需要补充，请看红色的提示' : null);
    if (Object.keys(found).length) return;
    const input: RegisterVolunteerInput = {
      realName: draft.realName.trim(),
      phoneCode: draft.phoneCode!,
      skillIds: draft.skillIds,
      availability: draft.availability,
      consent: true,
      ...(draft.idNumber.trim() ? { idNumber: draft.idNumber.trim().toUpperCase() } : draft.birthDate ? { birthDate: draft.birthDate } : {}),
    };
    setSubmitting(true);
    setRetryable(false);
    submission.current ??= newIdempotencyKey();
    try {
      const view = await volunteerApi.register(input, submission.current);
      submission.current = null;
      saved.clear();
      mine.setData({ registration: view });
      setEditing(false);
      void Taro.showToast({ title: '已提交，等待社区审核', icon: 'none', duration: 2500 });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.code !== 'IDEMPOTENCY_KEY_REUSED' && !isNetworkError(err)) submission.current = null;
      if (isNetworkError(err)) {
        setRetryable(true);
        setFormError(err.message);
      } else if (err.code === 'IDEMPOTENCY_KEY_REUSED') {
        submission.current = null;
        setFormError('您上次的提交可能已经成功，请先返回查看；确实要按现在的内容再提交，请再点一次。');
      } else if (err.code === 'WECHAT_CODE_INVALID') {
        // A phone code works once: ask for a new one.
        setDraft((d) => ({ ...d, phoneCode: null }));
        setErrors({ phoneCode: err.message });
        setFormError('手机号授权已失效，请重新授权后再提交');
      } else {
        const byField = fieldErrors(err);
        if (byField[FORM_ERROR]) {
          setFormError(errorText(err));
          void Taro.showToast({ title: errorText(err), icon: 'none', duration: 3000 });
        } else {
          setErrors(byField);
          setFormError('请按红色提示修改后再提交');
        }
      }
    } finally {
      setSubmitting(false);
    }
  };

  if (registration === undefined || !options) return <Loading className='vol-register' error={mine.error} />;

  if (registration && !editing && registration.status !== 'returned') {
    return (
      <View className={pageClass('page vol-register')}>
        <View className={`card vol-status vol-status--${registration.status}`}>
          <Text className='vol-status__title vol-register__state'>{registration.status === 'approved' ? '已通过审核' : '待审核'}</Text>
          <Text className='vol-status__text'>
            {registration.status === 'approved'
              ? `您已是${registration.communityName}的注册志愿者，可以报名活动、认领服务任务。`
              : `已提交到${registration.communityName}，工作人员审核通过后会在“我的消息”里通知您。`}
          </Text>
        </View>
        <View className='card'>
          <KV k='姓名'>{registration.realName}</KV>
          <KV k='手机号'>{registration.phoneMasked}</KV>
          {registration.idNumberMasked ? <KV k='身份证号'>{registration.idNumberMasked}</KV> : null}
          <KV k='社区'>{registration.communityName}</KV>
          <KV k='技能'>{registration.skills.map((s) => s.label).join('、') || '未填写'}</KV>
          <KV k='可服务时段'>{registration.availability.map((a) => a.label).join('、') || '未填写'}</KV>
          <KV k='提交时间'>{date(registration.createdAt)}</KV>
        </View>
        {registration.status === 'approved' ? (
          <Button type='primary' size='xlarge' block onClick={() => void Taro.navigateBack().catch(() => Taro.switchTab({ url: VOLUNTEER_PAGES.tab }))}>
            去报名志愿活动
          </Button>
        ) : null}
      </View>
    );
  }

  const community = me?.residence?.communityName;
  return (
    <View className={pageClass('page vol-register')}>
      {registration?.status === 'returned' ? (
        <View className='card vol-status vol-status--returned'>
          <Text className='vol-status__title vol-register__state'>注册被退回</Text>
          <Text className='vol-status__text vol-register__reason'>{`退回原因：${registration.returnReason ?? '未说明'}`}</Text>
          <Text className='vol-status__text'>请按原因修改后重新提交。</Text>
        </View>
      ) : null}
      {saved.restored ? <DraftNote onClear={saved.clear} /> : null}

      <View className='card'>
        <Text className='form-label'>真实姓名</Text>
        <Input className='form-input vol-register__name' value={draft.realName} placeholder='与身份证上的姓名一致' maxlength={20} onInput={(e) => set('realName', e.detail.value)} />
        <FieldError errors={errors} field='realName' />

        <Text className='form-label form-label--gap'>手机号</Text>
        {draft.phoneCode ? (
          <Text className='vol-register__phone-ok'>✓ 已授权手机号</Text>
        ) : platform.canBindPhone ? (
          <TaroButton className='vol-register__phone' openType='getPhoneNumber' onGetPhoneNumber={(e) => onPhoneCode((e.detail as { code?: string }).code)}>
            授权手机号
          </TaroButton>
        ) : (
          <View>
            <Text className='muted'>网页演示版不能读取微信手机号，将使用演示手机号。</Text>
            <Button className='vol-register__demo-phone' fill='outline' type='primary' block size='large' onClick={useDemoPhone}>
              使用演示手机号
            </Button>
          </View>
        )}
        <FieldError errors={errors} field='phoneCode' />

        <Text className='form-label form-label--gap'>身份证号（选填）</Text>
        <Input className='form-input vol-register__id' value={draft.idNumber} placeholder='选填，加密保存，只显示前6位和后4位' maxlength={18} onInput={(e) => set('idNumber', e.detail.value)} />
        <FieldError errors={errors} field='idNumber' />
        {!draft.idNumber.trim() ? (
          <>
            <Text className='form-label form-label--gap'>出生日期（不填身份证号时填写）</Text>
            <Picker mode='date' value={draft.birthDate ?? '2000-01-01'} end={beijingDate(new Date())} onChange={(e) => set('birthDate', String(e.detail.value))}>
              <View className='form-input vol-register__birth'>{draft.birthDate ?? '请选择'}</View>
            </Picker>
            <Text className='muted'>未满18岁的同学报名，需要家长（监护人）到社区确认同意。</Text>
            <FieldError errors={errors} field='birthDate' />
          </>
        ) : null}

        <Text className='form-label form-label--gap'>所在社区</Text>
        <Text className='vol-register__community'>{community ?? '请先在“我的”里选择居住的社区'}</Text>
        <FieldError errors={errors} field='communityId' />
      </View>

      <View className='card'>
        <Text className='form-label'>服务技能（可多选，选填）</Text>
        <View className='chips vol-register__skills'>
          {options.skills.map((s) => (
            <View key={s.id} className={`chip${draft.skillIds.includes(s.id) ? ' chip--on' : ''}`} data-skill={s.key} onClick={() => set('skillIds', toggle(draft.skillIds, s.id))}>
              <Text>{s.label}</Text>
            </View>
          ))}
        </View>
        <FieldError errors={errors} field='skillIds' />

        <Text className='form-label form-label--gap'>什么时候方便参加（可多选）</Text>
        <View className='chips vol-register__times'>
          {options.availability.map((a) => (
            <View key={a.key} className={`chip${draft.availability.includes(a.key) ? ' chip--on' : ''}`} data-time={a.key} onClick={() => set('availability', toggle(draft.availability, a.key))}>
              <Text>{a.label}</Text>
            </View>
          ))}
        </View>
        <FieldError errors={errors} field='availability' />
      </View>

      <View className='card vol-register__consent'>
        <Text className='form-label'>志愿服务记录说明</Text>
        <Text className='vol-register__consent-text'>{options.consent.text}</Text>
        <View className='vol-register__agree'>
          <Switch className='vol-register__agree-switch' checked={draft.consent} onChange={(e) => set('consent', e.detail.value)} />
          <Text className='vol-register__agree-text' onClick={() => set('consent', !draft.consent)}>
            我已阅读并同意
          </Text>
        </View>
        <FieldError errors={errors} field='consent' />
      </View>

      {formError && retryable ? (
        <RetryBar message={formError} busy={submitting} onRetry={() => void submit()} />
      ) : formError ? (
        <Text className='form-error form-error--summary'>{formError}</Text>
      ) : null}
      <Button className='vol-register__submit' type='primary' size='xlarge' block loading={submitting} disabled={submitting} onClick={() => void submit()}>
        {registration?.status === 'returned' ? '重新提交' : '提交注册'}
      </Button>
    </View>
  );
}
