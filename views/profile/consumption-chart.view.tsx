/** The Connections tab's monthly consumption chart (inline SVG). */
import type { ConsumptionMonth } from '../../domain/readings/profile-connections.js';
import { formatNumber } from './format.js';

const WIDTH = 720;
const HEIGHT = 220;
const LEFT = 64;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 30;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Every month from the first to the last with data, so a month not wholly covered shows as a gap. */
function monthSlots(months: ConsumptionMonth[]): Array<{ month: string; point: ConsumptionMonth | null }> {
  if (!months.length) return [];
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const [y0, m0] = months[0].month.split('-').map(Number);
  const [y1, m1] = months[months.length - 1].month.split('-').map(Number);
  const slots = [];
  for (let i = 0; i <= (y1 - y0) * 12 + (m1 - m0); i++) {
    const y = y0 + Math.floor((m0 - 1 + i) / 12);
    const m = ((m0 - 1 + i) % 12) + 1;
    const key = `${y}-${String(m).padStart(2, '0')}`;
    slots.push({ month: key, point: byMonth.get(key) ?? null });
  }
  return slots;
}

/** A round number at or above `value` for the top of the scale (1, 2, 2.5 or 5 × 10^k). */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((f) => f * power).find((v) => v >= value) ?? 10 * power;
}

/**
 * Monthly consumption as bars, drawn on the server as SVG: no chart script, and only
 * SVG presentation attributes (the CSP forbids inline styles). Months with a flagged
 * reading still waiting for an agent are drawn in the alert colour.
 */
export function ConsumptionChart({ months, unit }: { months: ConsumptionMonth[]; unit: string }) {
  const slots = monthSlots(months);
  if (!slots.length) return <p class="muted">No consumption recorded yet.</p>;
  const top = niceCeiling(Math.max(...months.map((m) => m.consumption)));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const slot = plotW / slots.length;
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const mean = months.reduce((s, m) => s + m.consumption, 0) / months.length;
  return (
    <figure class="consumption-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">Monthly consumption ({unit})</title>
        <desc id="chart-desc">
          {`${months.length} months from ${months[0].month} to ${months[months.length - 1].month}; average ${formatNumber(mean)} ${unit} a month.`}
        </desc>
        {[0, 0.5, 1].map((f) => (
          <g>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(top * f)} y2={y(top * f)} stroke="#d9dee7" stroke-width="1" />
            <text x={LEFT - 6} y={y(top * f) + 4} text-anchor="end" font-size="11" fill="#5c6678">{formatNumber(top * f)}</text>
          </g>
        ))}
        {slots.map(({ month, point }, i) => {
          const [year, m] = month.split('-').map(Number);
          const x = LEFT + i * slot;
          const label = m === 1 || i === 0 ? `${MONTHS[m - 1]} ${String(year).slice(2)}` : MONTHS[m - 1];
          return (
            <g data-month={month}>
              {point ? (
                <rect x={x + slot * 0.15} y={y(point.consumption)} width={slot * 0.7} height={Math.max(0, TOP + plotH - y(point.consumption))}
                  fill={point.flagged ? '#d35400' : point.estimated ? '#8fb3dc' : '#1d5fa8'} data-consumption={String(point.consumption)}
                  data-estimated={point.estimated ? 'true' : undefined}>
                  <title>{`${month}: ${formatNumber(point.consumption)} ${unit}${point.flagged ? ' (flagged reading to verify)' : ''}${point.estimated ? ' (includes an estimate)' : ''}`}</title>
                </rect>
              ) : null}
              {slots.length <= 12 || i % 2 === 0 ? (
                <text x={x + slot / 2} y={HEIGHT - 10} text-anchor="middle" font-size="11" fill="#5c6678"
                  font-style={point?.estimated ? 'italic' : undefined}>{label}</text>
              ) : null}
            </g>
          );
        })}
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(mean)} y2={y(mean)} stroke="#1d2430" stroke-width="1" stroke-dasharray="4 3" />
      </svg>
      <figcaption class="muted">
        Bars: consumption per month, each reading spread over the days since the one before it, so a meter read every quarter shows three months; a month not yet wholly covered by readings is left out. Dashed line: the average. Orange: a month with a flagged reading still to verify. Pale, with the month in italics: the month includes an estimated reading.
      </figcaption>
    </figure>
  );
}
