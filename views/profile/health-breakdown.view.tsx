/** The health score breakdown: components, weights, points and penalties. */
import type { HealthScore } from '../../domain/accounts/health-score.js';
import { formatNumber } from './format.js';

const percent = (x: number) => `${formatNumber(x * 100, 1)}%`;

/**
 * Every component of the health score with its weight and points, then the penalties,
 * so the agent can show the customer how the header's X/100 comes about (docs/rules.md#health-score).
 */
export function HealthBreakdown({ health }: { health: HealthScore }) {
  const components = Object.values(health.components);
  const weighted = components.reduce((sum, c) => sum + c.points, 0);
  const penalties = health.penalties.reduce((sum, p) => sum + p.points, 0);
  const clamped = health.baseScore - penalties !== health.score;
  return (
    <table class="health-breakdown" data-score={String(health.score)}>
      <caption>How the health score is made</caption>
      <thead>
        <tr><th scope="col">Component</th><th scope="col">Value</th><th scope="col">Weight</th><th scope="col" class="num">Points</th></tr>
      </thead>
      <tbody>
        {components.map((c) => (
          <tr data-component={c.key} data-points={c.points.toFixed(2)}>
            <th scope="row">{c.label}</th>
            <td>
              {percent(c.value)}
              {c.usedDefault ? <span class="default-marker" title="No data in the last 12 months: the neutral default applies"> no data → default</span> : null}
            </td>
            <td>{percent(c.weight)}</td>
            <td class="num">{c.points.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
      <tbody class="health-totals">
        <tr>
          <th scope="row" colspan={3}>Weighted sum {weighted.toFixed(2)}, rounded</th>
          <td class="num" data-base-score={String(health.baseScore)}>{health.baseScore}</td>
        </tr>
        {health.penalties.map((p) => (
          <tr class="penalty" data-penalty={p.kind} data-penalty-points={String(p.points)}>
            <th scope="row" colspan={3}>Penalty: {p.label} ({p.count})</th>
            <td class="num">−{p.points}</td>
          </tr>
        ))}
        <tr class="health-total">
          <th scope="row" colspan={3}>Health score{clamped ? ' (kept within 0–100)' : ''}</th>
          <td class="num"><strong>{health.score}</strong>/100</td>
        </tr>
      </tbody>
    </table>
  );
}
