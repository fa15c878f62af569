// A table in a horizontally scrolling frame: optional caption (for screen readers), column
// headings, and the rows as children.
import type { ComponentChildren } from 'preact';

export function DataTable({ caption, headers, class: cls, children }: { caption?: string; headers: ComponentChildren[]; class?: string; children: ComponentChildren }) {
  return (
    // Focusable, so a keyboard can scroll a table wider than the screen (WCAG 2.1.1).
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
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
