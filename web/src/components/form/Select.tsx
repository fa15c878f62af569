import { Hint } from './FieldMessages';
import { useId } from './useId';

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
      {props.hint && <Hint>{props.hint}</Hint>}
    </div>
  );
}

