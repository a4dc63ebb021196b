import { Input, Picker, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { FieldError, Loading } from '../../../components/Basics';
import { beijingDate } from '@contract/format';
import { SW_CERT_LEVELS, SW_CERT_LEVEL_LABEL, SW_CERT_NUMBER, type SwCertificateView, type SwCertLevel } from '@contract/projects';
import { usePageData } from '../../../hooks/usePageData';
import { useForm } from '../../../hooks/useForm';
import { consultationApi } from '../../../services/consultation';
import { SubmitBar, doneAndBack } from '../../components';
import '../../loop.scss';
import { pageClass } from '../../../store/elder';

/**
 * 我的社工证: a social worker records (or renews) the certificate's level, number and expiry.
 * A project can only be guided by a social worker whose certificate is valid on its start date.
 */
export default function CertificatePage() {
  const { data, error } = usePageData(() => consultationApi.myCertificate(), []);
  if (!data) return <Loading className='loop-cert-page' error={error} />;
  // The form starts from what is recorded (mounted once it is known: the H5 date picker does not take a changed start value well).
  return <CertificateForm cert={data.certificate} />;
}

function CertificateForm({ cert }: { cert: SwCertificateView | null }) {
  const today = beijingDate(new Date());
  const [level, setLevel] = useState<SwCertLevel | null>(cert?.level ?? null);
  const [number, setNumber] = useState(cert?.number ?? '');
  const [expiresOn, setExpiresOn] = useState(cert?.expiresOn ?? '');
  const { errors, setErrors, busy, send } = useForm();

  const submit = async () => {
    const e: Record<string, string> = {};
    if (!level) e.level = '请选择证书等级';
    if (!SW_CERT_NUMBER.test(number.trim())) e.number = '请照证书填写编号（数字和字母）';
    if (!expiresOn) e.expiresOn = '请选择证书有效期';
    else if (expiresOn < today) e.expiresOn = '这张证书已过有效期，请录入有效的证书';
    setErrors(e);
    if (Object.keys(e).length || busy) return;
    await send(async () => {
      await consultationApi.recordCertificate({ level: level!, number: number.trim(), expiresOn });
      doneAndBack('社工证已保存');
    });
  };

  return (
    <View className={pageClass('page loop-cert-page')}>
      <View className={`card loop-cert${cert ? (cert.valid ? ' loop-cert--valid' : ' loop-cert--expired') : ''}`}>
        <Text className='loop-title'>{cert ? `${cert.levelLabel} · ${cert.number}` : '还没有登记社工证'}</Text>
        <Text className='muted'>
          {cert ? (cert.valid ? `有效期至 ${cert.expiresOn}` : `已于 ${cert.expiresOn} 过期，请更新`) : '服务项目的指导社工须持有在项目开始日期有效的社工证。'}
        </Text>
      </View>
      <View className='card'>
        <Text className='form-label'>证书等级</Text>
        <View className='chips loop-cert__levels'>
          {SW_CERT_LEVELS.map((l) => (
            <View key={l} className={`chip${level === l ? ' chip--on' : ''}`} data-level={l} onClick={() => setLevel(l)}>
              <Text>{SW_CERT_LEVEL_LABEL[l]}</Text>
            </View>
          ))}
        </View>
        <FieldError errors={errors} field='level' />
        <Text className='form-label form-label--gap'>证书编号</Text>
        <Input className='form-input loop-cert__number' value={number} maxlength={32} placeholder='照证书上的编号填写' onInput={(e) => setNumber(e.detail.value)} />
        <FieldError errors={errors} field='number' />
        <Text className='form-label form-label--gap'>有效期至</Text>
        <Picker mode='date' value={expiresOn || today} onChange={(e) => setExpiresOn(String(e.detail.value))}>
          <View className='form-input loop-cert__expires'>{expiresOn || '请选择日期'}</View>
        </Picker>
        <FieldError errors={errors} field='expiresOn' />
      </View>
      <SubmitBar errors={errors} busy={busy} className='loop-cert__submit' onSubmit={() => void submit()}>
        {cert ? '更新社工证' : '保存社工证'}
      </SubmitBar>
    </View>
  );
}
