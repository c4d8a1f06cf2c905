/** The Hono app: security headers, sign-in, CSRF, the JSON API under /api/v1 and the htmx pages, in that order. */
import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { PayloadTooLarge } from '../domain/common/errors.js';
import type { AppDeps, AppEnv } from './app-env.js';
import { renderError, renderNotFound } from './common/errors.js';
import { measureRequests, metricsRoutes } from './platform/metrics.routes.js';
import { authenticate } from './middleware/authenticate.js';
import { drainingBodyLimit, refusingBodyLimit } from './middleware/body-limit.js';
import { noStoreUnlessCacheable } from './middleware/cache-control.js';
import { apiAnswersAsAttachments } from './middleware/api-disposition.js';
import { logSecurityEvents } from './middleware/security-events.js';
import { readableFormBody } from './middleware/form-body.js';
import { urlHygiene } from './middleware/url-hygiene.js';
import { csrfProtection } from './middleware/csrf.js';
import { requestContext } from './middleware/request-context.js';
import { requireRole } from './middleware/require-role.js';
import { apiRouter } from './common/openapi.js';
import { authApiRoutes } from './auth/auth.json.js';
import { authPageRoutes } from './auth/auth.pages.js';
import { accountApiRoutes } from './auth/account.json.js';
import { accountPageRoutes } from './auth/account.pages.js';
import { passwordResetPageRoutes } from './auth/password-reset.pages.js';
import { userApiRoutes } from './auth/users.json.js';
import { healthRoutes } from './platform/health.routes.js';
import { accountsSearchApiRoutes } from './accounts/search.json.js';
import { accountsSearchRoutes } from './accounts/search.pages.js';
import { dashboardApiRoutes } from './accounts/dashboard.json.js';
import { dashboardRoutes } from './accounts/dashboard.pages.js';
import { profileApiRoutes } from './profile/profile.json.js';
import { profileRoutes } from './profile/profile.pages.js';
import { serviceOrdersApiRoutes } from './service-orders/service-orders.json.js';
import { serviceOrderPageRoutes } from './service-orders/service-orders.pages.js';
import { profileServiceOrderRoutes } from './service-orders/profile-service-orders.pages.js';
import { technicianPageRoutes } from './service-orders/technicians.pages.js';
import { vipPinApiRoutes, vipPinPageRoutes } from './accounts/vip-pin.routes.js';
import { userPageRoutes } from './auth/users.pages.js';
import { settingsPageRoutes } from './settings/settings.pages.js';
import { schedulePageRoutes } from './settings/schedule.pages.js';
import { templatePageRoutes } from './settings/templates.pages.js';
import { staticRoutes } from './platform/static.routes.js';
import { apiDocsRoutes } from './platform/api-docs.routes.js';
import { techniciansApiRoutes } from './service-orders/technicians.json.js';
import { jobsApiRoutes } from './metrics/jobs.json.js';
import { notificationsApiRoutes } from './notifications/notifications.json.js';
import { notificationPageRoutes } from './notifications/notifications.pages.js';
import { queueDashboardRoutes, styleSources } from './metrics/queues-dashboard.routes.js';
import { communicationsApiRoutes } from './communications/communications.json.js';
import { communicationPageRoutes } from './communications/communications.pages.js';
import { complaintsApiRoutes } from './communications/complaints.json.js';
import { complaintPageRoutes } from './communications/complaints.pages.js';
import { documentsApiRoutes } from './communications/documents.json.js';
import { documentUploadLimit, isDocumentUpload } from './communications/documents-body-limit.js';
import { documentPageRoutes } from './communications/documents.pages.js';
import { notesApiRoutes } from './communications/notes.json.js';
import { notePageRoutes } from './communications/notes.pages.js';
import { accountWritesApiRoutes } from './accounts/account-writes.json.js';
import { paymentsApiRoutes } from './billing/payments.json.js';
import { billsApiRoutes } from './billing/bills.json.js';
import { readingsApiRoutes } from './readings/readings.json.js';
import { timelineApiRoutes } from './timeline/timeline.json.js';
import { timelinePageRoutes } from './timeline/timeline.pages.js';
import { auditApiRoutes } from './audit/audit.json.js';
import { accountWritePageRoutes } from './accounts/account-writes.pages.js';
import { paymentPageRoutes } from './billing/payments.pages.js';
import { billPageRoutes } from './billing/bills.pages.js';
import { readingPageRoutes } from './readings/readings.pages.js';
import { auditPageRoutes } from './audit/audit.pages.js';
import { portalApiRoutes } from './portal/portal.json.js';
import { portalPageRoutes } from './portal/portal.pages.js';
import { isProblemReport, problemReportLimit } from './portal/portal-photo.js';
import { portalIdentityApiRoutes } from './portal/portal-identity.json.js';
import { portalIdentityPageRoutes } from './portal/portal-identity.pages.js';
import { consumerHome } from './auth/landing.js';
import { portalAccessApiRoutes, portalAccessPageRoutes } from './accounts/portal-access.routes.js';

/**
 * Only the app's own scripts and styles; no inline script, no framing, forms post only to us.
 * The one exception: the queue dashboard's pages also allow its few fixed <style> texts, by hash.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: [styleSources],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  objectSrc: ["'none'"],
};

/** Powerful browser features the back office never uses, switched off for our pages and anything they embed. */
const PERMISSIONS_POLICY = {
  camera: [], microphone: [], geolocation: [], payment: [], usb: [], serial: [], bluetooth: [], hid: [],
  midi: [], magnetometer: [], gyroscope: [], accelerometer: [], displayCapture: [], browsingTopics: [],
};

