/**
 * Drives a server with autocannon (a real HTTP load generator, keep-alive connections, no client
 * pacing) and reduces its result to what the load rows report: requests per second, latency
 * percentiles and the answers that were not 2xx.
 */
// @ts-expect-error autocannon ships no type declarations; the few fields used are typed below.
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** Paths to cycle through, one per request (the search mix, random accounts); without it, `url` itself. */
  paths?: string[];
  method?: 'GET' | 'POST';
  /** Requests with bodies to cycle through (writes), one per request. */
  requests?: { path: string; body: string }[];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const { paths, requests } = options;
  const setupRequest = requests?.length
    ? (request: object) => ({ ...request, ...requests[next++ % requests.length] })
    : paths?.length ? (request: object) => ({ ...request, path: paths[next++ % paths.length] }) : undefined;
  const result: AutocannonResult = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    requests: setupRequest ? [{ setupRequest }] : undefined,
  });
  const total = result.requests.total;
  return {
    requestsPerSecond: total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
