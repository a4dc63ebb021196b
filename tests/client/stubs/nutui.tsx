/** DOM stand-ins for the few NutUI components the pages use. */
import type { ReactNode } from 'react';

type Props = { className?: string; children?: ReactNode; onClick?: () => void; [key: string]: unknown };

export const Button = (props: Props & { disabled?: boolean; loading?: boolean }) => (
  <button className={props.className} onClick={props.onClick} disabled={props.disabled || props.loading}>
    {props.children}
  </button>
);
export const CellGroup = (props: Props) => <div className={props.className}>{props.children}</div>;
export const Cell = (props: Props & { title?: ReactNode; description?: ReactNode; extra?: ReactNode }) => (
  <div className={`nut-cell ${props.className ?? ''}`} onClick={props.onClick}>
    <span className='nut-cell-title'>{props.title}</span>
    <span className='nut-cell-description'>{props.description}</span>
    <span className='nut-cell-extra'>{props.extra}</span>
  </div>
);
