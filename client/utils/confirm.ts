import Taro from '@tarojs/taro';

/**
 * Asks before an action that cannot be undone by one tap (WeChat's modal; proceeds where there is none).
 * Its own module so that a tab page can ask without importing components/Basics (and its styles)
 * into the weapp main package.
 */
export async function confirmDialog(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  if (typeof Taro.showModal !== 'function') return true;
  try {
    const res = await Taro.showModal({ title, content, confirmText, cancelText: '再想想' });
    return !!res.confirm;
  } catch {
    return true;
  }
}
