// A message box: information, success, warning (role="status") or error (role="alert").
import type { ComponentChildren } from 'preact';

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'error' | 'success' | 'warning'; children: ComponentChildren }) {
  const icon = { info: 'ℹ', error: '⚠', success: '✓', warning: '!' }[kind];
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <span class="notice-icon" aria-hidden="true">
        {icon}
      </span>
      <div>{children}</div>
    </div>
  );
}

