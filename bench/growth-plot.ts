/**
 * The growth benchmark's figures as an SVG: median latency per operation against the size of the
 * log (left) and of the aggregate (right), both axes logarithmic, so a flat line is a cost that
 * does not grow. Written by hand: two panels of polylines need no charting library.
 */
interface Cost {
  p50Ms: number;
  cpuUs: number;
}

export interface GrowthFigures {
  logs: Record<string, { events: number; operations: Record<string, Cost> }>;
  aggregates: { onLogOf: number; children: Record<string, Record<string, Cost>> };
}

const COLOURS = ['#1b6ca8', '#d1495b', '#00798c', '#edae49', '#66a182', '#8d5a97', '#30343f', '#e07a5f', '#3d405b'];
const WIDTH = 520;
const HEIGHT = 420;
/** The bottom margin holds the axis label and the legend. */
const MARGIN = { left: 64, right: 16, top: 36, bottom: 110 };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const formatCount = (n: number) => (n >= 1_000_000 ? `${Math.round(n / 100_000) / 10}M` : n >= 1_000 ? `${Math.round(n / 100) / 10}k` : String(n));

const panel = (title: string, xLabel: string, series: Record<string, [number, number][]>, offsetX: number): string => {
  const points = Object.values(series).flat();
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y).filter((y) => y > 0);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...ys)));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...ys)));
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => offsetX + MARGIN.left + (xMax === xMin ? innerW / 2 : ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * innerW);
  const sy = (y: number) => MARGIN.top + innerH - ((Math.log10(Math.max(y, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * innerH;
  const parts: string[] = [];
  parts.push(`<text x="${offsetX + WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`);
  for (let decade = yMin; decade <= yMax; decade *= 10) {
    parts.push(`<line x1="${offsetX + MARGIN.left}" x2="${offsetX + WIDTH - MARGIN.right}" y1="${sy(decade)}" y2="${sy(decade)}" stroke="#ddd"/>`);
    parts.push(`<text x="${offsetX + MARGIN.left - 6}" y="${sy(decade) + 4}" text-anchor="end" font-size="11">${decade >= 1 ? decade : decade.toPrecision(1)} ms</text>`);
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(`<line x1="${sx(x)}" x2="${sx(x)}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${sx(x)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle" font-size="11">${formatCount(x)}</text>`);
  }
  parts.push(`<text x="${offsetX + MARGIN.left + innerW / 2}" y="${HEIGHT - MARGIN.bottom + 34}" text-anchor="middle" font-size="12">${escape(xLabel)}</text>`);
  Object.entries(series).forEach(([name, values], index) => {
    const colour = COLOURS[index % COLOURS.length];
    const line = values.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${line}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const [x, y] of values) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${colour}"><title>${escape(name)}: ${y} ms</title></circle>`);
    // The legend, two columns under the axis: the lines lie close together when they are flat.
    const legendX = offsetX + MARGIN.left + (index % 2) * (innerW / 2);
    const legendY = HEIGHT - MARGIN.bottom + 52 + Math.floor(index / 2) * 16;
    const [, lastY] = values[values.length - 1];
    parts.push(`<rect x="${legendX}" y="${legendY - 9}" width="10" height="10" fill="${colour}"/>`);
    parts.push(`<text x="${legendX + 14}" y="${legendY}" font-size="11">${escape(name)} (${lastY} ms at the largest)</text>`);
  });
  return parts.join('\n');
};

/** Per operation, its points (size, median latency) in order of size. */
const seriesOf = (bySize: [number, Record<string, Cost>][]): Record<string, [number, number][]> => {
  const series: Record<string, [number, number][]> = {};
  for (const [size, operations] of bySize)
    for (const [operation, cost] of Object.entries(operations)) (series[operation] ??= []).push([size, cost.p50Ms]);
  return series;
};

export const plotGrowth = (figures: GrowthFigures): string => {
  const logSeries = seriesOf(Object.values(figures.logs).map((log) => [log.events, log.operations]));
  const aggregateSeries = seriesOf(Object.entries(figures.aggregates.children).map(([count, operations]) => [Number(count), operations]));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH * 2}" height="${HEIGHT}" viewBox="0 0 ${WIDTH * 2} ${HEIGHT}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panel('Median latency per request against the log', 'events in the log (log scale)', logSeries, 0)}
${panel(`…against the aggregate (on a log of ${formatCount(figures.aggregates.onLogOf)})`, 'items in the aggregate (log scale)', aggregateSeries, WIDTH)}
</svg>
`;
};

// Regenerates the plot from a saved result: `node dist/bench/growth-plot.js result.json docs/growth.svg`.
if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readFileSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const [input, output] = process.argv.slice(2);
  const lines = readFileSync(input, 'utf8').trim().split('\n');
  writeFileSync(output, plotGrowth(JSON.parse(lines[lines.length - 1]) as GrowthFigures));
}
