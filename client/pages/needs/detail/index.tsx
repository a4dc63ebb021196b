import { View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { needPageUrl } from '../../../utils/nav';

/**
 * The need page's old address, kept in the main package so that links already out there — inbox
 * rows and subscribe messages sent before #15, shared links — still open the need: it forwards
 * to the page itself, which lives in the resident subpackage now.
 */
export default function OldNeedLink() {
  useLoad((params: Record<string, string | undefined>) => {
    void Taro.redirectTo({ url: needPageUrl(encodeURIComponent(params.id ?? '')) });
  });
  return <View className='page' />;
}
