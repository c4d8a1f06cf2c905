import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { PayloadTooLarge } from '../domain/errors.js';
import type { AppDeps, AppEnv } from './app-env.js';
import { renderError, renderNotFound } from './errors.js';
import { measureRequests, metricsRoutes } from './metrics.js';
import { authenticate } from './middleware/authenticate.js';
import { drainingBodyLimit } from './middleware/body-limit.js';
import { csrfProtection } from './middleware/csrf.js';
import { requestContext } from './middleware/request-context.js';
import { requireRole } from './middleware/require-role.js';
import { apiRouter } from './openapi.js';
import { authApiRoutes } from './routes/auth-api.routes.js';
import { authPageRoutes } from './routes/auth-pages.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { accountsSearchApiRoutes } from './routes/accounts-search-api.routes.js';
import { accountsSearchRoutes } from './routes/accounts-search.routes.js';
import { dashboardApiRoutes } from './routes/dashboard-api.routes.js';
import { dashboardRoutes } from './routes/dashboard.routes.js';
import { profileApiRoutes } from './routes/profile-api.routes.js';
import { profileRoutes } from './routes/profile.routes.js';
import { serviceOrdersApiRoutes } from './routes/service-orders-api.routes.js';
import { serviceOrderPageRoutes } from './routes/service-orders.routes.js';
import { profileServiceOrderRoutes } from './routes/profile-service-orders.routes.js';
import { technicianPageRoutes } from './routes/technicians.routes.js';
import { vipPinApiRoutes, vipPinPageRoutes } from './routes/vip-pin.routes.js';
import { userPageRoutes } from './routes/users.routes.js';
import { settingsPageRoutes } from './routes/settings.routes.js';
import { staticRoutes } from './routes/static.routes.js';
import { techniciansApiRoutes } from './routes/technicians-api.routes.js';
import { jobsApiRoutes } from './routes/jobs-api.routes.js';
import { notificationsApiRoutes } from './routes/notifications-api.routes.js';
import { notificationPageRoutes } from './routes/notifications.routes.js';
import { queueDashboardRoutes } from './routes/queues-dashboard.routes.js';
import { communicationsApiRoutes } from './routes/communications-api.routes.js';
import { communicationPageRoutes } from './routes/communications.routes.js';
import { complaintsApiRoutes } from './routes/complaints-api.routes.js';
import { complaintPageRoutes } from './routes/complaints.routes.js';
import { documentsApiRoutes } from './routes/documents-api.routes.js';
import { documentUploadLimit, isDocumentUpload } from './routes/documents-body-limit.js';
import { documentPageRoutes } from './routes/documents.routes.js';
import { notesApiRoutes } from './routes/notes-api.routes.js';
import { notePageRoutes } from './routes/notes.routes.js';
import { accountWritesApiRoutes } from './routes/account-writes-api.routes.js';
import { paymentsApiRoutes } from './routes/payments-api.routes.js';
import { billsApiRoutes } from './routes/bills-api.routes.js';
import { readingsApiRoutes } from './routes/readings-api.routes.js';
import { auditApiRoutes } from './routes/audit-api.routes.js';
import { accountWritePageRoutes } from './routes/account-writes.routes.js';
import { paymentPageRoutes } from './routes/payments.routes.js';
import { readingPageRoutes } from './routes/readings.routes.js';
import { auditPageRoutes } from './routes/audit.routes.js';

/** Only the app's own scripts and styles; no inline script, no framing, forms post only to us. */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  objectSrc: ["'none'"],
};

const JSON_BODY_LIMIT = 1024 * 1024;

/** The JSON API under /api/v1: every route but the token exchange needs a signed-in user. */
function buildApi() {
  const api = apiRouter();
  api.route('/', authApiRoutes);
  api.use('*', requireRole('agent'));
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
  api.route('/', auditApiRoutes);
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.doc('/openapi.json', {
    openapi: '3.0.0',
    info: { title: 'Cistern API', version: '1.0.0', description: 'Consumer management for water utilities.' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
  });
  return api;
}

/** The whole Hono app, built from its services so tests can build one on their own databases. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, referrerPolicy: 'same-origin' }));
  app.use('*', requestContext(deps));
  app.use('*', measureRequests);
  app.route('/', staticRoutes);
  app.route('/', healthRoutes);
  const defaultBodyLimit = drainingBodyLimit(JSON_BODY_LIMIT, () => new PayloadTooLarge('The request body is larger than 1 MiB.'));
  const uploadBodyLimit = documentUploadLimit(deps.config.DOCUMENT_MAX_BYTES);
  app.use('*', (c, next) => (isDocumentUpload(c) ? uploadBodyLimit(c, next) : defaultBodyLimit(c, next)));
  app.use('*', authenticate);
  app.use('*', csrfProtection);
  app.route('/', authPageRoutes);
  app.route('/', metricsRoutes);
  app.route('/api/v1', buildApi());
  app.route('/', dashboardRoutes);
  app.route('/', accountsSearchRoutes);
  app.route('/', profileRoutes);
  app.route('/', serviceOrderPageRoutes);
  app.route('/', profileServiceOrderRoutes);
  app.route('/', technicianPageRoutes);
  app.route('/', vipPinPageRoutes);
  app.route('/', userPageRoutes);
  app.route('/', settingsPageRoutes);
  app.route('/', notificationPageRoutes);
  app.route('/', queueDashboardRoutes);
  app.route('/', notePageRoutes);
  app.route('/', communicationPageRoutes);
  app.route('/', complaintPageRoutes);
  app.route('/', documentPageRoutes);
  app.route('/', accountWritePageRoutes);
  app.route('/', paymentPageRoutes);
  app.route('/', readingPageRoutes);
  app.route('/', auditPageRoutes);
  app.onError(renderError);
  app.notFound(renderNotFound);
  return app;
}

export type App = ReturnType<typeof createApp>;
