import { Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { confirmDialog, FieldError, KV, Loading } from '../../../components/Basics';
import { type PickedPhoto, PhotoPicker } from '../../../components/Photos';
import { consultationApi } from '../../../services/consultation';
import { SubmitBar, doneAndBack, useProject } from '../../components';
import { useForm } from '../../../hooks/useForm';
import { yuan } from '../../format';
import '../../loop.scss';
import { pageClass } from '../../../store/elder';

/** 结项报告: after the social worker's sign-off, what the project achieved, with evidence photos. */
export default function ReportPage() {
  const id = Number(useRouter().params.id);
  const { p, error } = useProject(id);
  const [report, setReport] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const { errors, setErrors, busy, send } = useForm();

  const submit = async () => {
    const e: Record<string, string> = {};
    if (report.trim().length < 10) e.report = '请写明项目完成情况（至少10个字）';
    if (!photos.length) e.evidencePhotoIds = '请至少上传一张佐证照片';
    else if (photos.some((x) => x.id == null)) e.evidencePhotoIds = '照片还在上传或上传失败，请稍等或删掉重试';
    setErrors(e);
    if (Object.keys(e).length || busy || !p) return;
    if (!(await confirmDialog('提交结项报告', '提交后项目结项，等待社区评估，报告会公开在项目页上。确定提交吗？', '提交'))) return;
    await send(async () => {
      await consultationApi.complete(id, { report: report.trim(), evidencePhotoIds: photos.map((x) => x.id!) });
      doneAndBack('结项报告已提交');
    });
  };

  if (!p) return <Loading className='loop-report' error={error} />;
  return (
    <View className={pageClass('page loop-report')}>
      <View className='card'>
        <Text className='loop-title'>{p.title}</Text>
        <KV k='项目预算'>{yuan(p.budgetFen)}</KV>
        <KV k='已支出'>{yuan(p.spentFen)}</KV>
        <KV k='服务人次'>{`${p.peopleServed} 人次（来自各次进展）`}</KV>
        <KV k='社工意见'>{p.signOffComment ?? (p.signedOff ? '已签署' : '指导社工还没有签署结项意见')}</KV>
      </View>
      {!p.can.complete ? (
        <View className='card'>
          <Text className='muted'>{p.signedOff ? '该项目已提交结项报告。' : '指导社工签署结项意见后，才能提交结项报告。'}</Text>
        </View>
      ) : (
        <>
          <View className='card'>
            <Text className='form-label'>完成情况</Text>
            <Textarea className='form-textarea loop-report__text' value={report} maxlength={2000} placeholder='做了哪些服务、达到了什么效果、居民怎么评价（不写服务对象的姓名、电话和门牌号）' onInput={(e) => setReport(e.detail.value)} />
            <FieldError errors={errors} field='report' />
            <Text className='form-label form-label--gap'>佐证照片（至少一张）</Text>
            <PhotoPicker value={photos} onChange={setPhotos} max={9} />
            <FieldError errors={errors} field='evidencePhotoIds' />
          </View>
          <SubmitBar errors={errors} busy={busy} className='loop-report__submit' onSubmit={() => void submit()}>
            提交结项报告
          </SubmitBar>
        </>
      )}
    </View>
  );
}