const JSON_BODY_LIMIT = 1024 * 1024;
/** Sign-in is all a caller without credentials may post: an email and a password. */
const SIGNED_OUT_BODY_LIMIT = 16 * 1024;

/** The JSON API under /api/v1: every route but the token exchange (and the public openapi.json, see createApp) needs a signed-in user. */
function buildApi() {
  const api = apiRouter();
  api.route('/', authApiRoutes);
  // The consumer's own routes (each behind requireConsumer) come before the staff's gate, which admits no consumer.
  api.route('/', portalApiRoutes);
  api.route('/', portalIdentityApiRoutes);
  api.use('*', requireRole('agent'));
  api.route('/', accountApiRoutes);
  api.route('/', userApiRoutes);
  api.route('/', dashboardApiRoutes);
  api.route('/', accountsSearchApiRoutes);
  api.route('/', profileApiRoutes);
  api.route('/', serviceOrdersApiRoutes);
  api.route('/', techniciansApiRoutes);
  api.route('/', vipPinApiRoutes);
  api.route('/', notificationsApiRoutes);
  api.route('/', jobsApiRoutes);
  api.route('/', notesApiRoutes);
  api.route('/', communicationsApiRoutes);
  api.route('/', complaintsApiRoutes);
  api.route('/', documentsApiRoutes);
  api.route('/', accountWritesApiRoutes);
  api.route('/', paymentsApiRoutes);
  api.route('/', billsApiRoutes);
  api.route('/', readingsApiRoutes);
  api.route('/', timelineApiRoutes);
  api.route('/', auditApiRoutes);
  api.route('/', portalAccessApiRoutes);
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  return api;
}

/** The OpenAPI document of the JSON API, generated from the routes' own schemas. */
function openApiDocument(api: ReturnType<typeof buildApi>) {
  return api.getOpenAPIDocument({
    openapi: '3.0.0',
    info: { title: 'Cistern API', version: '1.0.0', description: 'Consumer management for water utilities.' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
  });
}

/**
 * How much body a request may send, by who sends it: without credentials only a sign-in's
 * worth, refused unread beyond that; signed in, 1 MiB of JSON or a form, a document upload, or a consumer's problem report with its photo.
 */
function requestBodyLimit(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const signedOut = refusingBodyLimit(SIGNED_OUT_BODY_LIMIT, () => new PayloadTooLarge('Sign in first: without it a request may carry at most 16 KiB.'));
  const signedIn = drainingBodyLimit(JSON_BODY_LIMIT, () => new PayloadTooLarge('The request body is larger than 1 MiB.'));
  const upload = documentUploadLimit(deps.config.DOCUMENT_MAX_BYTES);
  const problemReport = problemReportLimit(deps.config.PHOTO_MAX_BYTES);
  return (c, next) => {
    if (!c.get('user')) return signedOut(c, next);
    if (isProblemReport(c) && c.get('user')?.role === 'consumer') return problemReport(c, next);
    return isDocumentUpload(c) ? upload(c, next) : signedIn(c, next);
  };
}

/** The whole Hono app, built from its services so tests can build one on their own databases. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  if (deps.drain) app.use('*', deps.drain.middleware);
  const api = buildApi();
  app.use('*', secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY, referrerPolicy: 'same-origin', permissionsPolicy: PERMISSIONS_POLICY,
  }));
  app.use('*', noStoreUnlessCacheable);
  app.use('/api/*', apiAnswersAsAttachments);
  app.use('*', requestContext(deps));
  app.use('*', measureRequests);
  app.use('*', logSecurityEvents);
  app.use('*', urlHygiene);
  app.route('/', staticRoutes);
  app.route('/', healthRoutes);
  // Before sign-in and the body limit: the scrape token is checked by the route itself and opens nothing else.
  app.route('/', metricsRoutes);
  app.route('/', apiDocsRoutes(() => openApiDocument(api)));
  // Who is calling is known before a byte of the body is read: the limit depends on it.
  app.use('*', authenticate);
  app.use('*', requestBodyLimit(deps));
  app.use('*', readableFormBody);
  app.use('*', csrfProtection);
  app.route('/', authPageRoutes);
  app.route('/', passwordResetPageRoutes);
  app.route('/', portalIdentityPageRoutes);
  app.get('/', consumerHome);
  app.route('/api/v1', api);
  app.route('/', dashboardRoutes);
  app.route('/', accountsSearchRoutes);
  app.route('/', profileRoutes);
  app.route('/', serviceOrderPageRoutes);
  app.route('/', profileServiceOrderRoutes);
  app.route('/', technicianPageRoutes);
  app.route('/', vipPinPageRoutes);
  app.route('/', userPageRoutes);
  app.route('/', accountPageRoutes);
  app.route('/', settingsPageRoutes);
  app.route('/', schedulePageRoutes);
  app.route('/', templatePageRoutes);
  app.route('/', notificationPageRoutes);
  app.route('/', queueDashboardRoutes);
  app.route('/', notePageRoutes);
  app.route('/', communicationPageRoutes);
  app.route('/', complaintPageRoutes);
  app.route('/', documentPageRoutes);
  app.route('/', accountWritePageRoutes);
  app.route('/', paymentPageRoutes);
  app.route('/', billPageRoutes);
  app.route('/', readingPageRoutes);
  app.route('/', timelinePageRoutes);
  app.route('/', auditPageRoutes);
  app.route('/', portalPageRoutes);
  app.route('/', portalAccessPageRoutes);
  app.onError(renderError);
  app.notFound(renderNotFound);
  return app;
}

export type App = ReturnType<typeof createApp>;
