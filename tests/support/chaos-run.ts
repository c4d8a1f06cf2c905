/**
 * The chaos run (docs/operations.md#chaos): 2 API processes, 2 Temporal workers and 2 jobs workers as real child
 * processes over one database, N order lifecycles through the API and M notifications, while a random worker is
 * SIGKILLed and restarted every few seconds. Returns what it counted; `scripts/chaos.ts` and tests/chaos.test.ts check it.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from './free-port.js';
import { sql } from 'kysely';
import { db as query } from '../../domain/common/database.js';
import { putSetting, getSetting } from '../../domain/settings/settings.js';
import { spawnTs } from '../../scripts/lib/processes.js';
import { apiToken } from './browser-session.js';
import { createUser } from './app-server.js';
import { createTestDatabase } from './database.js';
import { insertMinimalAccount, insertTechnician } from './minimal-account.js';
import { enqueue, insertConsumer } from './notification-fixtures.js';
import { startSmsSink, startSmtpSink } from './notification-sinks.js';

export interface ChaosOptions {
  orders: number; notifications: number; killEveryMs: number; concurrency: number; say: (line: string) => void; timeoutMs: number;
  /** Kills to reach before the chaos stops, even when the orders were done sooner (a fast machine finishes them in seconds). */
  minimumKills?: number;
}

export interface ChaosResult {
  orders: number; completed: number; completionEffects: number; ordersWithOneEffect: number;
  /** Notifications the run queued itself; `notifications` counts every row (the orders' own included). */
  injected: number; notifications: number; sent: number; messageIds: number; uniqueMessageIds: number;
  /**
   * E-mails whose sender was killed between their end-of-data mark and recording it (a few milliseconds): marked failed
   * "delivery unknown" for an admin (docs/rules.md#notifications: an e-mail is never repeated on its own).
   */
  interrupted: number;
  /** Notifications in any other state (still waiting, or failed for another reason): must be 0. */
  unfinished: number;
  outboxLeft: number; kills: number; durationSeconds: number;
  /** Scheduled nightly runs per minute slot: each must be 1. */
  nightlyRunsPerSlot: number[];
  /** Request ids logged by an API, a Temporal activity and a job alike (the correlation of docs/operations.md). */
  correlatedRequestIds: number;
}

