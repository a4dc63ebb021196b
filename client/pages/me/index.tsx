import { Switch, Button as TaroButton, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { Menu, MenuItem } from '../../components/Menu';
import { RoleList } from '../../components/RoleList';
import { TapButton } from '../../components/TapButton';
import type { ResidenceView } from '@contract/users';
import { platform } from '../../platform/index';
import { api, logout } from '../../services/api';
import { refreshUnread, useUnread } from '../../store/inbox';
import { confirmDialog } from '../../utils/confirm';
import { boardPageUrl } from '../../utils/nav';
import { ensureSession, getSession, resetSession, setMe, useSessionGate } from '../../store/session';
import './index.scss';
import { pageClass, setElder, useElder } from '../../store/elder';

/**
 * Whether the community has confirmed the residence: a confirmed resident votes, presses
 * "我也遇到了" and takes meeting seats; until then the resident reads what to do.
 */
function ResidenceStanding({ residence: r, hasPhone }: { residence: ResidenceView; hasPhone: boolean }) {
  if (r.status === 'confirmed') {
    return (
      <View className='card me-standing me-standing--confirmed'>
        <Text className='me-standing__title'>{`✓ 社区已确认您是${r.communityName}居民`}</Text>
        <Text className='me-standing__text'>可以参与议题投票、报名议事会、表示“我也遇到了”。</Text>
      </View>
    );
  }
  const returned = r.status === 'returned';
  return (
    <View className={`card me-standing me-standing--${r.status}`}>
      <Text className='me-standing__title'>{returned ? '社区退回了您的居住登记' : `${r.statusLabel}：社区工作人员核对后会通知您`}</Text>
      {returned && r.returnReason ? <Text className='me-standing__reason'>{`原因：${r.returnReason}`}</Text> : null}
      <Text className='me-standing__text'>
        {returned
          ? '请点上方“修改”核对社区、楼栋和单元后重新提交。'
          : '现在就可以向社区反映需求；确认之后才能参与投票、报名议事会和表示“我也遇到了”。'}
      </Text>
      {!hasPhone ? <Text className='me-standing__text'>社区确认时会核对手机号，请先绑定手机号。</Text> : null}
    </View>
  );
}

export default function MePage() {
  const { me, status } = useSessionGate();
  const [binding, setBinding] = useState(false);
  const unread = useUnread();
  const { elder } = useElder();

  useDidShow(() => {
    // Coming back from the community picker: show the new residence.
    if (getSession().status === 'ready') void ensureSession(true);
    void refreshUnread();
  });

  const onPhoneCode = async (code: string | undefined) => {
    if (!code || !me) return;
    setBinding(true);
    try {
      const { phoneMasked } = await api.bindPhone(code);
      setMe({ ...me, phoneMasked });
      void Taro.showToast({ title: '手机号已绑定', icon: 'success' });
    } catch {
      // The API module already showed the reason.
    } finally {
      setBinding(false);
    }
  };

  const switchAccount = () => {
    logout();
    resetSession();
    void Taro.navigateTo({ url: '/pages/login/index' });
  };

  /**
   * H5: forgets this browser's login; public pages stay open, anything personal asks to log in
   * again. (In WeChat the account is the WeChat user's own and logs in by itself, so there is
   * nothing to log out of.)
   */
  const signOut = async () => {
    const sure = await confirmDialog('退出登录', '退出后，社区公示仍可查看；办理事情时需要重新选择账号登录。确定退出吗？', '退出登录');
    if (!sure) return;
    const communityId = me?.residence?.communityId;
    logout();
    resetSession();
    void Taro.reLaunch({ url: boardPageUrl(communityId) });
  };

  if (!me) {
    return (
      <View className={pageClass('page me')}>
        <View className='card'>
          <Text className='muted'>{status === 'error' ? '加载失败，请稍后下拉重试' : '正在加载我的信息…'}</Text>
        </View>
      </View>
    );
  }

  const r = me.residence;
  return (
    <View className={pageClass('page me')}>
      <View className='card me-header'>
        <View className='me-avatar'>
          <Text>{me.nickname.slice(0, 1)}</Text>
        </View>
        <View className='me-header__text'>
          <Text className='me-nickname'>{me.nickname}</Text>
          <Text className='me-phone'>{me.phoneMasked ? `手机号 ${me.phoneMasked}` : '尚未绑定手机号'}</Text>
        </View>
      </View>

      <View className='card me-elder' onClick={() => setElder(!elder, '/pages/me/index')}>
        <View className='me-elder__text'>
          <Text className='me-elder__title'>长辈模式</Text>
          <Text className='me-elder__desc'>{elder ? '已打开：字更大、按钮更大、更清楚' : '打开后字更大、按钮更大、更清楚'}</Text>
        </View>
        <Switch className='me-elder__switch' checked={elder} color='#c8102e' />
      </View>

      {!me.phoneMasked || platform.canBindPhone ? (
        <View className='card me-phone-bind'>
          {platform.canBindPhone ? (
            <TaroButton
              className='me-bind-phone'
              openType='getPhoneNumber'
              disabled={binding}
              onGetPhoneNumber={(e) => void onPhoneCode((e.detail as { code?: string }).code)}
            >
              {me.phoneMasked ? '更换手机号' : '绑定手机号'}
            </TaroButton>
          ) : (
            <Text className='muted me-bind-hint'>绑定手机号需要在微信小程序中操作：请在微信里打开“五社联动”小程序，点“我的 → 绑定手机号”。</Text>
          )}
        </View>
      ) : null}

      <Menu className='me-inbox'>
        <MenuItem
          title='我的消息'
          description='需求办理进展'
          extra={unread > 0 ? <Text className='me-inbox__unread'>{`${unread} 条未读`}</Text> : '查看'}
          onClick={() => Taro.navigateTo({ url: '/resident/pages/inbox/index' })}
        />
        <MenuItem title='我认领的心愿' description='送达期限、送达方式' extra='查看' onClick={() => Taro.navigateTo({ url: '/charity/pages/claims/index' })} />
        <MenuItem className='me-data' title='我的数据' description='导出我的全部数据、注销账号' extra='查看' onClick={() => Taro.navigateTo({ url: '/account/pages/data/index' })} />
      </Menu>

      <Menu className='me-loop'>
        <MenuItem
          className='me-consult'
          title='社区协商'
          description='议题投票、议事会、议定事项'
          extra='查看'
          onClick={() => Taro.navigateTo({ url: '/loop/pages/topics/index' })}
        />
        {me.roles.some((x) => x.role === 'org_member' || x.role === 'social_worker') ? (
          <MenuItem
            className='me-projects'
            title='我的项目'
            description={me.roles.some((x) => x.role === 'social_worker') ? '指导的服务项目、督导记录、结项签署' : '实施的服务项目、进展、结项报告'}
            extra='查看'
            onClick={() => Taro.navigateTo({ url: '/loop/pages/projects/index' })}
          />
        ) : null}
        {me.roles.some((x) => x.role === 'social_worker') ? (
          <MenuItem className='me-certificate' title='我的社工证' description='证书等级、编号、有效期' extra='查看' onClick={() => Taro.navigateTo({ url: '/loop/pages/certificate/index' })} />
        ) : null}
      </Menu>

      <Text className='section-title'>我的住址</Text>
      <Menu className='me-residence'>
        <MenuItem
          title={r ? r.communityName : '尚未选择社区'}
          description={r ? `${[r.districtName, r.streetName].filter(Boolean).join(' ')} ${r.building} ${r.unit}` : '选择社区后，才能向社区反映需求'}
          extra={r ? '修改' : '去选择'}
          onClick={() => Taro.navigateTo({ url: '/resident/pages/community/index' })}
        />
      </Menu>
      {r ? <ResidenceStanding residence={r} hasPhone={Boolean(me.phoneMasked)} /> : null}

      <Text className='section-title'>我的身份</Text>
      <View className='card'>
        <RoleList roles={me.roles} />
      </View>

      {me.workbench ? (
        <View className='card workbench-entry' onClick={() => Taro.navigateTo({ url: '/workbench/pages/index/index' })}>
          <Text className='workbench-entry__title'>进入工作台</Text>
          <Text className='workbench-entry__text'>受理需求、组织服务、记录指导</Text>
        </View>
      ) : null}

      {platform.name === 'h5' ? (
        <View className='me-account'>
          <TapButton className='me-switch' block size='xlarge' fill='outline' onClick={switchAccount}>
            切换体验账号
          </TapButton>
          <TapButton className='me-logout' block size='xlarge' fill='none' onClick={() => void signOut()}>
            退出登录
          </TapButton>
        </View>
      ) : null}
    </View>
  );
}
