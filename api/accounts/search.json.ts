/** GET /api/v1/accounts: the consumer search as JSON, and its query schema shared with the /accounts page. */
import { createRoute, z } from '@hono/zod-openapi';
import { ACCOUNT_STATUSES, DISCONNECTION_KINDS } from '../../domain/common/enums.js';
import { searchAccounts, type AccountSearchRequest } from '../../domain/accounts/search/account-search.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE } from '../../domain/common/paging.js';
import { plainText } from '../../domain/common/plain-text.js';
import { apiRouter, errorResponses, json } from '../common/openapi.js';

const flag = (name: string, description: string) =>
  z.enum(['true', 'false']).optional().openapi({ param: { name, in: 'query' }, description });

/** The search's query string (docs/rules.md#search), shared by the JSON API and the /accounts page. */
export const AccountSearchQuery = z.object({
  q: plainText(200).optional().openapi({
    param: { name: 'q', in: 'query' },
    description: 'Name (either order, accents and one typo forgiven), account number (whole or part), e-mail, phone (any formatting) or meter number.',
    example: 'john doe',
  }),
  status: z.enum(ACCOUNT_STATUSES).optional().openapi({ param: { name: 'status', in: 'query' } }),
  vip: flag('vip', 'Only VIP (true) or only non-VIP (false) accounts.'),
  overdue: flag('overdue', 'Only accounts with (true) or without (false) an overdue balance.'),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1).openapi({ param: { name: 'page', in: 'query' }, example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE)
    .openapi({ param: { name: 'pageSize', in: 'query' }, example: DEFAULT_PAGE_SIZE }),
});
export type AccountSearchQueryValues = z.infer<typeof AccountSearchQuery>;

/** The validated query as the domain service takes it. */
export function toSearchRequest(query: AccountSearchQueryValues): AccountSearchRequest {
  const flagValue = (value: 'true' | 'false' | undefined) => (value === undefined ? undefined : value === 'true');
  return {
    q: query.q,
    status: query.status,
    vip: flagValue(query.vip),
    overdue: flagValue(query.overdue),
    page: query.page,
    pageSize: query.pageSize,
  };
}

const AccountSearchHit = z.object({
  accountNumber: z.string().openapi({ example: 'WU-10001' }),
  name: z.string().openapi({ example: 'John Doe' }),
  firstName: z.string(),
  lastName: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  disconnectionKind: z.enum(DISCONNECTION_KINDS).nullable(),
  vip: z.boolean(),
  balanceCents: z.number().int(),
  healthScore: z.number().int().nullable(),
  overdueSince: z.string().nullable().openapi({ format: 'date' }),
}).openapi('AccountSearchHit');

const AccountSearchPage = z.object({
  items: z.array(AccountSearchHit),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
}).openapi('AccountSearchPage');

const searchRoute = createRoute({
  method: 'get',
  path: '/accounts',
  tags: ['accounts'],
  summary: 'Search consumers, best match first (exact account number, exact name, prefix, partial, one typo, similar)',
  request: { query: AccountSearchQuery },
  responses: {
    200: json(AccountSearchPage, 'One page of matching accounts'),
    ...errorResponses,
  },
});

/** GET /api/v1/accounts: the search of docs/rules.md#search. */
export const accountsSearchApiRoutes = apiRouter().openapi(searchRoute, async (c) => {
  const page = await searchAccounts(c.get('em'), toSearchRequest(c.req.valid('query')), c.get('deps').genericPlanDb);
  return c.json(page, 200);
});
