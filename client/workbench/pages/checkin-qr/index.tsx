import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import qrcode from 'qrcode-generator';
import { useEffect, useState } from 'react';
import { type ActivityQrView, QR_PURPOSE_LABEL as PURPOSE, QR_PURPOSES, type QrPurpose } from '@contract/volunteers';
import { ApiError, errorText } from '../../../services/api';
import { volunteerApi } from '../../../services/volunteer';
import { ensureSession } from '../../../store/session';
import { ORGANIZER_PAGES, secondsUntil } from '../../organizer';
import './index.scss';
import { goBack } from '../../../utils/nav';
import { pageClass } from '../../../store/elder';

/** The token drawn as a QR code (a GIF data URL: an <image> shows it on both targets). */
export function qrImage(token: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(token);
  qr.make();
  return qr.createDataURL(8, 4);
}

/**
 * The organizer's live check-in (or check-out) code: signed by the server, valid for one
 * 30-second window; the page fetches the next one when the server says (`refreshAt`), so a
 * photo of an old code is refused. The text under it is for volunteers whose phone cannot scan.
 */
export default function CheckinQrPage() {
  const { params } = useRouter();
  const id = Number(params.id);
  const [purpose, setPurpose] = useState<QrPurpose>(params.purpose === 'out' ? 'out' : 'in');
  const [qr, setQr] = useState<ActivityQrView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [left, setLeft] = useState(0);

  // One fetch loop per (activity, purpose): switching purpose or leaving the page ends it, and an
  // answer that arrives after that is dropped, so an old purpose's code never shows.
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fetchCode = async () => {
      try {
        const next = await volunteerApi.qr(id, purpose);
        if (!live) return;
        setQr(next);
        setLeft(secondsUntil(next.refreshAt));
        setError(null);
        // The next code when this one rotates (at least a second, so a skewed clock cannot spin).
        timer = setTimeout(() => void fetchCode(), Math.max(1000, new Date(next.refreshAt).getTime() - Date.now()));
      } catch (err) {
        if (!live) return;
        setQr(null);
        setError(err instanceof ApiError ? errorText(err) : '获取二维码失败，请检查网络');
        timer = setTimeout(() => void fetchCode(), 5000);
      }
    };
    void ensureSession().then(fetchCode);
    if (process.env.TARO_ENV === 'weapp') void Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, purpose]);
  useEffect(() => {
    const tick = setInterval(() => setLeft(qr ? secondsUntil(qr.refreshAt) : 0), 500);
    return () => clearInterval(tick);
  }, [qr]);

  return (
    <View className={pageClass('page org-qr')}>
      <View className='segments'>
        {QR_PURPOSES.map((p) => (
          <Text key={p} className={`segments__item${purpose === p ? ' segments__item--on' : ''}`} onClick={() => setPurpose(p)}>
            {`${PURPOSE[p]}码`}
          </Text>
        ))}
      </View>
      <View className='card org-qr__card'>
        <Text className='org-qr__title'>{`请志愿者用小程序“扫码${PURPOSE[purpose]}”扫描`}</Text>
        {qr ? (
          <View className='org-qr__code'>
            <Image className='org-qr__image' src={qrImage(qr.token)} mode='scaleToFill' />
            <Text className='org-qr__left'>{`${left} 秒后自动更换`}</Text>
            <Text className='muted'>扫不出来或用网页版时，在活动页点“扫码{PURPOSE[purpose]}”，输入这 6 位数字：</Text>
            <Text className='org-qr__digits'>{`${qr.code.slice(0, 3)} ${qr.code.slice(3)}`}</Text>
            <Text className='org-qr__token muted' selectable>
              {qr.token}
            </Text>
          </View>
        ) : (
          <Text className={error ? 'form-error' : 'muted'}>{error ?? '正在生成二维码…'}</Text>
        )}
      </View>
      <Text className='muted org-qr__hint'>二维码每 30 秒更换一次，截图或转发的旧码无效。请保持本页面打开。</Text>
      <Button className='org-qr__back' type='default' size='large' block onClick={() => goBack(ORGANIZER_PAGES.roster(id))}>
        返回名单
      </Button>
    </View>
  );
}
