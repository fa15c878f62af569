// A labelled text input with an optional hint, error or confirmation under it.
import type { InputHTMLAttributes } from 'preact';
import { t } from '../../i18n';
import { FieldError, Hint, describedBy } from './FieldMessages';
import { useId } from './useId';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'label' | 'onInput' | 'value'> & {
  label: string;
  hint?: string;
  error?: string;
  ok?: string;
  value: string;
  onInput: (v: string) => void;
  optional?: boolean;
};

export function Field({ label, hint, error, ok, value, onInput, optional, ...rest }: InputProps) {
  const id = useId();
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>
        {label}
        {optional && <span class="muted"> {t('optional')}</span>}
      </label>
      <input
        id={id}
        value={value}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error ? `${id}-err` : ok && `${id}-ok`)}
        {...(rest as any)}
      />
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error ? (
        <FieldError id={`${id}-err`}>{error}</FieldError>
      ) : (
        ok && (
          <p class="ok" id={`${id}-ok`}>
            <span aria-hidden="true">✓ </span>
            {ok}
          </p>
        )
      )}
    </div>
  );
}

