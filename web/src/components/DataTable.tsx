// A table in a horizontally scrolling frame: optional caption (for screen readers), column
// headings, and the rows as children.
import type { ComponentChildren } from 'preact';

export function DataTable({ caption, headers, class: cls, children }: { caption?: string; headers: ComponentChildren[]; class?: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table class={cls}>
        {caption && <caption class="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th scope="col" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