const WORKER_KINDS = { 'temporal-worker': 'workers/temporal.ts', 'jobs-worker': 'workers/jobs.ts' } as const;
const MOVES = [
  ['assign', (tech: number) => ({ technicianId: tech }), 'assigned'],
  ['schedule', () => ({ scheduledFor: new Date(Date.now() + 2 * 86400_000).toISOString() }), 'scheduled'],
  ['start', () => ({}), 'in_progress'],
  ['complete', () => ({ note: 'done under chaos' }), 'completed'],
] as const;
const ORDER_OF_STATUS = ['created', 'assigned', 'scheduled', 'in_progress', 'completed'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** A child process restarted by the run, whose JSON log lines are kept for the checks. */
class Managed {
  child!: ChildProcess;
  /** Up and serving: it logged "… worker running" since its last start. */
  running = false;
  constructor(readonly name: string, readonly entry: string, readonly env: Record<string, string>, readonly lines: string[]) { this.start(); }
  start() {
    this.running = false;
    this.child = spawnTs(this.entry, [], { ...this.env, CISTERN_SERVICE: this.name }, 'pipe');
    let rest = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      const text = rest + chunk.toString('utf8');
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        if (!line.startsWith('{')) continue;
        this.lines.push(line);
        if (line.includes(' worker running"')) this.running = true;
      }
    });
    this.child.stderr?.on('data', () => undefined);
  }
  kill(signal: NodeJS.Signals) {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    return exited;
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const started = performance.now();
  const say = options.say;
  const database = await createTestDatabase('chaos');
  const [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink('chaos-sms-key')]);
  const processes: Managed[] = [];
  let chaosOn = true;
  let progress: NodeJS.Timeout | undefined;
  try {
    const orm = database.orm;
    // A schedule every minute, so a short run sees the "nightly" job fire while two jobs workers race for it.
    await putSetting(orm.em.fork(), 'metrics', { ...(await getSetting(orm.em.fork(), 'metrics')), cron: '* * * * *' });
    const agentUser = await createUser(database, 'agent');
    const dispatcherUser = await createUser(database, 'dispatcher');
    const technician = await insertTechnician(orm);
    const ports = [await freePort(), await freePort()];
    const lines: string[] = [];
    const env = {
      NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: database.url, HOST: '127.0.0.1',
      REDIS_PREFIX: `cistern-chaos-${randomBytes(4).toString('hex')}`, TEMPORAL_TASK_QUEUE: `chaos-${randomBytes(4).toString('hex')}`,
      TEMPORAL_ADDRESS: process.env.CHAOS_TEMPORAL_ADDRESS ?? process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      SMTP_URL: smtp.url, SMS_PROVIDER_URL: sms.url, SMS_API_KEY: sms.apiKey,
      // The nightly run fires every minute here (not once a night), on a worker killed every 2 s and run from
      // the TypeScript sources: lane threads, each booting tsx and the ORM, would only compete for the 2 cores.
      METRICS_THREADS: '1',
    };
    // The APIs log each request (with its id) at debug: the correlation check needs those lines.
    const apis = ports.map((port, i) => new Managed(`api-${i + 1}`, 'api/server.ts', { ...env, PORT: String(port), LOG_LEVEL: 'debug' }, lines));
    const workers = Object.entries(WORKER_KINDS).flatMap(([kind, entry]) => [1, 2].map((i) => new Managed(`${kind}-${i}`, entry, env, lines)));
    processes.push(...apis, ...workers);
    const baseUrls = ports.map((port) => `http://127.0.0.1:${port}`);
    for (const url of baseUrls) await waitUntil(async () => (await fetch(`${url}/health/live`)).ok, `${url} to answer`, 120_000);
    say(`6 processes up after ${((performance.now() - started) / 1000).toFixed(0)} s; ${options.orders} orders, ${options.notifications} notifications`);

    const tokens = { agent: await apiToken(baseUrls[0], agentUser.email, agentUser.password), dispatcher: await apiToken(baseUrls[1], dispatcherUser.email, dispatcherUser.password) };
    const accounts: string[] = [];
    for (let i = 0; i < options.orders; i++) accounts.push((await insertMinimalAccount(orm)).accountNumber);
    const consumers = [];
    for (let i = 0; i < Math.min(50, options.notifications); i++) consumers.push(await insertConsumer(orm, { channel: 'email' }));

    let kills = 0;
    const chaos = (async () => {
      while (chaosOn) {
        await sleep(options.killEveryMs);
        if (!chaosOn) break;
        // A worker that is up, and never the last one of its kind that is: on a slow machine a Temporal worker
        // takes longer to start than the kill interval, and killing at random left none serving for minutes
        // (CI once completed 10 of 40 orders in 9 minutes). Every kill still lands mid-work.
        const victims = workers.filter((w) => w.running && workers.some((other) => other !== w && other.entry === w.entry && other.running));
        if (!victims.length) continue;
        const victim = victims[Math.floor(Math.random() * victims.length)];
        await victim.kill('SIGKILL');
        kills += 1;
        victim.start();
      }
    })();

    let call = 0;
    const api = async (method: string, path: string, token: string, body?: unknown) => {
      const url = baseUrls[call++ % baseUrls.length];
      try {
        const response = await fetch(`${url}/api/v1${path}`, {
          method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : null };
      } catch (error) {
        return { status: 0, body: { error: String(error) } };
      }
    };
    const lifecycle = async (accountNumber: string) => {
      let created = await api('POST', '/service-orders', tokens.agent, { accountNumber, type: 'repair', description: 'Chaos leak' });
      for (let tries = 0; created.status !== 201; tries++) {
        if (tries > 30) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
        await sleep(1000);
        created = await api('POST', '/service-orders', tokens.agent, { accountNumber, type: 'repair', description: 'Chaos leak' });
      }
      const order = created.body.orderNumber as string;
      for (const [move, body, target] of MOVES) {
        for (let tries = 0; ; tries++) {
          const answer = await api('POST', `/service-orders/${order}/${move}`, tokens.dispatcher, body(technician));
          const current = answer.status === 409 ? answer.body?.error?.details?.currentStatus : answer.body?.status;
          // A move whose answer was lost to a killed worker may have happened: the order's status says so.
          if ((answer.status === 200 || answer.status === 409) && ORDER_OF_STATUS.indexOf(current) >= ORDER_OF_STATUS.indexOf(target)) break;
          if (tries > 60) throw new Error(`${order} ${move}: ${answer.status} ${JSON.stringify(answer.body)}`);
          await sleep(1000);
        }
      }
    };
    const notify = (async () => {
      for (let i = 0; i < options.notifications; i++) {
        const consumer = consumers[i % consumers.length];
        await enqueue(orm, consumer.id, 'order_created', `order_created:chaos-${i}:${consumer.id}`, { orderNumber: `SO-C${i}`, type: 'repair' });
        if (i % 20 === 0) await sleep(50);
      }
    })();
    const queue = [...accounts];
    let done = 0;
    progress = setInterval(() => say(`${done}/${options.orders} orders done, ${kills} kills, ${queue.length} not begun`), 15_000);
    await Promise.all([notify, ...Array.from({ length: options.concurrency }, async () => {
      for (let account = queue.shift(); account; account = queue.shift()) {
        await lifecycle(account);
        done += 1;
        if (done % 50 === 0) say(`${done} orders completed, ${kills} kills`);
      }
    })]);
    clearInterval(progress);
    await waitUntil(async () => kills >= (options.minimumKills ?? 0), `${options.minimumKills} kills`, options.timeoutMs);
    chaosOn = false;
    await chaos;

    const rows = () => query(orm.em.fork());
    const notificationStates = async () => {
      const counts = await rows().selectFrom('notification')
        .select([sql<string>`case when status = 'failed' and last_error like 'Interrupted%' then 'interrupted' else status end`.as('state'), sql<number>`count(*)::int`.as('n')])
        .groupBy('state').execute();
      const of = (state: string) => counts.find((c) => c.state === state)?.n ?? 0;
      const total = counts.reduce((sum, c) => sum + c.n, 0);
      return { total, sent: of('sent'), interrupted: of('interrupted'), unfinished: total - of('sent') - of('interrupted') };
    };
    const outboxLeft = async () => (await rows().selectFrom('outbox_message').select(sql<number>`count(*)::int`.as('n'))
      .where('relayed_at', 'is', null).executeTakeFirstOrThrow()).n;
    // On a slow machine the killed sends finish late (stalled jobs, backoff), so the wait runs as long as they
    // keep finishing and fails only when none has for timeoutMs: a stuck run fails, a slow one does not.
    const left = async () => (await notificationStates()).unfinished + (await outboxLeft());
    await waitWhileFalling(left, 'every notification final and the outbox empty', options.timeoutMs)
      .catch(async (error) => { say(`left: ${JSON.stringify(await notificationStates())}, outbox ${await outboxLeft()}`); throw error; });
    // Give the minute schedule a chance to fire at least once after the burst, with both jobs workers alive.
    await waitUntil(() => nightlyRuns(lines).length > 0, 'a scheduled nightly run', 90_000).catch(() => undefined);

    const effects = await rows().selectFrom('service_order_transition').select(['order_id', sql<number>`count(*)::int`.as('n')])
      .where('to_status', '=', 'completed').groupBy('order_id').execute();
    const completed = await rows().selectFrom('service_order').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'completed').executeTakeFirstOrThrow();
    const ordersTotal = await rows().selectFrom('service_order').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const messageIds = smtp.received.map((m) => m.messageId);
    const states = await notificationStates();
    return {
      orders: ordersTotal.n, completed: completed.n,
      completionEffects: effects.reduce((sum, e) => sum + e.n, 0), ordersWithOneEffect: effects.filter((e) => e.n === 1).length,
      injected: options.notifications, notifications: states.total, sent: states.sent, interrupted: states.interrupted, unfinished: states.unfinished,
      messageIds: messageIds.length, uniqueMessageIds: new Set(messageIds).size,
      outboxLeft: await outboxLeft(),
      kills, durationSeconds: Math.round((performance.now() - started) / 1000),
      nightlyRunsPerSlot: runsPerMinute(nightlyRuns(lines)),
      correlatedRequestIds: correlatedRequestIds(lines),
    };
  } finally {
    chaosOn = false;
    clearInterval(progress);
    await Promise.allSettled(processes.map((p) => (p.child.exitCode === null && p.child.signalCode === null ? p.kill('SIGKILL') : undefined)));
    await Promise.allSettled([smtp.close(), sms.close()]);
    await database.drop().catch(() => undefined);
  }
}

