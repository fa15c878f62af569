// Small accessible building blocks: labelled fields with hints and errors, notices, buttons.
import type { ButtonHTMLAttributes, ComponentChildren, InputHTMLAttributes } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, NetworkError } from '../api';
import { colourWord, t } from '../i18n';

let uid = 0;
export function useId(prefix = 'f'): string {
  const ref = useRef<string | undefined>(undefined);
  if (!ref.current) ref.current = `${prefix}${++uid}`;
  return ref.current;
}

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
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-err` : ok ? `${id}-ok` : ''].filter(Boolean).join(' ');
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
        aria-describedby={describedBy || undefined}
        {...(rest as any)}
      />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error ? (
        <p class="error" id={`${id}-err`} role="alert">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
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
        aria-describedby={[props.hint ? `${id}-hint` : '', props.error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined}
      />
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${id}-err`} role="alert">
          <span aria-hidden="true">⚠ </span>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function Select(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: [value: string, label: string][];
  hint?: string;
  name?: string;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} value={props.value} onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}>
        {props.options.map(([v, l]) => (
          <option value={v} key={v}>
            {l}
          </option>
        ))}
      </select>
      {props.hint && <p class="hint">{props.hint}</p>}
    </div>
  );
}

export function Checkbox(props: { label: ComponentChildren; checked: boolean; onChange: (v: boolean) => void; name?: string; error?: string }) {
  const id = useId();
  return (
    <div class={`check${props.error ? ' has-error' : ''}`}>
      <input id={id} type="checkbox" name={props.name} checked={props.checked} onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)} aria-invalid={props.error ? 'true' : undefined} />
      <label for={id}>{props.label}</label>
      {props.error && (
        <p class="error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {props.error}
        </p>
      )}
    </div>
  );
}

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

/** Human text for any error thrown by api(). */
export function errorText(e: unknown): string {
  if (e instanceof NetworkError) return t('network_error');
  if (e instanceof ApiError) {
    if (e.missing) return t('not_available');
    if (e.status === 401) return t('error_session');
    if (e.status === 403 && !e.detail) return t('error_forbidden');
    if (e.errors.length) return `${e.detail || t('fix_fields')} ${e.errors.map((x) => `${x.path.replace(/^\$\./, '')}: ${x.message}`).join('; ')}`;
    return e.detail || e.title || t('error_generic');
  }
  return String((e as Error)?.message ?? e);
}

export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError && error.missing) return <Notice kind="info">{t('not_available')}</Notice>;
  return <Notice kind="error">{errorText(error)}</Notice>;
}

export function Button(props: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & { busy?: boolean; kind?: 'primary' | 'secondary' | 'danger' | 'link'; type?: 'button' | 'submit'; disabled?: boolean }) {
  const { busy, kind = 'primary', children, disabled, ...rest } = props;
  return (
    <button class={`btn btn-${kind}`} disabled={busy || disabled} aria-busy={busy ? 'true' : undefined} type={props.type ?? 'button'} {...(rest as any)}>
      {busy && <span class="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

/** A coloured chip that always names the colour in words too. */
export function ColourBadge({ colour }: { colour?: string }) {
  const shape = colour === 'green' ? '●' : colour === 'yellow' ? '▲' : colour === 'red' ? '■' : '?';
  return (
    <span class={`badge badge-${colour ?? 'unknown'}`}>
      <span aria-hidden="true">{shape} </span>
      {colourWord(colour)}
    </span>
  );
}

export function Page({ title, children, intro }: { title: string; intro?: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · ${t('app_name')}`;
  }, [title]);
  return (
    <section class="page">
      <h1>{title}</h1>
      {intro && <p class="intro">{intro}</p>}
      {children}
    </section>
  );
}

/** Loads data once (and on reload()); keeps the error for display. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    fn().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { data, error, loading, reload: () => setTick((x) => x + 1), setData };
}

/**
 * One write at a time (a form submit, a button): `busy` while `run(fn)` runs, the error `fn` threw
 * (for ErrorNotice / ApiError.field), and the success text `fn` returned. Each run clears the last
 * error and success text first. `what` names the run, for pages with several buttons (`running`).
 */
export function useAction() {
  const [running, setRunning] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [msg, setMsg] = useState<string>();
  const run = async (fn: () => Promise<string | void>, what = 'run') => {
    setRunning(what);
    setError(undefined);
    setMsg(undefined);
    try {
      const m = await fn();
      if (typeof m === 'string') setMsg(m);
    } catch (e) {
      setError(e);
    } finally {
      setRunning(undefined);
    }
  };
  return { busy: running !== undefined, running, error, msg, run, setError };
}

/** The success text and the error of a useAction(). */
export function ActionNotices({ action }: { action: { msg?: string; error: unknown } }) {
  return (
    <>
      {action.msg && <Notice kind="success">{action.msg}</Notice>}
      <ErrorNotice error={action.error} />
    </>
  );
}

/** Above a useLoad() list: a spinner while loading, the error, and "empty" once loaded when `empty`. */
export function LoadStatus({ q, empty }: { q: { loading: boolean; error: unknown }; empty: boolean }) {
  return (
    <>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && empty && <Empty />}
    </>
  );
}

/** Entry or exit, as two radio buttons named "direction". */
export function DirectionField({ value, onChange }: { value: 'in' | 'out'; onChange: (d: 'in' | 'out') => void }) {
  return (
    <fieldset class="field">
      <legend>{t('cp_direction')}</legend>
      <div class="radios">
        <label>
          <input type="radio" name="direction" checked={value === 'in'} onChange={() => onChange('in')} /> {t('dir_in')}
        </label>
        <label>
          <input type="radio" name="direction" checked={value === 'out'} onChange={() => onChange('out')} /> {t('dir_out')}
        </label>
      </div>
    </fieldset>
  );
}

export function Loading() {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> {t('loading')}
    </p>
  );
}

export function Empty() {
  return <p class="muted">{t('empty_list')}</p>;
}
