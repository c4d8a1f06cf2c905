/** The jobs rows of docs/api.md: run the nightly metrics now, and follow any job's state and progress. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Job, JobState, Queue } from 'bullmq';
import { ServiceUnavailable, NotFound } from '../../domain/common/errors.js';
import { plainText } from '../../domain/common/plain-text.js';
import { JOB_NAMES, QUEUE_NAMES } from '../../infra/queues/job-queues.js';
import { actorOf } from '../common/actor.js';
import { jobQueuesOf } from '../common/job-queues.js';
import { requireRole } from '../middleware/require-role.js';
import { apiRouter, ErrorBody, errorResponses, json } from '../common/openapi.js';

const unavailable = { 503: json(ErrorBody, 'Redis is unreachable; try again') };

const Accepted = z.object({ jobId: z.string() }).openapi('AcceptedJob');
const JobStatus = z.object({
  jobId: z.string(), queue: z.string(), name: z.string(),
  state: z.enum(['waiting', 'delayed', 'prioritized', 'waiting-children', 'active', 'completed', 'failed', 'unknown']),
  /** Percent done, 0–100. */
  progress: z.number(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  result: z.unknown().optional(), failedReason: z.string().nullable(), attemptsMade: z.number().int(),
  createdAt: z.string().datetime(), finishedAt: z.string().datetime().nullable(),
}).openapi('JobStatus');
const JobParams = z.object({ jobId: plainText(200).min(1).openapi({ param: { name: 'jobId', in: 'path' }, example: '17' }) });

/** 202 with the job's id; while a run waits or runs, asking again answers with that run's id (BullMQ deduplication). */
const runMetrics = createRoute({
  method: 'post', path: '/jobs/metrics', tags: ['jobs'], summary: 'Run the nightly metrics now',
  middleware: [requireRole('admin')] as const,
  responses: { 202: json(Accepted, 'Queued (or already queued/running)'), ...errorResponses, ...unavailable },
});
const jobStatus = createRoute({
  method: 'get', path: '/jobs/{jobId}', tags: ['jobs'], summary: "A job's state and progress",
  middleware: [requireRole('admin')] as const, request: { params: JobParams },
  responses: { 200: json(JobStatus, 'The job'), 404: json(ErrorBody, 'No such job'), ...errorResponses, ...unavailable },
});

function percentOf(progress: unknown): number {
  if (typeof progress === 'number') return progress;
  const percent = (progress as { percent?: unknown } | null)?.percent;
  return typeof percent === 'number' ? percent : 0;
}

/**
 * The job's state is read before its fields: read the other way round, a job finishing in between
 * was answered as `completed` with the fields of its running self (no result, progress short of 100).
 */
async function statusIn(queue: Queue, jobId: string) {
  const state = await queue.getJobState(jobId);
  if (state === 'unknown') return null;
  const job = await queue.getJob(jobId);
  return job ? statusOf(job, state, queue.name) : null;
}

function statusOf(job: Job, state: JobState, queue: string) {
  const detail = job.progress && typeof job.progress === 'object' ? job.progress as Record<string, unknown> : null;
  return {
    jobId: String(job.id), queue, name: job.name, state: state as z.infer<typeof JobStatus>['state'], progress: percentOf(job.progress), detail,
    result: job.returnvalue ?? undefined, failedReason: job.failedReason || null, attemptsMade: job.attemptsMade,
    createdAt: new Date(job.timestamp).toISOString(), finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

/** Reading a job needs Redis; a refused command while it is down is a 503, not a 500. */
async function fromRedis<T>(ready: boolean, read: () => Promise<T>): Promise<T> {
  if (!ready) throw new ServiceUnavailable('Redis');
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFound) throw error;
    throw new ServiceUnavailable('Redis');
  }
}

export const jobsApiRoutes = apiRouter()
  .openapi(runMetrics, async (c) => {
    const queues = jobQueuesOf(c.get('deps'));
    const job = await queues.add(QUEUE_NAMES.metrics, JOB_NAMES.nightlyMetrics,
      { trigger: 'api', requestedBy: actorOf(c).userId }, { deduplication: { id: 'metrics-on-demand' } });
    c.get('log').info({ jobId: job.id }, 'metrics run requested');
    return c.json({ jobId: String(job.id) }, 202);
  })
  .openapi(jobStatus, async (c) => {
    const deps = c.get('deps');
    const queues = jobQueuesOf(deps);
    const { jobId } = c.req.valid('param');
    const status = await fromRedis(deps.redis.status === 'ready', async () => {
      for (const queue of [queues.metrics, queues.notifications]) {
        const status = await statusIn(queue, jobId);
        if (status) return status;
      }
      throw new NotFound('Job', jobId);
    });
    return c.json(status, 200);
  });
