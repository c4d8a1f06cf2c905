// Sends the fuzzer's requests a few at a time and counts the answers by status; every 5xx,
// every request that got no answer at all and every answer from the error handler's safety
// net (a value that reached the database unvalidated) is kept with its label for the report.
import { VALUE_REFUSED_MESSAGE } from '../../../api/common/errors.js';
import type { FuzzRequest } from './fuzz-requests.js';

export interface Failure {
  label: string;
  method: string;
  url: string;
  status: number | 'no answer' | 'unvalidated';
  detail: string;
}

export interface FuzzTally {
  sent: number;
  byStatus: Record<string, number>;
  failures: Failure[];
}

const REQUEST_TIMEOUT_MS = 30_000;

async function send(baseUrl: string, request: FuzzRequest): Promise<{ status: Failure['status']; detail: string }> {
  try {
    const response = await fetch(`${baseUrl}${request.url}`, {
      method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (text.includes(VALUE_REFUSED_MESSAGE)) return { status: 'unvalidated', detail: `${response.status} ${text.slice(0, 200)}` };
    return { status: response.status, detail: text.slice(0, 200) };
  } catch (error) {
    return { status: 'no answer', detail: String((error as Error).cause ?? error).slice(0, 200) };
  }
}

/** Sends `total` requests made by `make(i)`, `concurrency` at a time. */
export async function sendAll(baseUrl: string, total: number, make: (i: number) => FuzzRequest, concurrency = 6): Promise<FuzzTally> {
  const tally: FuzzTally = { sent: 0, byStatus: {}, failures: [] };
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < total; i = next++) {
      const request = make(i);
      const { status, detail } = await send(baseUrl, request);
      tally.sent += 1;
      tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
      if (typeof status === 'string' || status >= 500) tally.failures.push({ label: request.label, method: request.method, url: request.url.slice(0, 160), status, detail });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return tally;
}

/** One line per distinct failing label, with one example each. */
export function describeFailures(failures: readonly Failure[]): string {
  const byLabel = new Map<string, { count: number; example: Failure }>();
  for (const failure of failures) {
    const key = `${failure.status} ${failure.label}`;
    const entry = byLabel.get(key) ?? { count: 0, example: failure };
    entry.count += 1;
    byLabel.set(key, entry);
  }
  return [...byLabel.entries()].map(([key, { count, example }]) => `${count} × ${key}\n    e.g. ${example.method} ${example.url} → ${example.detail}`).join('\n');
}
