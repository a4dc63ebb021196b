/** DOM stand-ins for @tarojs/components in the client jest project. */
import type { ReactNode } from 'react';

type Props = { className?: string; children?: ReactNode; onClick?: () => void; [key: string]: unknown };

const pass = (props: Props) => {
  const out: Record<string, unknown> = { className: props.className, onClick: props.onClick, style: props.style };
  for (const [k, v] of Object.entries(props)) if (k.startsWith('data-')) out[k] = v;
  return out;
};

export const View = (props: Props) => <div {...pass(props)}>{props.children}</div>;
export const Text = (props: Props) => <span {...pass(props)}>{props.children}</span>;
export const Button = (props: Props & { openType?: string; disabled?: boolean }) => (
  <button {...pass(props)} data-open-type={props.openType} disabled={props.disabled}>
    {props.children}
  </button>
);
export const Input = (props: Props & { value?: string; placeholder?: string; onInput?: (e: { detail: { value: string } }) => void }) => (
  <input
    className={props.className}
    value={props.value}
    placeholder={props.placeholder}
    onChange={(e) => props.onInput?.({ detail: { value: e.target.value } })}
  />
);
export const Textarea = (props: Props & { value?: string; placeholder?: string; onInput?: (e: { detail: { value: string } }) => void }) => (
  <textarea
    className={props.className}
    value={props.value}
    placeholder={props.placeholder}
    onChange={(e) => props.onInput?.({ detail: { value: e.target.value } })}
  />
);
export const Switch = (props: Props & { checked?: boolean; onChange?: (e: { detail: { value: boolean } }) => void }) => (
  <input
    type='checkbox'
    className={props.className}
    checked={!!props.checked}
    onChange={(e) => props.onChange?.({ detail: { value: e.target.checked } })}
  />
);
export const Image = (props: Props & { src?: string }) => <img className={props.className} src={props.src} onClick={props.onClick} alt='' />;
/** The phone's picker: the test reads what it shows; pickers are driven through their onChange in tests that need it. */
export const Picker = (props: Props & { mode?: string; value?: string }) => (
  <div className={`picker ${props.className ?? ''}`} data-mode={props.mode} data-value={props.value}>
    {props.children}
  </div>
);
