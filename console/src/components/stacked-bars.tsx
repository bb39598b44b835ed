import { digits, language } from '../i18n';

export interface BarSegment {
  /** What the segment counts (a status); its colour comes from `colors`. */
  key: string;
  label: string;
  count: number;
  /** The records behind the number. */
  href: string;
}

export interface BarRow {
  key: string;
  label: string;
  segments: BarSegment[];
}

const WIDTH = 720;
const LABEL = 190;
const ROW = 30;
const BAR = 20;
const AXIS = 26;
const GAP = 8;

/** A round step for about five ticks up to `max`. */
const tickStep = (max: number): number => {
  if (max <= 5) return 1;
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? raw;
};

/**
 * Horizontal stacked bars in plain SVG (no chart library): one row per group, a segment per key,
 * each segment a link to its records. Right to left in Persian: labels on the right, bars and the
 * axis growing leftwards from zero at the right; mirrored in English.
 */
export const StackedBars = ({ rows, colors, testId, title }: { rows: BarRow[]; colors: Record<string, string>; testId: string; title: string }) => {
  const rtl = language() === 'fa';
  const plot = WIDTH - LABEL - 2 * GAP - 36; // room for the total after the longest bar
  const max = Math.max(1, ...rows.map((row) => row.segments.reduce((sum, s) => sum + s.count, 0)));
  const step = tickStep(max);
  const top = Math.ceil(max / step) * step;
  const scale = (n: number) => (n / top) * plot;
  // A box [x, x + w) measured from the bars' start, placed on the page: from the right in RTL.
  const place = (x: number, w: number) => (rtl ? WIDTH - LABEL - GAP - x - w : LABEL + GAP + x);
  const height = AXIS + rows.length * ROW + 4;
  const ticks: number[] = [];
  for (let tick = 0; tick <= top; tick += step) ticks.push(tick);
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-label={title}
      data-testid={testId}
      data-direction={rtl ? 'rtl' : 'ltr'}
      direction="ltr"
    >
      <title>{title}</title>
      {ticks.map((tick) => {
        const x = place(scale(tick), 0);
        return (
          <g key={tick} class="tick">
            <line x1={x} x2={x} y1={AXIS - 6} y2={height - 2} />
            <text x={x} y={AXIS - 10} text-anchor="middle">
              {digits(tick)}
            </text>
          </g>
        );
      })}
      {rows.map((row, index) => {
        const y = AXIS + index * ROW + (ROW - BAR) / 2;
        let offset = 0;
        const total = row.segments.reduce((sum, s) => sum + s.count, 0);
        return (
          <g key={row.key} data-testid="chart-row" data-key={row.key}>
            <text class="row-label" x={rtl ? WIDTH - 4 : LABEL} y={y + BAR / 2 + 5} text-anchor="end">
              {row.label}
            </text>
            {row.segments
              .filter((segment) => segment.count > 0)
              .map((segment) => {
                const w = scale(segment.count);
                const x = place(offset, w);
                offset += w;
                return (
                  <a key={segment.key} href={segment.href} data-testid="chart-segment" data-status={segment.key} data-count={segment.count}>
                    <rect x={x} y={y} width={Math.max(w - 1, 1)} height={BAR} fill={colors[segment.key] ?? '#888'}>
                      <title>{`${row.label} · ${segment.label}: ${digits(segment.count)}`}</title>
                    </rect>
                    {w > 22 && (
                      <text class="segment-label" x={x + w / 2} y={y + BAR / 2 + 5} text-anchor="middle">
                        {digits(segment.count)}
                      </text>
                    )}
                  </a>
                );
              })}
            <text class="row-total" x={rtl ? place(offset, 0) - 6 : place(offset, 0) + 6} y={y + BAR / 2 + 5} text-anchor={rtl ? 'end' : 'start'}>
              {total > 0 ? digits(total) : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
};

/** The colours' key, in HTML under a chart. */
export const Legend = ({ items }: { items: { key: string; label: string; color: string }[] }) => (
  <ul class="legend">
    {items.map((item) => (
      <li key={item.key}>
        <span class="swatch" style={{ background: item.color }} /> {item.label}
      </li>
    ))}
  </ul>
);
