/** GET /api/v1/dashboard (docs/rules.md#dashboard): the dashboard figures as JSON, with their OpenAPI schema. */
import { createRoute, z } from '@hono/zod-openapi';
import { loadDashboard } from '../../domain/accounts/dashboard.js';
import { apiRouter, errorResponses, json } from '../common/openapi.js';

const StatusFigure = z.object({
  count: z.number().int(),
  percent: z.number().nullable().openapi({ description: 'Share of all accounts, one decimal; null when there are no accounts', example: 72.4 }),
  balanceCents: z.number().int(),
}).openapi('DashboardStatusFigure');

const Dashboard = z.object({
  totalAccounts: z.number().int(),
  byStatus: z.object({
    active: StatusFigure,
    inactive: StatusFigure,
    pending: StatusFigure,
    disconnected: StatusFigure.openapi({ description: 'Every disconnected account, both kinds' }),
    temporarilyDisconnected: StatusFigure,
    permanentlyDisconnected: StatusFigure,
    collection: StatusFigure,
  }),
  totalBalanceCents: z.number().int().openapi({ description: 'Sum of all balances' }),
  openServiceOrders: z.object({
    byStatus: z.object({
      created: z.number().int(), assigned: z.number().int(), scheduled: z.number().int(), in_progress: z.number().int(),
    }),
    total: z.number().int(),
  }),
  overdueServiceOrders: z.number().int().openapi({ description: 'Open orders past their SLA' }),
  failedNotifications: z.number().int(),
  asOf: z.string().datetime().openapi({ description: 'The moment the numbers were read' }),
}).openapi('Dashboard');

const dashboardRoute = createRoute({
  method: 'get',
  path: '/dashboard',
  tags: ['dashboard'],
  summary: 'Accounts by status, total balance, open and overdue service orders, failed notifications; exact now',
  responses: {
    200: json(Dashboard, 'The dashboard figures'),
    ...errorResponses,
  },
});

export const dashboardApiRoutes = apiRouter().openapi(dashboardRoute, async (c) => c.json(await loadDashboard(c.get('em')), 200));
