/**
 * `send_notification {notificationId}`: one try at sending (claim → send → record, see
 * domain/notifications/notification-sender.ts). A failure the channel may get over is thrown
 * so BullMQ tries again after its exponential backoff; a final one is thrown as
 * unrecoverable so BullMQ stops, matching the row's `failed`.
 */
import { UnrecoverableError } from 'bullmq';
import { sendNotification } from '../../domain/notifications/notification-sender.js';
import type { JobHandler } from './job-handler.js';
import { configuredJobServices } from './job-services.js';

export const sendNotificationJob: JobHandler = async (job, deps) => {
  const services = deps.services ?? configuredJobServices();
  const id = Number(job.data?.notificationId);
  if (!Number.isSafeInteger(id)) throw new UnrecoverableError(`send_notification without a notificationId: ${JSON.stringify(job.data)}`);
  const outcome = await sendNotification(
    { orm: deps.orm, channels: services.channels, timeZone: services.timeZone, sendTimeoutMs: services.sendTimeoutMs },
    id,
    { number: job.attemptsMade + 1, of: job.opts.attempts ?? 1 },
  );
  deps.log.info({ notificationId: id, attempt: job.attemptsMade + 1, outcome }, 'notification job done');
  if (outcome.kind === 'retry') throw new Error(outcome.reason);
  if (outcome.kind === 'failed') throw new UnrecoverableError(outcome.reason);
  return outcome;
};
