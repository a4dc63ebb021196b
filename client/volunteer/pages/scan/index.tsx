import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { type ActivityScanInput, type QrPurpose, QR_PURPOSE_LABEL as PURPOSE } from '@contract/volunteers';
import { platform } from '../../../platform/index';
import { ApiError } from '../../../services/api';
import { volunteerApi } from '../../../services/volunteer';
import { parseCheckinCode } from '../../actions';
import { useSessionGate } from '../../../store/session';
import { Result } from '../../components';
import { clock } from '../../format';
import { VOLUNTEER_PAGES } from '../../routes';
import '../../volunteer.scss';
import './index.scss';
import { pageClass } from '../../../store/elder';

const hasScanner = process.env.TARO_ENV === 'weapp';

/**
 * 扫码签到签退: WeChat scans the organizer's rotating QR code; the browser (no scanner) takes
 * the code typed or pasted. Sends the phone's location when the activity requires being near.
 */
export default function ScanPage() {
  useSessionGate();
  const { params } = useRouter();
  const pageActivity = Number(params.id) || null;
  const [purpose, setPurpose] = useState<QrPurpose>(params.purpose === 'out' ? 'out' : 'in');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; title: string; text: string; activityId: number | null } | null>(null);

  const submit = async (text: string) => {
    if (busy) return;
    const parsed = parseCheckinCode(text, { activityId: pageActivity, purpose });
    if (!parsed) {
      const digits = /^\d{6}$/.test(text.replace(/\s+/g, ''));
      setResult({
        ok: false,
        title: '无法识别',
        text: digits ? '请从活动页面点“扫码签到”进入后再输入 6 位数字码' : '请输入组织者手机上二维码下方的 6 位数字，或扫描二维码',
        activityId: null,
      });
      return;
    }
    // The page's activity when opened from one (a code of another activity is refused by the server, clearly).
    const activityId = pageActivity ?? parsed.activityId;
    setBusy(true);
    setResult(null);
    try {
      const input: ActivityScanInput = { token: parsed.token };
      const activity = await volunteerApi.activity(activityId).catch(() => null);
      if (activity?.maxDistanceMeters) {
        try {
          const loc = await Taro.getLocation({ type: 'wgs84' });
          input.lat = loc.latitude;
          input.lng = loc.longitude;
        } catch {
          setResult({ ok: false, title: `${PURPOSE[parsed.purpose]}没有成功`, text: `该活动需要在活动地点附近${PURPOSE[parsed.purpose]}，请允许小程序获取您的位置后再试`, activityId });
          return;
        }
      }
      const res = parsed.purpose === 'in' ? await volunteerApi.checkIn(activityId, input) : await volunteerApi.checkOut(activityId, input);
      setResult({
        ok: true,
        title: `${PURPOSE[res.purpose]}成功`,
        text: `${activity ? `“${activity.title}” ` : ''}${PURPOSE[res.purpose]}时间 ${clock(res.at)}${res.purpose === 'in' ? '。活动结束时请再扫签退码' : '。组织者确认出勤后即记入服务时长'}`,
        activityId,
      });
      setCode('');
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setResult({ ok: false, title: `${PURPOSE[parsed.purpose]}没有成功`, text: err.message, activityId });
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    const text = await platform.scanCode();
    if (text) await submit(text);
  };

  return (
    <View className={pageClass('page vol-scan')}>
      <View className='card vol-scan__intro'>
        <Text className='vol-scan__title'>请扫描组织者手机上的二维码</Text>
        <Text className='muted'>二维码每 30 秒更换一次，请扫描正在显示的那个。签到码和签退码不同，活动开始时扫签到码，结束时扫签退码。</Text>
      </View>

      {result ? <Result ok={result.ok} title={result.title} text={result.text} className='vol-scan__result' /> : null}

      {hasScanner ? (
        <Button className='vol-scan__scan' type='primary' size='xlarge' block loading={busy} disabled={busy} onClick={() => void scan()}>
          扫一扫
        </Button>
      ) : null}

      <View className='card vol-scan__manual'>
        <Text className='form-label'>{hasScanner ? '扫不出来？输入二维码下方的 6 位数字' : '输入 6 位数字码'}</Text>
        {!hasScanner ? <Text className='muted'>网页版不能扫码：请输入组织者手机上二维码下方的 6 位数字（每 30 秒更换）。</Text> : null}
        {pageActivity ? (
          <View className='segments vol-scan__purpose'>
            {(['in', 'out'] as const).map((p) => (
              <View key={p} className={`segments__item vol-scan__purpose-${p}${purpose === p ? ' segments__item--on' : ''}`} onClick={() => setPurpose(p)}>
                <Text>{PURPOSE[p]}</Text>
              </View>
            ))}
          </View>
        ) : null}
        <Input className='form-input vol-scan__code' value={code} placeholder='例如 482913' maxlength={200} onInput={(e) => setCode(e.detail.value)} />
        <Button className='vol-scan__submit' type='primary' size='large' block loading={busy} disabled={busy || !code.trim()} onClick={() => void submit(code)}>
          提交
        </Button>
      </View>

      {result?.activityId ? (
        <Text className='link vol-scan__activity' onClick={() => void (pageActivity ? Taro.navigateBack() : Taro.redirectTo({ url: VOLUNTEER_PAGES.activity(result.activityId!) }))}>
          查看活动 ›
        </Text>
      ) : null}
    </View>
  );
}
