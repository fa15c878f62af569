import { Hint } from './FieldMessages';
import { useId } from './useId';

/** A labelled drop-down; `V` is the union of its values. */
export function Select<V extends string>(props: {
  label: string;
  value: V;
  onChange: (v: V) => void;
  options: [value: V, label: string][];
  hint?: string;
  name?: string;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} value={props.value} onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value as V)}>
        {props.options.map(([v, l]) => (
          <option value={v} key={v}>
            {l}
          </option>
        ))}
      </select>
      {props.hint && <Hint>{props.hint}</Hint>}
    </div>
  );
}

