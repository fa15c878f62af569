import type { ComponentChildren } from 'preact';
import { FieldError } from './FieldMessages';
import { useId } from './useId';

export function Checkbox(props: { label: ComponentChildren; checked: boolean; onChange: (v: boolean) => void; name?: string; error?: string }) {
  const id = useId();
  return (
    <div class={`check${props.error ? ' has-error' : ''}`}>
      <input id={id} type="checkbox" name={props.name} checked={props.checked} onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} aria-invalid={props.error ? 'true' : undefined} />
      <label for={id}>{props.label}</label>
      {props.error && <FieldError>{props.error}</FieldError>}
    </div>
  );
}

