import { FieldError, Hint, describedBy } from './FieldMessages';
import { useId } from './useId';

export function TextArea(props: { label: string; hint?: string; error?: string; value: string; onInput: (v: string) => void; rows?: number; name?: string }) {
  const id = useId();
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        value={props.value}
        onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.hint && `${id}-hint`, props.error && `${id}-err`)}
      />
      {props.hint && <Hint id={`${id}-hint`}>{props.hint}</Hint>}
      {props.error && <FieldError id={`${id}-err`}>{props.error}</FieldError>}
    </div>
  );
}

