import { View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import { boardPageUrl } from '../../utils/nav';

/**
 * 社区公示's old address, kept in the main package so that links already shared (?communityId=)
 * still open the board: it forwards to the page itself, which lives in the board subpackage now
 * (#15: the main package under 400 KB).
 */
export default function OldBoardLink() {
  useLoad((params: Record<string, string | undefined>) => {
    void Taro.redirectTo({ url: boardPageUrl(params.communityId) });
  });
  return <View className='page' />;
}