type LogLine = { msg?: string; jobId?: string; trigger?: string; time?: number; requestId?: string; service?: string; activity?: string; job?: string };
const parsed = (lines: string[]) => lines.flatMap((line) => { try { return [JSON.parse(line) as LogLine]; } catch { return []; } });

/** Scheduled runs of the nightly job that finished, one entry per job id (a job re-run after a kill counts once). */
function nightlyRuns(lines: string[]): { jobId: string; time: number }[] {
  const byId = new Map<string, number>();
  for (const line of parsed(lines)) if (line.msg === 'nightly metrics done' && line.trigger === 'schedule' && line.jobId) byId.set(line.jobId, line.time ?? 0);
  return [...byId].map(([jobId, time]) => ({ jobId, time }));
}

/** Job ids of the scheduler carry the slot's time (`repeat:<scheduler>:<ms>`): runs per slot. */
function runsPerMinute(runs: { jobId: string }[]): number[] {
  const slots = new Map<string, number>();
  for (const { jobId } of runs) {
    const ms = Number(jobId.split(':').at(-1));
    const slot = Number.isFinite(ms) ? String(Math.floor(ms / 60_000)) : jobId;
    slots.set(slot, (slots.get(slot) ?? 0) + 1);
  }
  return [...slots.values()];
}

