/** The process's Prometheus registry and the metrics it records; the API serves them at GET /metrics. */
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const requestSeconds = new Histogram({
  name: 'cistern_http_request_seconds',
  help: 'HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const workflowUpdateSeconds = new Histogram({
  name: 'cistern_workflow_update_seconds',
  help: 'Time from sending a service-order move (workflow update) to its recorded answer, by update and outcome (ok, refused, unavailable)',
  labelNames: ['update', 'outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
  registers: [registry],
});

// The gauges below describe the whole deployment, not this process: they are read from PostgreSQL and
// Redis when /metrics is scraped (operational-gauges.ts), so every API copy reports the same values.
export const queueJobs = new Gauge({
  name: 'cistern_queue_jobs',
  help: 'BullMQ jobs per queue and state (waiting, active, delayed, prioritized, failed)',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
});

export const jobsTotal = new Gauge({
  name: 'cistern_jobs_total',
  help: 'Jobs finished per queue and outcome (completed, failed), as counted by the workers in Redis; use rate()/increase()',
  labelNames: ['queue', 'outcome'] as const,
  registers: [registry],
});

export const outboxPending = new Gauge({ name: 'cistern_outbox_pending', help: 'Outbox rows not yet relayed', registers: [registry] });

export const outboxLagSeconds = new Gauge({
  name: 'cistern_outbox_lag_seconds',
  help: 'Age of the oldest outbox row not yet relayed (0 when none waits)',
  registers: [registry],
});

export const serviceOrdersOverdue = new Gauge({
  name: 'cistern_service_orders_overdue',
  help: 'Open service orders past their SLA (assignment or completion deadline), by priority',
  labelNames: ['priority'] as const,
  registers: [registry],
});

export const gaugeSourceUp = new Gauge({
  name: 'cistern_metrics_source_up',
  help: '1 when the last scrape could read the source (postgres, redis) of the deployment gauges, else 0',
  labelNames: ['source'] as const,
  registers: [registry],
});
