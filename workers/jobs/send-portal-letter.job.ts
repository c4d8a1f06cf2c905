/**
 * `send_portal_letter`: one e-mail about a portal registration (outbox kind `send_portal_letter`,
 * `{registrationId, letter}`): the confirmation link, or a notice; a failed send is retried by BullMQ
 * like any notification.
 */
import { isPortalLetter, mailPortalLetter } from '../../domain/portal/portal-letters.js';
import { config } from '../../infra/config.js';
import type { JobHandler } from './job-handler.js';
import { configuredJobServices } from './job-services.js';

export const sendPortalLetterJob: JobHandler = async (job, deps) => {
  const services = deps.services ?? configuredJobServices();
  const settings = config();
  const registrationId = Number(job.data?.registrationId);
  const letter = job.data?.letter;
  if (!Number.isSafeInteger(registrationId) || !isPortalLetter(letter)) {
    deps.log.warn({ data: job.data }, 'portal letter job without a registration or letter; dropped');
    return { outcome: 'skipped' };
  }
  const links = { baseUrl: settings.PUBLIC_URL ?? `http://${settings.HOST}:${settings.PORT}`, secret: settings.SESSION_SECRET };
  const outcome = await mailPortalLetter(deps.orm.em.fork(), registrationId, letter, services.channels.email, links);
  deps.log.info({ registrationId, letter, outcome }, 'portal registration letter');
  return { outcome };
};
