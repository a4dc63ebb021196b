import { Button, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import './TapButton.scss';

/**
 * The tab pages' button, drawn like NutUI's Button and sized by the same theme variables
 * (`--nutui-button-*`, which 长辈模式 enlarges in app.scss). The four tabs live in the weapp main
 * package, which WeChat downloads before anything shows: NutUI's Button would bring its code, its
 * icon font and ~25 KB of styles into it (#15). Subpackage pages keep NutUI's Button.
 * Props mean what NutUI's do: no `fill` is NutUI's default look (solid for primary, a grey
 * border for default).
 */
export function TapButton({
  type = 'default',
  fill,
  size = 'large',
  block = false,
  className,
  onClick,
  children,
}: {
  type?: 'default' | 'primary';
  fill?: 'outline' | 'none';
  size?: 'large' | 'xlarge';
  block?: boolean;
  className?: string;
  onClick?: () => void;
  children: ReactNode;
}) {
  const look = [`tap-btn--${type}`, fill ? `tap-btn--${type}-${fill}` : `tap-btn--${type}-plain`, `tap-btn--${size}`, block ? 'tap-btn--block' : ''];
  return (
    <Button className={`tap-btn ${look.join(' ')} ${className ?? ''}`} hoverClass='tap-btn--pressed' onClick={() => onClick?.()}>
      <View className='tap-btn__inner'>{children}</View>
    </Button>
  );
}
