// The report's line charts as inline SVG (no script, no external file). Axis ticks are "nice"
// numbers (1, 2 or 5 × a power of ten; whole numbers for counts), so no label repeats; the end
// labels are anchored inward so none is cut off at the chart's edge. Weeks after `today` are
// drawn dashed: they are projected, not realised.

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface Series {
  name: string;
  color: string;
  values: number[];
}

/** 1, 2 or 5 × 10^k, the smallest at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/**
 * Evenly spaced ticks covering [min, max] (0 included), about `target` of them; whole-number steps
 * when `integer`. The first and last tick are the axis' ends.
 */
export function niceTicks(min: number, max: number, opts: { integer?: boolean; target?: number } = {}): number[] {
  const lowest = Math.min(0, min);
  let highest = Math.max(0, max);
  if (highest === lowest) highest = lowest + 1;
  let step = niceStep((highest - lowest) / Math.max(1, (opts.target ?? 5) - 1));
  if (opts.integer) step = Math.max(1, Math.round(step));
  const start = Math.floor(lowest / step) * step;
  const ticks: number[] = [];
  // toPrecision drops the binary noise of 0.1 steps (0.6000000000000001).
  for (let v = start; v < highest + step / 2; v += step) ticks.push(Number((Math.round(v / step) * step).toPrecision(12)));
  if (ticks[ticks.length - 1]! < highest) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

/** Week numbers to label on the x axis: week 1, nice multiples, and the last week. */
export function weekTicks(weeks: number): number[] {
  if (weeks <= 1) return [1];
  const step = Math.max(1, niceStep(weeks / 6));
  const ticks = [1];
  for (let w = step; w < weeks; w += step) if (w - ticks[ticks.length - 1]! >= step / 2) ticks.push(w);
  if (weeks - ticks[ticks.length - 1]! < step / 2 && ticks.length > 1) ticks.pop();
  ticks.push(weeks);
  return ticks;
}

/**
 * A line chart: x = weeks 1…n, y over nice ticks. `realisedWeeks` (0…n) splits each line into the
 * realised part (solid) and the projected part (dashed), with a "today" rule between them.
 */
export function lineChart(
  title: string,
  series: Series[],
  yLabel: (v: number) => string,
  opts: { integer?: boolean; realisedWeeks?: number } = {},
): string {
  const width = 760;
  const height = 280;
  const legendRows = Math.ceil((series.length + 1) / 3);
  const pad = { left: 100, right: 24, top: 22 + 14 * legendRows, bottom: 36 };
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const all = series.flatMap((s) => s.values);
  const ticks = niceTicks(Math.min(0, ...all), Math.max(0, ...all), { integer: opts.integer });
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  const x = (i: number) => pad.left + (n === 1 ? 0 : (i * (width - pad.left - pad.right)) / (n - 1));
  const y = (v: number) => pad.top + ((hi - v) * (height - pad.top - pad.bottom)) / (hi - lo);
  const realised = Math.max(0, Math.min(n, opts.realisedWeeks ?? n));
  const points = (values: number[], from: number, to: number) =>
    values
      .slice(from, to)
      .map((v, i) => `${x(from + i).toFixed(1)},${y(v).toFixed(1)}`)
      .join(' ');
  const lines = series
    .map((s) => {
      const solid =
        realised > 0
          ? `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points(s.values, 0, realised)}"><title>${esc(s.name)}, realised</title></polyline>`
          : '';
      // The projection starts at the last realised week, so the two parts join.
      const dashed =
        realised < n
          ? `<polyline fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="5 4" opacity="0.7" points="${points(s.values, Math.max(0, realised - 1), n)}"><title>${esc(s.name)}, projected</title></polyline>`
          : '';
      return solid + dashed;
    })
    .join('');
  const legendItems = [
    ...series.map((s) => `<rect width="14" height="4" y="-4" fill="${s.color}"/><text x="18" font-size="11">${esc(s.name)}</text>`),
    ...(realised < n
      ? [
          '<line x1="0" x2="14" y1="-2" y2="-2" stroke="#555" stroke-width="2" stroke-dasharray="5 4"/><text x="18" font-size="11">dashed: projected, not yet realised</text>',
        ]
      : []),
  ];
  const legend = legendItems
    .map((item, i) => `<g transform="translate(${pad.left + (i % 3) * 215},${14 + 14 * Math.floor(i / 3)})">${item}</g>`)
    .join('');
  const yTicks = ticks
    .map(
      (t) =>
        `<text x="${pad.left - 6}" y="${y(t) + 4}" font-size="10" text-anchor="end">${esc(yLabel(t))}</text><line x1="${pad.left}" x2="${width - pad.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e3e3e3"/>`,
    )
    .join('');
  const xTicks = weekTicks(n)
    .map((w) => {
      // The first label starts at its tick and the last ends at it: both stay inside the chart.
      const anchor = n > 1 && w === 1 ? 'start' : w === n && n > 1 ? 'end' : 'middle';
      return `<text x="${x(w - 1)}" y="${height - pad.bottom + 16}" font-size="10" text-anchor="${anchor}">week ${w}</text><line x1="${x(w - 1)}" x2="${x(w - 1)}" y1="${height - pad.bottom}" y2="${height - pad.bottom + 4}" stroke="#999"/>`;
    })
    .join('');
  const today =
    realised > 0 && realised < n
      ? `<line x1="${x(realised - 1)}" x2="${x(realised - 1)}" y1="${pad.top}" y2="${height - pad.bottom}" stroke="#555" stroke-dasharray="2 3"/><text x="${x(realised - 1) + (realised - 1 > n / 2 ? -4 : 4)}" y="${pad.top + 10}" font-size="10" text-anchor="${realised - 1 > n / 2 ? 'end' : 'start'}">today: week ${realised}</text>`
      : '';
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(title)}">${yTicks}<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(0)}" y2="${y(0)}" stroke="#999"/>${lines}${today}${legend}${xTicks}</svg></figure>`;
}
