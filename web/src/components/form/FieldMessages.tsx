// The hint and the error under a form control (the error is announced: role="alert").
import type { ComponentChildren } from 'preact';

export function Hint({ id, children }: { id?: string; children: ComponentChildren }) {
  return (
    <p class="hint" id={id}>
      {children}
    </p>
  );
}

export function FieldError({ id, children }: { id?: string; children: ComponentChildren }) {
  return (
    <p class="error" id={id} role="alert">
      <span aria-hidden="true">⚠ </span>
      {children}
    </p>
  );
}

/** The aria-describedby value of a control from the ids of the messages shown under it. */
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}
