/**
 * `npm run chaos`: the full-size chaos run (500 orders, 2,000 notifications; CHAOS_ORDERS / CHAOS_NOTIFICATIONS
 * to change) against the Temporal server at CHAOS_TEMPORAL_ADDRESS (or TEMPORAL_ADDRESS). Prints the numbers; exits 1 on a broken promise.
 */
import { runChaos } from '../tests/support/chaos-run.js';

const orders = Number(process.env.CHAOS_ORDERS ?? 500);
const notifications = Number(process.env.CHAOS_NOTIFICATIONS ?? 2000);
const say = (line: string) => process.stdout.write(`[chaos] ${line}\n`);
const result = await runChaos({ orders, notifications, killEveryMs: 5000, concurrency: 10, timeoutMs: 600_000, say });
const problems = [
  result.completed !== orders && `${orders - result.completed} orders not completed`,
  result.ordersWithOneEffect !== orders && 'an order without exactly one completion',
  result.unfinished > 0 && `${result.unfinished} notifications neither sent nor interrupted`,
  result.uniqueMessageIds !== result.messageIds && 'a Message-ID sent twice',
  (result.messageIds < result.sent || result.messageIds > result.sent + result.interrupted) && `${result.messageIds} e-mails for ${result.sent} sent notifications`,
  result.outboxLeft > 0 && `${result.outboxLeft} outbox rows left`,
  result.nightlyRunsPerSlot.some((runs) => runs !== 1) && 'the nightly schedule ran twice in one slot',
].filter(Boolean);
say(`orders ${result.completed}/${result.orders} completed, completion effects ${result.completionEffects}, notifications ${result.sent}/${result.notifications} sent (${result.injected} queued by the run, the rest by the orders), ${result.interrupted} interrupted mid-send (failed, delivery unknown), ${result.messageIds} e-mails with ${result.uniqueMessageIds} distinct Message-IDs, outbox left ${result.outboxLeft}`);
say(`kills ${result.kills}, nightly runs per slot [${result.nightlyRunsPerSlot}], request ids followed API→activity→job ${result.correlatedRequestIds}, duration ${result.durationSeconds} s`);
for (const problem of problems) say(`FAILED: ${problem}`);
process.exit(problems.length ? 1 : 0);
