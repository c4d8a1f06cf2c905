/**
 * One measured nightly-metrics run in a process of its own (forked by metrics.bench.ts): its
 * peak RSS is the job's alone, not the bench's nor an earlier run's (a process's RSS hardly
 * shrinks after a run). Samples memory every 50 ms, times each phase, and sends back only
 * the figures and the result's counts.
 *
 * `node --import tsx scripts/bench/metrics-run.child.ts <databaseUrl>` (add `--cpu-prof` or
 * `--heap-prof` to the node flags for a profile of the run).
 */
import { openOrm } from '../../infra/database/orm.js';
import type { MetricsProgress } from '../../domain/metrics/metrics-run.js';
import { config } from '../../infra/config.js';
import { runNightlyMetricsOnLanes } from '../../infra/metrics/metrics-lanes.js';

const MB = 2 ** 20;

export interface PhaseFigures { phase: string; seconds: number; peakRssMb: number; peakHeapMb: number }

export interface ChildReport {
  seconds: number;
  peakRssMb: number;
  peakHeapMb: number;
  phases: PhaseFigures[];
  result: {
    accounts: number; written: number; skippedConcurrent: number; toCollection: number; toActive: number; overdueNotices: number;
    estimatesWritten: number; meterReadingOrders: number; missedReads: number; stalePendingReadings: number; anomalyNoticesQueued: number;
    snapshotChanged: boolean;
  };
}

/** Peak memory since the last call, and overall. */
function memorySampler() {
  let phaseRss = 0;
  let phaseHeap = 0;
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    phaseRss = Math.max(phaseRss, usage.rss);
    phaseHeap = Math.max(phaseHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, phaseRss);
    peakHeap = Math.max(peakHeap, phaseHeap);
  };
  return {
    sample,
    endPhase() {
      sample();
      const figures = { peakRssMb: phaseRss / MB, peakHeapMb: phaseHeap / MB };
      phaseRss = 0;
      phaseHeap = 0;
      return figures;
    },
    overall: () => ({ peakRssMb: peakRss / MB, peakHeapMb: peakHeap / MB }),
  };
}

async function measuredRun(databaseUrl: string): Promise<ChildReport> {
  const orm = await openOrm(databaseUrl, { poolMax: 10 }); // the jobs worker's pool size
  const memory = memorySampler();
  const timer = setInterval(memory.sample, 50);
  const phases: PhaseFigures[] = [];
  const started = performance.now();
  let phase: { name: string; started: number } = { name: 'setup', started };
  const endPhase = (next: string) => {
    const now = performance.now();
    phases.push({ phase: phase.name, seconds: (now - phase.started) / 1000, ...memory.endPhase() });
    phase = { name: next, started: now };
  };
  try {
    // As the jobs worker runs it: on METRICS_THREADS lanes (one per core by default).
    const result = await runNightlyMetricsOnLanes(orm, config().METRICS_THREADS, {
      timeZone: process.env.UTILITY_TIME_ZONE ?? 'America/Chicago',
      onProgress: (p: MetricsProgress) => {
        if (p.phase !== phase.name) endPhase(p.phase);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    endPhase('done');
    return {
      seconds, ...memory.overall(), phases: phases.filter((p) => p.phase !== 'done'),
      result: {
        accounts: result.accounts, written: result.written, skippedConcurrent: result.skippedConcurrent, toCollection: result.toCollection,
        toActive: result.toActive, overdueNotices: result.overdueNotices, estimatesWritten: result.estimates.estimatesWritten,
        meterReadingOrders: result.estimates.meterReadingOrders.length, missedReads: result.sweep.missedReads,
        stalePendingReadings: result.sweep.stalePendingReadings, anomalyNoticesQueued: result.sweep.anomalyNoticesQueued,
        snapshotChanged: result.snapshot.changed,
      },
    };
  } finally {
    clearInterval(timer);
    await orm.close();
  }
}

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error('usage: metrics-run.child.ts <databaseUrl>');
const report = await measuredRun(databaseUrl);
if (process.send) process.send(report, () => process.exit(0));
else {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exit(0);
}
