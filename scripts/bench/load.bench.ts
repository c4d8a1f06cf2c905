/**
 * Issue 12's read load: the compiled API (`node dist/api/start.js`, `BENCH_API_PROCESSES` processes on
 * one port, as `npm start` runs it) driven by autocannon at 16 and 64 connections, each row beside its
 * two floors measured in the same run: a bare Hono hello started the same way, and the route's own SQL
 * replayed straight through `pg` at the same concurrency. Also: resident memory of every API process
 * under load, and one client at a time (p95). The load average is printed beside the numbers, since a
 * busy machine lowers all three columns alike.
 */
import { loadavg } from 'node:os';
import { openOrm } from '../../infra/database/orm.js';
import { config } from '../../infra/config.js';
import { getOk, startBenchApp } from './bench-app.js';
import { ms, timeCalls, type Bench, type BenchRow } from './bench-kit.js';
import { runLoad, type LoadResult } from './load/load-generator.js';
import { standInForNightlyBar } from './consumption-bar-stand-in.js';
import { standInForAutovacuum } from './autovacuum-stand-in.js';
import { nightlyRunFirst } from './load/nightly-run-first.js';
import { readRoutes, type ReadRoute } from './load/read-routes.js';
import { cpuSeconds, rssMb, startCompiledApi, startHello, type Served } from './load/served-processes.js';
import { captureStatements, replay, type CapturedStatement, type ReplayResult } from './load/sql-replay.js';
import { postLoad, writeRequests } from './load/write-load.js';
import { importBillsLoad, writeImportFile } from './load/bill-import-load.js';
import { importFloor } from './load/bill-import-floor.js';
import { BATCHES_AT_ONCE } from '../../domain/billing/bill-import.js';
import { loadRounds, overRounds, roundRates } from './load/rounds.js';
import { utilityIsoDay } from '../../domain/common/calendar.js';

const CONNECTIONS = [16, 64];
const P99_TARGET_MS = 50;
const RSS_TARGET_MB = 250;
const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const processes = Number(process.env.BENCH_API_PROCESSES ?? 2);
/** Each load row runs this many times in turn with its floors; the row reports the median round (scripts/bench/load/rounds.ts). */
const rounds = loadRounds();
/** Only these parts (comma-separated: account, dashboard, search, profile, writes, import); all by default. */
const only = process.env.BENCH_LOAD_ROUTES?.split(',');
const WRITE_TARGET_PER_SECOND = 500;
const IMPORT_TARGET_ROWS_PER_SECOND = 20_000;
const WRITE_CONNECTIONS = 16;
/** Each API process's pool (DATABASE_POOL_SIZE, api/server.ts): the SQL floor uses no more connections than the API could. */
const API_POOL_PER_PROCESS = config().DATABASE_POOL_SIZE;

const load = () => loadavg().map((n) => n.toFixed(1)).join(' ');
const rps = (n: number) => `${Math.round(n).toLocaleString('en-US')} req/s`;

/** Largest VmRSS seen per API process while `work` runs, sampled every 250 ms. */
async function sampleRss<T>(served: Served, work: () => Promise<T>): Promise<{ result: T; maxMb: number }> {
  let maxMb = 0;
  const timer = setInterval(() => {
    for (const pid of served.servingPids()) maxMb = Math.max(maxMb, rssMb(pid) || 0);
  }, 250);
  try {
    return { result: await work(), maxMb };
  } finally {
    clearInterval(timer);
  }
}

function sumCpu(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (cpuSeconds(pid) || 0), 0);
}

/** `work` once per round, with the API processes' CPU seconds spent during the rounds (the floors run between them). */
async function inRounds<T>(api: Served, work: (round: number) => Promise<T>): Promise<{ results: T[]; apiCpu: number }> {
  const results: T[] = [];
  let apiCpu = 0;
  for (let round = 0; round < rounds; round++) {
    const cpuBefore = sumCpu(api.servingPids());
    results.push(await work(round));
    apiCpu += sumCpu(api.servingPids()) - cpuBefore;
  }
  return { results, apiCpu };
}