/** Request ids seen in an API line and also in a Temporal activity line and a job line. */
function correlatedRequestIds(lines: string[]): number {
  const seen = new Map<string, Set<string>>();
  for (const line of parsed(lines)) {
    if (!line.requestId || !line.service) continue;
    const kind = line.service.replace(/-\d+$/, '');
    seen.set(line.requestId, (seen.get(line.requestId) ?? new Set()).add(kind));
  }
  return [...seen.values()].filter((kinds) => kinds.has('api') && kinds.has('temporal-worker') && kinds.has('jobs-worker')).length;
}

async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch { /* not yet */ }
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until `count` reaches 0; gives up only when it has not fallen for `stallMs` (or after ten stalls' time in all). */
async function waitWhileFalling(count: () => Promise<number>, what: string, stallMs: number) {
  const giveUpAt = Date.now() + 10 * stallMs;
  let lowest = Number.POSITIVE_INFINITY;
  let stallEndsAt = Date.now() + stallMs;
  while (Date.now() < Math.min(stallEndsAt, giveUpAt)) {
    const now = await count().catch(() => lowest);
    if (now === 0) return;
    if (now < lowest) [lowest, stallEndsAt] = [now, Date.now() + stallMs];
    await sleep(500);
  }
  throw new Error(`timed out waiting for ${what} (${lowest} left, none finished in the last ${stallMs / 1000} s)`);
}
