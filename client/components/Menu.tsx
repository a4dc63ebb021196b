import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './Menu.scss';

/**
 * A white group of tappable rows (title, a line under it, a short word on the right), for 我的
 * in the weapp main package: drawn like NutUI's CellGroup/Cell without bringing NutUI's
 * ConfigProvider (lodash.kebabcase, react-fast-compare) and cell styles into it (#15).
 */
export function Menu({ className, children }: { className?: string; children: ReactNode }) {
  return <View className={`menu ${className ?? ''}`}>{children}</View>;
}

export function MenuItem({
  title,
  description,
  extra,
  className,
  onClick,
}: {
  title: ReactNode;
  description?: ReactNode;
  extra?: ReactNode;
  className?: string;
  onClick?: () => void;
}) {
  return (
    <View className={`menu-item ${className ?? ''}`} hoverClass='menu-item--pressed' onClick={onClick}>
      <View className='menu-item__text'>
        <Text className='menu-item__title'>{title}</Text>
        {description ? <Text className='menu-item__desc'>{description}</Text> : null}
      </View>
      {extra ? <View className='menu-item__extra'>{extra}</View> : null}
    </View>
  );
}
