// Unique element ids for label/for and aria-describedby pairs.
import { useRef } from 'preact/hooks';

let uid = 0;
export function useId(prefix = 'f'): string {
  const ref = useRef<string | undefined>(undefined);
  if (!ref.current) ref.current = `${prefix}${++uid}`;
  return ref.current;
}
