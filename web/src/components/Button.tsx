import type { ButtonHTMLAttributes } from 'preact';

export function Button(props: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & { busy?: boolean; kind?: 'primary' | 'secondary' | 'danger' | 'link'; type?: 'button' | 'submit'; disabled?: boolean }) {
  const { busy, kind = 'primary', children, disabled, ...rest } = props;
  return (
    <button class={`btn btn-${kind}`} disabled={busy || disabled} aria-busy={busy ? 'true' : undefined} type={props.type ?? 'button'} {...(rest as any)}>
      {busy && <span class="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

