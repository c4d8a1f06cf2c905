/**
 * A load row measured in rounds: the same load run several times in turn (the API, then its hello floor; the
 * SQL floor likewise), reported as the median round beside every round's figure. On a two-core machine shared
 * with PostgreSQL, Redis and the load generator, one ten-second run moved by a fifth either way from one run to
 * the next on the same code, so a row near its target passed in one run and failed in the next. The median of
 * rounds taken in turn is the figure the verdict takes; every round is printed, so a slow one is shown, not hidden.
 */

/** Rounds per load row (`BENCH_LOAD_ROUNDS`, default 3, at least 1). */
export function loadRounds(setting = process.env.BENCH_LOAD_ROUNDS): number {
  const rounds = setting === undefined || setting === '' ? 3 : Number(setting);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`BENCH_LOAD_ROUNDS must be a whole number of 1 or more, got ${setting}`);
  return rounds;
}

/** The middle value; for an even count, the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** What every load result has (autocannon's and the SQL replay's). */
export interface RoundResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx?: number;
  errors?: number;
}

/** Rounds of one load as one result: the rate and the percentiles are the rounds' medians, the counts their sums. */
export function overRounds<R extends RoundResult>(rounds: readonly R[]): R & { rates: number[] } {
  if (!rounds.length) throw new Error('overRounds needs at least one round');
  const sum = (pick: (r: R) => number | undefined) => rounds.reduce((total, r) => total + (pick(r) ?? 0), 0);
  return {
    ...rounds[0],
    requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    requests: sum((r) => r.requests),
    ...(rounds[0].non2xx !== undefined && { non2xx: sum((r) => r.non2xx) }),
    ...(rounds[0].errors !== undefined && { errors: sum((r) => r.errors) }),
    rates: rounds.map((r) => r.requestsPerSecond),
  };
}

/** Each round's rate in the order they ran, for the row's text: `2,272 / 2,301 / 1,988`. */
export function roundRates(rates: readonly number[]): string {
  return rates.map((rate) => Math.round(rate).toLocaleString('en-US')).join(' / ');
}
