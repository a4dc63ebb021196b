import { Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import type { VolunteerCertificateCheck } from '@contract/volunteers';
import { ApiError } from '../../../services/api';
import { volunteerApi } from '../../../services/volunteer';
import { KV, Result } from '../../components';
import { date } from '../../format';
import '../../volunteer.scss';
import { pageClass } from '../../../store/elder';

const CODE = /^[A-HJ-NP-Z2-9]{12}$/;

/** Normalizes what people type: spaces and dashes out, upper case. */
export const normalizeCode = (s: string) => s.replace(/[\s-]+/g, '').toUpperCase();

/** 证明查验, for anyone (no login): is this certificate genuine? No personal data beyond a masked name. */
export default function VerifyPage() {
  const { params } = useRouter();
  const [code, setCode] = useState(params.code ? normalizeCode(params.code) : '');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VolunteerCertificateCheck | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const check = async (value: string) => {
    const c = normalizeCode(value);
    setResult(null);
    setProblem(null);
    if (!CODE.test(c)) {
      setProblem('验证码是证明上印的 12 位字母和数字，请核对后重新输入');
      return;
    }
    setBusy(true);
    try {
      setResult(await volunteerApi.verifyCertificate(c));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setProblem('没有找到这张证明：验证码不存在，证明可能是伪造的，请向出具社区核实');
      else setProblem(err instanceof ApiError ? err.message : '查验失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (params.code) void check(params.code);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <View className={pageClass('page vol-verify-page')}>
      <View className='card'>
        <Text className='form-label'>输入证明上的验证码</Text>
        <Input className='form-input vol-verify-page__code' value={code} placeholder='12 位字母和数字' maxlength={20} onInput={(e) => setCode(e.detail.value)} />
        <Button className='vol-verify-page__submit' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void check(code)}>
          查验
        </Button>
      </View>
      {problem ? <Result ok={false} title='查验未通过' text={problem} className='vol-verify-page__result' /> : null}
      {result ? (
        <View>
          <Result ok title='证明真实有效' text='以下为证明开具时的记录摘要（不含个人敏感信息）' className='vol-verify-page__result' />
          <View className='card'>
            <KV k='志愿者'>{result.nameMasked}</KV>
            <KV k='出具社区'>{result.communityName}</KV>
            <KV k='服务时长'>{`${result.totalHours} 小时`}</KV>
            <KV k='活动次数'>{`${result.activityCount} 次`}</KV>
            <KV k='开具日期'>{date(result.issuedAt)}</KV>
            <KV k='验证码'>{result.code}</KV>
          </View>
        </View>
      ) : null}
    </View>
  );
}
