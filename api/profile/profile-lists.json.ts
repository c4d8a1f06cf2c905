/**
 * The profile's lists as JSON (docs/api.md): `{items, total, page, pageSize}`, newest first,
 * `?page&pageSize` (pageSize ≤ 200; anything else is a 422 naming the field).
 */
import { createRoute, type z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findAccount } from '../../domain/accounts/account-record.js';
import type { Page, PageRequest } from '../../domain/common/paging.js';
import { listAccountReadings, listMeterReadings, listMeters } from '../../domain/readings/profile-connections.js';
import { listBills, listPayments } from '../../domain/billing/profile-finance.js';
import { listCommunications, listComplaints, listDocuments, listNotes } from '../../domain/communications/profile-records.js';
import { listServiceOrders } from '../../domain/service-orders/profile-service.js';
import { apiRouter, errorResponses, json } from '../common/openapi.js';
import { jsonOf } from './profile-mappers.js';
import {
  AccountParams, BillItem, CommunicationItem, ComplaintItem, DocumentItem, MeterItem, MeterParams, NoteItem,
  notFoundResponse, PageQuery, pageOfSchema, PaymentItem, ReadingItem, ServiceOrderItem,
} from './profile.schemas.js';

type Lister = (em: EntityManager, accountId: number, request: PageRequest) => Promise<Page<object>>;

function listRoute(path: string, item: z.ZodTypeAny, name: string, summary: string) {
  return createRoute({
    method: 'get', path: `/accounts/{accountNumber}/${path}`, tags: ['accounts'], summary,
    request: { params: AccountParams, query: PageQuery },
    responses: {
      200: json(pageOfSchema(item, name), summary),
      ...errorResponses, 404: notFoundResponse,
    },
  });
}

const LISTS: Array<{ path: string; item: z.ZodTypeAny; name: string; summary: string; list: Lister }> = [
  { path: 'bills', item: BillItem, name: 'BillPage', summary: 'Bills, newest first', list: listBills },
  { path: 'payments', item: PaymentItem, name: 'PaymentPage', summary: 'Payments, newest first', list: listPayments },
  { path: 'meters', item: MeterItem, name: 'MeterPage', summary: 'Meters assigned to the account now and before', list: listMeters },
  { path: 'readings', item: ReadingItem, name: 'AccountReadingPage', summary: 'Readings of all the account’s meters, newest first', list: listAccountReadings },
  {
    path: 'service-orders', item: ServiceOrderItem, name: 'AccountServiceOrderPage', summary: 'The account’s service orders with their history, newest first',
    list: async (em, id, request) => {
      const page = await listServiceOrders(em, id, request);
      return { ...page, items: page.items.map(({ id: _rowId, ...order }) => order) };
    },
  },
  { path: 'communications', item: CommunicationItem, name: 'CommunicationPage', summary: 'Communications, newest first', list: listCommunications },
  { path: 'notes', item: NoteItem, name: 'NotePage', summary: 'Notes (latest version of each), newest first', list: listNotes },
  { path: 'complaints', item: ComplaintItem, name: 'ComplaintPage', summary: 'Complaints, newest first', list: listComplaints },
  { path: 'documents', item: DocumentItem, name: 'DocumentPage', summary: 'Documents with their current version', list: listDocuments },
];

const meterReadings = createRoute({
  method: 'get', path: '/meters/{meterNumber}/readings', tags: ['meters'], summary: 'A meter’s readings, newest first',
  request: { params: MeterParams, query: PageQuery },
  responses: {
    200: json(pageOfSchema(ReadingItem, 'ReadingPage'), 'Readings'),
    ...errorResponses, 404: notFoundResponse,
  },
});

export const profileListApiRoutes = apiRouter().openapi(meterReadings, async (c) => {
  const page = await listMeterReadings(c.get('em'), c.req.valid('param').meterNumber, c.req.valid('query'));
  return c.json(jsonOf(page), 200);
});

for (const { path, item, name, summary, list } of LISTS) {
  profileListApiRoutes.openapi(listRoute(path, item, name, summary), async (c) => {
    const em = c.get('em');
    const account = await findAccount(em, c.req.valid('param').accountNumber);
    return c.json(jsonOf(await list(em, account.id, c.req.valid('query'))), 200);
  });
}
