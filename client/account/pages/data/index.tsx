import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { confirmDialog, FieldError, Result } from '../../../components/Basics';
import { ApiError, errorText, logout, myDataApi } from '../../../services/api';
import { resetSession } from '../../../store/session';
import './index.scss';
import { pageClass } from '../../../store/elder';
import { boardPageUrl } from '../../../utils/nav';

/**
 * 我的数据 (个人信息保护法): download everything the product holds about me as an Excel file, and
 * delete my account. Deleting erases my name, phone, ID number, address, roles and messages;
 * what I reported stays on the board as 已注销用户, and service hours stay in the ledgers.
 */
export default function MyDataPage() {
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<string | null>(null);

  const exportData = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const res = await myDataApi.export();
      setLink(res.opened ? null : res.url);
      setOutcome(res.opened ? null : '已生成，点下面的链接打开');
    } catch {
      // The API module showed the reason.
    } finally {
      setBusy(false);
    }
  };

  const deleteAccount = async () => {
    if (typed.trim() !== '注销') return setErrors({ confirm: '请输入“注销”两个字确认' });
    const sure = await confirmDialog('注销账号', '注销后无法恢复：您的姓名、手机号、住址、身份和消息将被删除，反映过的需求以“已注销用户”保留。确定注销吗？', '确定注销');
    if (!sure || busy) return;
    setBusy(true);
    try {
      await myDataApi.deleteAccount(typed.trim());
      logout();
      resetSession();
      void Taro.showToast({ title: '账号已注销', icon: 'success' });
      setTimeout(() => void Taro.reLaunch({ url: boardPageUrl() }), 800);
    } catch (err) {
      if (err instanceof ApiError) setErrors({ confirm: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={pageClass('page my-data')}>
      <View className='card'>
        <Text className='my-data__title'>导出我的数据</Text>
        <Text className='my-data__text'>包括个人信息、反映过的需求、投票、议事会报名、志愿服务时长和积分、认领的心愿和消息，生成一份 Excel 表格。</Text>
        <Button className='my-data__export' type='primary' size='xlarge' block loading={busy && !typed} onClick={() => void exportData()}>
          导出我的数据
        </Button>
        {outcome ? <Result ok title='已导出' text={outcome} /> : null}
        {link ? (
          <Text className='link my-data__open' onClick={() => typeof window !== 'undefined' && window.open(link, '_blank')}>
            打开“我的数据.xlsx” ›
          </Text>
        ) : null}
      </View>

      <View className='card my-data__delete'>
        <Text className='my-data__title'>注销账号</Text>
        <Text className='my-data__text'>注销后，您的姓名、手机号、身份证号、住址、身份和消息会被删除；反映过的需求仍留在公示栏（显示为“已注销用户”），志愿服务时长按规定留存在台账中。</Text>
        <Input className='form-input my-data__confirm' value={typed} maxlength={4} placeholder='输入“注销”两个字确认' onInput={(e) => (setTyped(e.detail.value), setErrors({}))} />
        <FieldError errors={errors} field='confirm' />
        <Button className='my-data__delete-btn' type='danger' size='xlarge' block disabled={busy} onClick={() => void deleteAccount()}>
          注销我的账号
        </Button>
      </View>
    </View>
  );
}
