import Taro from '@tarojs/taro';
import type { LoginCredential, SubscribeResult } from './index';

const ACCOUNT_KEY = 'demoAccount';

export const platform = {
  name: 'h5' as const,
  canBindPhone: false,

  async loginCredential(): Promise<LoginCredential | null> {
    const account = Taro.getStorageSync(ACCOUNT_KEY) as string | undefined;
    return account ? { kind: 'demo', account } : null;
  },

  rememberAccount(account: string | null): void {
    if (account) Taro.setStorageSync(ACCOUNT_KEY, account);
    else Taro.removeStorageSync(ACCOUNT_KEY);
  },

  async scanCode(): Promise<string | null> {
    // Browsers have no scanner here; the check-in page offers typing the code instead.
    return null;
  },

  async requestSubscribe(templateIds: string[]): Promise<Record<string, SubscribeResult>> {
    const out: Record<string, SubscribeResult> = {};
    for (const id of templateIds) out[id] = 'unsupported';
    return out;
  },
};
