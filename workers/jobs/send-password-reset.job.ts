/**
 * `send_password_reset`: e-mails an admin's one-time reset link (outbox kind
 * `send_password_reset`), skipping a link that was used, replaced or has expired;
 * a failed send is retried by BullMQ like any notification.
 */
import { mailPasswordReset } from '../../domain/auth/password-reset.js';
import { config } from '../../infra/config.js';
import type { JobHandler } from './job-handler.js';
import { configuredJobServices } from './job-services.js';

export const sendPasswordResetJob: JobHandler = async (job, deps) => {
  const services = deps.services ?? configuredJobServices();
  const settings = config();
  const resetId = Number(job.data?.resetId);
  const links = { baseUrl: settings.PUBLIC_URL ?? `http://${settings.HOST}:${settings.PORT}`, secret: settings.SESSION_SECRET };
  const outcome = await mailPasswordReset(deps.orm.em.fork(), resetId, services.channels.email, links);
  deps.log.info({ resetId, outcome }, 'password-reset link');
  return { outcome };
};
