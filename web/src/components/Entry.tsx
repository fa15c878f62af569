// One term and its value in a <dl class="kv"> list.
import type { ComponentChildren } from 'preact';

export function Entry({ term, class: cls, children }: { term: ComponentChildren; class?: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd class={cls}>{children}</dd>
    </div>
  );
}
