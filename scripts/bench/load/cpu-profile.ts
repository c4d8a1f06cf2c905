/**
 * Where the API's CPU goes under the GET-account load: the compiled API as one process under
 * `node --cpu-prof`, driven by autocannon at 16 connections, then the profile's top self-time functions.
 * `node --import tsx scripts/bench/load/cpu-profile.ts [seconds]` (BENCH_DATABASE_URL, BENCH_PROFILE_PATH
 * to profile another GET path, e.g. /api/v1/dashboard, or a page such as /accounts/WU-10001, which is
 * sent with the bench user's session cookie instead of the bearer token; BENCH_PROFILE_ROUTE=search, or
 * another read route of the load bench by its key, to cycle through that route's paths as the load bench
 * does, the search's query mix; BENCH_PROFILE_WRITES=payments or readings to profile the write load's POSTs
 * instead). Needs `npm run build` first.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBenchApp } from '../bench-app.js';
import { readProfile, selfTimeByOwner, topSelfTime } from './cpu-profile-summary.js';
import { runLoad } from './load-generator.js';
import { cpuSeconds, startCompiledApi } from './served-processes.js';
import { writeRequests } from './write-load.js';
import { readRoutes } from './read-routes.js';
import { utilityIsoDay } from '../../../domain/common/calendar.js';

const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cistern_bench';
const seconds = Number(process.argv[2] ?? 15);

const writes = process.env.BENCH_PROFILE_WRITES as 'payments' | 'readings' | undefined;
const signedIn = await startBenchApp(databaseUrl);
const { token, cookie } = signedIn;
const requests = writes
  ? (await writeRequests(signedIn.deps.orm.em.fork(), 100_000, utilityIsoDay(new Date(), signedIn.deps.config.UTILITY_TIME_ZONE)))[writes]
  : undefined;
const routeKey = process.env.BENCH_PROFILE_ROUTE;
const routes = routeKey ? await readRoutes(signedIn.deps.orm.em.fork()) : [];
const route = routes.find((r) => r.key === routeKey);
if (routeKey && !route) throw new Error(`BENCH_PROFILE_ROUTE=${routeKey}: no such read route (${routes.map((r) => r.key).join(', ')})`);
await signedIn.close();

const profileDir = mkdtempSync(path.join(tmpdir(), 'cistern-cpu-prof-'));
const spawnedAt = performance.now();
const api = await startCompiledApi(databaseUrl, 1, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
const target = route?.paths[0] ?? process.env.BENCH_PROFILE_PATH ?? '/api/v1/accounts/WU-10001';
const paths = route?.paths;
// The JSON API takes the bearer token; a page wants the browser's session cookie.
const headers: Record<string, string> = target.startsWith('/api/') || requests
  ? { authorization: `Bearer ${token}`, ...(requests && { 'content-type': 'application/json' }) }
  : { cookie };
const method = requests ? 'POST' : 'GET';
/** Start-up and warm-up: left out of the summary, which is about the load. */
let skipMs = 0;
try {
  await runLoad({ url: `${api.baseUrl}${target}`, connections: 4, seconds: 2, headers, method, paths, requests: requests?.slice(50_000) });
  skipMs = performance.now() - spawnedAt;
  const cpuBefore = api.servingPids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const result = await runLoad({ url: `${api.baseUrl}${target}`, connections: 16, seconds, headers, method, paths, requests: requests?.slice(0, 50_000) });
  const cpuMs = (api.servingPids().reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore) * 1000;
  process.stdout.write(`${writes ? `POST ${writes}` : route ? `${route.label}` : `GET ${target}`}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99} ms, not 2xx ${result.non2xx}, `
    + `API CPU ${(cpuMs / Math.max(1, result.requests)).toFixed(2)} ms per request\n`);
} finally {
  await api.stop(); // SIGTERM: the API drains and exits, and Node writes the profile on exit
}
const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`no .cpuprofile written in ${profileDir}`);
const profile = readProfile(path.join(profileDir, file));
process.stdout.write(`\n${path.join(profileDir, file)}\ntop self time:\n`);
for (const entry of topSelfTime(profile, 10, skipMs)) {
  process.stdout.write(`${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.ms.toFixed(0).padStart(7)} ms  ${entry.name}  ${entry.where}\n`);
}
process.stdout.write('\nby owner:\n');
for (const { owner, share } of selfTimeByOwner(profile, skipMs).slice(0, 15)) process.stdout.write(`${(share * 100).toFixed(1).padStart(5)}%  ${owner}\n`);
process.exit(0);
