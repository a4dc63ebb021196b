import Taro from '@tarojs/taro';
import type { LoginCredential, PickedLocation, SubscribeResult } from './index';

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

  canChooseLocation: false,

  async chooseLocation(): Promise<PickedLocation | null> {
    // The browser demo has no map picker (it would need a map vendor key); say so.
    void Taro.showToast({ title: '网页版不能地图选点，请在微信小程序中使用，或填写楼栋单元', icon: 'none', duration: 3000 });
    return null;
  },
  async openDocument(): Promise<boolean> {
    // The browser shows the file through a link to the blob: URL.
    return false;
  },
};
