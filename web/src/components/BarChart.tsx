import { t } from '../i18n';

/** A bar chart in plain SVG with a text table alternative for screen readers. */
export function BarChart({ title, data, colour = '#0b5cad', unit = '' }: { title: string; data: { label: string; value: number }[]; colour?: string; unit?: string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const w = 720;
  const h = 220;
  const pad = { l: 36, r: 8, t: 10, b: 28 };
  const bw = (w - pad.l - pad.r) / Math.max(1, data.length);
  const ticks = [0, Math.ceil(max / 2), max];
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={title} preserveAspectRatio="none">
        {ticks.map((tk) => {
          const y = pad.t + (h - pad.t - pad.b) * (1 - tk / max);
          return (
            <g key={tk}>
              <line x1={pad.l} x2={w - pad.r} y1={y} y2={y} stroke="#d0d7de" />
              <text x={pad.l - 4} y={y + 4} text-anchor="end" font-size="11" fill="#57606a">
                {tk}
              </text>
            </g>
          );
        })}
        {data.map((d, i) => {
          const bh = ((h - pad.t - pad.b) * d.value) / max;
          const x = pad.l + i * bw;
          return (
            <g key={d.label}>
              <rect x={x + bw * 0.15} y={h - pad.b - bh} width={bw * 0.7} height={bh} fill={colour}>
                <title>
                  {d.label}: {d.value}
                  {unit}
                </title>
              </rect>
              {(data.length <= 12 || i % 3 === 0) && (
                <text x={x + bw / 2} y={h - pad.b + 16} text-anchor="middle" font-size="11" fill="#57606a">
                  {d.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{t('chart_table', { title })}</summary>
        <table>
          <tbody>
            {data.map((d) => (
              <tr key={d.label}>
                <th scope="row">{d.label}</th>
                <td>{d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
