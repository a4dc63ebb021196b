import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { DemoAccount } from '@contract/users';
import { usePageData } from '../../hooks/usePageData';
import { ApiError, api, loginAs } from '../../services/api';
import { needsCommunity } from '../../store/session';
import './index.scss';
import { pageClass } from '../../store/elder';
import { safeRedirect } from '../../utils/nav';

type State = { kind: 'loading' } | { kind: 'list'; accounts: DemoAccount[] } | { kind: 'disabled' } | { kind: 'error'; message: string };

/** H5 demo login: pick one of the demo accounts. In WeChat the app logs in by itself. */
export default function LoginPage() {
  // Where the visitor was going (a shared link, an action on a public page): back there after login.
  const redirect = safeRedirect(useRouter().params.redirect);
  const loaded = usePageData(
    () =>
      api.demoAccounts().then(
        (accounts): State => ({ kind: 'list', accounts }),
        (err: unknown): State => {
          if (err instanceof ApiError && err.code === 'DEV_LOGIN_DISABLED') return { kind: 'disabled' };
          throw err;
        },
      ),
    [],
  );
  const state: State = loaded.data ?? (loaded.error ? { kind: 'error', message: loaded.error } : { kind: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);

  const choose = async (account: string) => {
    if (busy) return;
    setBusy(account);
    try {
      const result = await loginAs(account);
      if (needsCommunity(result.me)) await Taro.redirectTo({ url: `/resident/pages/community/index${redirect ? `?redirect=${encodeURIComponent(redirect)}` : ''}` });
      else await Taro.reLaunch({ url: redirect ?? '/pages/index/index' });
    } catch {
      // The API module showed the reason.
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className={pageClass('page login')}>
      <View className='login-head'>
        <Text className='login-head__title'>五社联动 · 社区服务</Text>
        <Text className='login-head__text'>社区、社会组织、社工、志愿者、慈善资源，一起为居民办实事</Text>
      </View>

      {state.kind === 'loading' ? <Text className='muted'>正在加载…</Text> : null}

      {state.kind === 'disabled' ? (
        <View className='card login-disabled'>
          <Text className='login-disabled__title'>请在微信中打开</Text>
          <Text className='muted'>网页版只用于演示。请在微信里搜索并打开“五社联动”小程序，会自动登录。</Text>
        </View>
      ) : null}

      {state.kind === 'error' ? (
        <View className='card'>
          <Text className='muted'>{state.message}</Text>
        </View>
      ) : null}

      {state.kind === 'list' ? (
        <View className='login-list'>
          <Text className='section-title'>请选择一个体验账号</Text>
          {state.accounts.map((a) => (
            <View
              key={a.account}
              className={`demo-account demo-account--${a.account}${busy === a.account ? ' demo-account--busy' : ''}`}
              data-account={a.account}
              onClick={() => void choose(a.account)}
            >
              <View className='demo-account__avatar'>
                <Text>{a.nickname.slice(0, 1)}</Text>
              </View>
              <View className='demo-account__text'>
                <Text className='demo-account__name'>{a.nickname}</Text>
                <Text className='demo-account__desc'>{a.description}</Text>
              </View>
              <Text className='demo-account__go'>{busy === a.account ? '登录中…' : '进入 ›'}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
