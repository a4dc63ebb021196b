import Taro from '@tarojs/taro';
import type { LoginCredential, PickedLocation, SubscribeResult } from './index';

export const platform = {
  name: 'weapp' as const,
  canBindPhone: true,

  async loginCredential(): Promise<LoginCredential | null> {
    const { code } = await Taro.login();
    return code ? { kind: 'wechat', code } : null;
  },

  rememberAccount(): void {
    // WeChat identifies the user by wx.login; nothing to remember.
  },

  async scanCode(): Promise<string | null> {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true });
      return res.result || null;
    } catch {
      return null;
    }
  },

  async requestSubscribe(templateIds: string[]): Promise<Record<string, SubscribeResult>> {
    const out: Record<string, SubscribeResult> = {};
    if (templateIds.length === 0) return out;
    try {
      const res = (await Taro.requestSubscribeMessage({ tmplIds: templateIds } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
      for (const id of templateIds) out[id] = res[id] === 'accept' ? 'accept' : 'reject';
    } catch {
      for (const id of templateIds) out[id] = 'reject';
    }
    return out;
  },

  canChooseLocation: true,

  async chooseLocation(): Promise<PickedLocation | null> {
    try {
      const res = await Taro.chooseLocation({});
      if (!res.latitude && !res.longitude) return null;
      const address = [res.name, res.address].filter(Boolean).join(' ').slice(0, 120) || '地图选点';
      return { lat: res.latitude, lng: res.longitude, address };
    } catch {
      // Cancelled, or location permission refused: the form keeps the building/unit option.
      return null;
    }
  },
  async openDocument(filePath: string, fileType: 'pdf' | 'xlsx'): Promise<boolean> {
    await Taro.openDocument({ filePath, fileType, showMenu: true });
    return true;
  },
};