/** One read route at one concurrency: the API and its hello floor in turn, round after round. */
async function readRounds(api: Served, hello: Served, connections: number, headers: Record<string, string>, paths: string[]) {
  const floors: LoadResult[] = [];
  const { result: measured, maxMb } = await sampleRss(api, () => inRounds(api, async () => {
    const served = await runLoad({ url: api.baseUrl, connections, seconds, headers, paths });
    floors.push(await runLoad({ url: hello.baseUrl, connections, seconds, paths }));
    return served;
  }));
  return { served: overRounds(measured.results), floor: overRounds(floors), apiCpu: measured.apiCpu, maxMb };
}

/** The rounds of a row as its text says them, when there is more than one. */
const roundsText = (rates: number[], unit: string) => (rates.length > 1 ? `median of ${rates.length} rounds: ${roundRates(rates)}${unit}; ` : '');

export const loadBench: Bench = {
  key: 'load',
  // The import rows run the compiled import command too: its entry and the command-line reader it starts with.
  sources: ['api/', 'domain/', 'infra/', 'views/', 'migrations/', 'scripts/import-bills.ts', 'scripts/lib/command-line.ts', 'scripts/bench/load.bench.ts', 'scripts/bench/load/'],
  async run({ databaseUrl, log }) {
    // The in-process app signs the bench user in (API token + session, both kept in the database, so the
    // compiled API accepts them) and captures each route's SQL as one warm request issues it.
    // The nightly run first (on a fresh seed), then the vacuum, which also clears the rows it rewrote.
    const nightlyNote = await nightlyRunFirst(databaseUrl, log);
    const vacuumNote = await standInForAutovacuum(databaseUrl, log);
    const inProcess = await startBenchApp(databaseUrl);
    const barNote = await standInForNightlyBar(inProcess.deps.orm.em.fork(), log);
    const routes = (await readRoutes(inProcess.deps.orm.em.fork())).filter((route) => !only || only.includes(route.key));
    const headersOf = (route: ReadRoute): Record<string, string> => (route.auth === 'token' ? { authorization: `Bearer ${inProcess.token}` } : { cookie: inProcess.cookie });
    const statements = new Map<string, CapturedStatement[][]>();
    const wantWrites = !only || only.includes('writes');
    const writes = wantWrites ? await writeRequests(inProcess.deps.orm.em.fork(), 200_000, utilityIsoDay(new Date(), inProcess.deps.config.UTILITY_TIME_ZONE)) : undefined;
    try {
      for (const route of routes) {
        const mix: CapturedStatement[][] = [];
        for (const p of route.paths.slice(0, 20)) {
          // Warm, as under load: caches filled, the caller's first use recorded (one request) and the caller remembered (the next).
          for (let warm = 0; warm < 2; warm += 1) await getOk(`${inProcess.baseUrl}${p}`, headersOf(route));
          mix.push(await captureStatements(async () => { await getOk(`${inProcess.baseUrl}${p}`, headersOf(route)); }));
        }
        statements.set(route.key, mix);
        log(`${route.key}: ${mix[0].length} statements per request${mix.length > 1 ? ` (first of ${mix.length} queries)` : ''}`);
      }
    } finally {
      await inProcess.close();
    }

    // The SQL floors first, while no API pool holds connections (a shared PostgreSQL has few to spare).
    const sqlFloors = new Map<string, ReplayResult & { rates: number[] }>();
    for (const route of routes) {
      for (const connections of CONNECTIONS) {
        const replayed: ReplayResult[] = [];
        for (let round = 0; round < rounds; round++) {
          replayed.push(await replay(databaseUrl, statements.get(route.key) ?? [[]], Math.min(connections, API_POOL_PER_PROCESS * processes), seconds));
        }
        sqlFloors.set(`${route.key}/${connections}`, overRounds(replayed));
      }
    }
    const api = await startCompiledApi(databaseUrl, processes);
    const hello = await startHello(processes);
    const rows: BenchRow[] = [];
    const notes: string[] = [nightlyNote, vacuumNote, barNote].filter((note): note is string => note !== null);
    try {
      for (const route of routes) {
        const paths = route.paths;
        const headers = headersOf(route);
        await runLoad({ url: api.baseUrl, connections: 4, seconds: 2, headers, paths }); // warm every process
        for (const connections of CONNECTIONS) {
          const loadBefore = load();
          const { served, floor, apiCpu, maxMb } = await readRounds(api, hello, connections, headers, paths);
          const sqlFloor = sqlFloors.get(`${route.key}/${connections}`) as ReplayResult & { rates: number[] };
          log(`${route.key} c=${connections}: API ${roundRates(served.rates)} req/s, p99 ${served.p99} ms; hello ${roundRates(floor.rates)}; SQL ${roundRates(sqlFloor.rates)}; load ${loadBefore}`);
          rows.push({
            metric: `${route.label}, ${connections} connections (${roundsText(served.rates, ' req/s')}hello floor ${rps(floor.requestsPerSecond)}, SQL floor ${rps(sqlFloor.requestsPerSecond)}; load avg ${loadBefore})`,
            value: rps(served.requestsPerSecond), target: `≥ ${rps(route.targetRps)}`, pass: served.requestsPerSecond >= route.targetRps,
          });
          if (connections === 16) {
            rows.push({ metric: `${route.label}, p99 at 16 connections (SQL floor p99 ${ms(sqlFloor.p99)})`, value: ms(served.p99), target: `≤ ${P99_TARGET_MS} ms`, pass: served.p99 <= P99_TARGET_MS });
          }
          rows.push({ metric: `${route.label}, ${connections} connections: answers not 2xx (of ${served.requests})`, value: String(served.non2xx + served.errors), target: '0', pass: served.non2xx + served.errors === 0 });
          rows.push({ metric: `${route.label}, ${connections} connections: largest API process RSS`, value: `${maxMb.toFixed(0)} MB`, target: `≤ ${RSS_TARGET_MB} MB`, pass: maxMb > 0 && maxMb <= RSS_TARGET_MB });
          notes.push(`${route.key} at ${connections} connections: ${served.requests} requests, API CPU ${(apiCpu * 1000 / Math.max(1, served.requests)).toFixed(2)} ms per request (all API processes, utime+stime); `
            + `each round in turn, req/s: API ${roundRates(served.rates)}, hello floor ${roundRates(floor.rates)}, SQL floor ${roundRates(sqlFloor.rates)}.`);
        }
        if (route.singleClientP95Ms !== undefined) {
          const single = await timeCalls((i) => getOk(`${api.baseUrl}${paths[i % paths.length]}`, headers), Math.max(200, paths.length * 2), 20);
          rows.push({ metric: `${route.label}, one client at a time, p95 (p50 ${ms(single.p50)}; load avg ${load()})`, value: ms(single.p95), target: `≤ ${route.singleClientP95Ms} ms`, pass: single.p95 <= route.singleClientP95Ms });
        }
      }
      if (writes) {
        for (const [kind, requests] of [['payments recorded (allocation, audit, outbox)', writes.payments], ['readings entered (with their checks)', writes.readings]] as const) {
          const loadBefore = load();
          // Each round its own share of the requests: a payment's reference is recorded once, a reading's value only rises.
          const share = Math.floor(requests.length / rounds);
          const measured = await inRounds(api, (round) => postLoad(api.baseUrl, inProcess.token, requests.slice(round * share, (round + 1) * share), WRITE_CONNECTIONS, seconds));
          const result = overRounds(measured.results);
          notes.push(`${kind}: ${result.requests} requests, API CPU ${(measured.apiCpu * 1000 / Math.max(1, result.requests)).toFixed(2)} ms per write (all API processes, utime+stime).`);
          log(`${kind}: ${roundRates(result.rates)}/s, p99 ${result.p99} ms, not 2xx ${result.non2xx}; load ${loadBefore}`);
          rows.push({ metric: `${kind}, ${WRITE_CONNECTIONS} API clients (${roundsText(result.rates, '/s')}p99 ${ms(result.p99)}; load avg ${loadBefore})`, value: `${Math.round(result.requestsPerSecond)}/s`,
            target: `≥ ${WRITE_TARGET_PER_SECOND}/s`, pass: result.requestsPerSecond >= WRITE_TARGET_PER_SECOND });
          rows.push({ metric: `${kind}: answers not 2xx (of ${result.requests})`, value: String(result.non2xx + result.errors), target: '0', pass: result.non2xx + result.errors === 0 });
        }
      }
    } finally {
      await Promise.all([api.stop(), hello.stop()]);
    }
    if (!only || only.includes('import')) {
      const orm = await openOrm(databaseUrl, { poolMax: BATCHES_AT_ONCE + 1 });
      const { UTILITY_TIME_ZONE: timeZone } = config();
      try {
        for (const kind of ['billing run', 'backfill'] as const) {
          const loadBefore = load();
          const today = utilityIsoDay(new Date(), timeZone);
          const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
          const imported = await importBillsLoad(databaseUrl, await writeImportFile(orm.em.fork(), importRows, kind, today));
          if (imported.exitCode !== 0) throw new Error(`npm run start:import-bills exited ${imported.exitCode}:\n${imported.output.slice(-2000)}`);
          const perSecond = imported.rows / imported.seconds;
          log(`start:import-bills (${kind}) ${imported.rows} rows in ${imported.seconds.toFixed(1)} s; load ${loadBefore}`);
          const metric = `npm run start:import-bills (compiled), ${kind === 'backfill' ? 'backfill of a period before the history (worst case, no target)' : 'billing run (each account\'s next period)'}, ` +
            `${imported.rows.toLocaleString('en-US')} rows, whole command (${imported.seconds.toFixed(1)} s; load avg ${loadBefore})`;
          const value = `${Math.round(perSecond).toLocaleString('en-US')} rows/s`;
          if (kind === 'backfill') {
            rows.push({ metric, value });
            continue;
          }
          rows.push({ metric, value, target: `≥ ${IMPORT_TARGET_ROWS_PER_SECOND.toLocaleString('en-US')} rows/s`, pass: perSecond >= IMPORT_TARGET_ROWS_PER_SECOND });
          // The floor after the command, on the period after the one it loaded (the command's own rows are billed now).
          const floor = await importFloor(orm, (await writeImportFile(orm.em.fork(), importRows, kind, today)).rows, timeZone);
          if (floor.loaded !== floor.rows) throw new Error(`the import floor loaded ${floor.loaded} of ${floor.rows} rows: not the command's work`);
          log(`import floor: ${floor.rows} rows in ${floor.seconds.toFixed(1)} s`);
          rows.push({
            metric: `floor: as many next-period bills through the import's batch writer alone, in this process (no process start, CSV or row checks), ${BATCHES_AT_ONCE} batches at once, each rolled back (${floor.seconds.toFixed(1)} s)`,
            value: `${Math.round(floor.rows / floor.seconds).toLocaleString('en-US')} rows/s`,
          });
        }
      } finally {
        await orm.close();
      }
    }
    return {
      title: `Read load on the compiled API (${processes} processes)`,
      rows,
      notes: [
        `autocannon, ${seconds} s per round after a 2 s warm-up, keep-alive connections on loopback; the load generator shares the machine with the servers. ` +
        `Every load row ran ${rounds} round${rounds === 1 ? '' : 's'} in turn with its floors (the API, then the hello; the SQL floors' rounds before the API started): ` +
        'a rate, p50 and p99 are the rounds\' medians, answers not 2xx and requests are summed over all rounds, RSS is the largest seen in any. ' +
        'Hello floor: a bare Hono JSON hello, same Node, same node:cluster start and process count. SQL floor: the statements one warm request ' +
        `of the route issues (captured from pg as the app sends them), replayed as prepared statements over as many pg connections as HTTP connections, at most as many as the API processes’ pools hold (DATABASE_POOL_SIZE, ${API_POOL_PER_PROCESS} each). ` +
        'Run: `npm run build`, then `BENCH_DATABASE_URL=… BENCH_API_PROCESSES=N npm run bench -- load` (BENCH_LOAD_SECONDS, BENCH_LOAD_ROUNDS, BENCH_LOAD_ROUTES=account,search to narrow).',
        ...notes,
      ],
    };
  },
};
