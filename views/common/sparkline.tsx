/**
 * A small server-rendered line chart (no script): an SVG polyline drawn with attributes,
 * since the CSP forbids inline styles. The label says what the line shows in words.
 */
export interface SparkPoint {
  day: string;
  value: number;
}

/** The polyline's `points` for values scaled into width × height (a flat series sits in the middle). */
export function sparklinePoints(values: number[], width: number, height: number, pad = 2): string {
  if (!values.length) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  const stepX = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  return values
    .map((value, i) => {
      const x = values.length > 1 ? pad + i * stepX : width / 2;
      const y = span === 0 ? height / 2 : pad + (1 - (value - min) / span) * (height - 2 * pad);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

export function Sparkline({ title, points, format }: { title: string; points: SparkPoint[]; format: (n: number) => string }) {
  if (!points.length) return null;
  const width = 320;
  const height = 64;
  const first = points[0];
  const last = points[points.length - 1];
  const summary = `${title}: ${format(first.value)} on ${first.day}, ${format(last.value)} on ${last.day}`;
  return (
    <figure class="sparkline">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={summary}>
        <title>{summary}</title>
        <polyline points={sparklinePoints(points.map((p) => p.value), width, height)} fill="none" stroke="#1d5fa8" stroke-width="2" stroke-linejoin="round" />
      </svg>
      <p class="muted sparkline-range">
        <span>{first.day}: {format(first.value)}</span> <span>{last.day}: {format(last.value)}</span>
      </p>
    </figure>
  );
}
