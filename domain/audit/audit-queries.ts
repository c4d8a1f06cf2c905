/**
 * Reading the audit log (docs/rules.md#roles-access-and-audit): filtered by entity, record, user and a date range,
 * newest first, paginated. Dates are the utility's calendar days, both ends included.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../common/database.js';
import { parseLocalDateTime } from '../common/utility-time.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';

export interface AuditFilters {
  entity?: string;
  entityId?: string;
  userId?: number;
  /** YYYY-MM-DD in the utility's time zone. */
  from?: string;
  to?: string;
}

export interface AuditItem {
  id: number;
  at: Date;
  userId: number | null;
  userName: string;
  action: string;
  entity: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Where the write came from: the HTTP request, the workflow or the job (domain/audit/write-origin.ts). */
  requestId: string | null;
  workflowId: string | null;
  jobId: string | null;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The entries the filters keep; every filter is optional and they combine with AND. */
function filteredLog(em: EntityManager, filters: AuditFilters, timeZone: string) {
  let log = db(em).selectFrom('audit_log');
  if (filters.entity) log = log.where('entity', '=', filters.entity);
  if (filters.entityId) log = log.where('entity_id', '=', filters.entityId);
  if (filters.userId !== undefined) log = log.where('user_id', '=', filters.userId);
  const from = filters.from ? parseLocalDateTime(`${filters.from}T00:00`, timeZone) : null;
  if (from) log = log.where('at', '>=', from);
  const until = filters.to ? parseLocalDateTime(`${nextDay(filters.to)}T00:00`, timeZone) : null;
  if (until) log = log.where('at', '<', until);
  return log;
}

export function listAudit(em: EntityManager, filters: AuditFilters, request: PageRequest, timeZone: string): Promise<Page<AuditItem>> {
  const log = filteredLog(em, filters, timeZone);
  const select = log.select(['id', 'at', 'user_id as userId', 'user_name as userName', 'action', 'entity', 'entity_id as entityId',
    'before', 'after', 'request_id as requestId', 'workflow_id as workflowId', 'job_id as jobId']).orderBy('at', 'desc').orderBy('id', 'desc');
  return fetchPage(select, log.select((eb) => eb.fn.countAll<string>().as('total')), request, (row) => row);
}

/** The kinds of record in the log, for the filter; a loose index scan reads one index entry per kind. */
export async function auditedEntities(em: EntityManager): Promise<string[]> {
  const rows = await db(em).withRecursive('kinds(entity)', (kb) => kb
    .selectFrom('audit_log').select((eb) => eb.fn.min('entity').as('entity'))
    .unionAll(kb.selectFrom('kinds')
      .select((eb) => eb.selectFrom('audit_log').select((a) => a.fn.min('entity').as('entity')).whereRef('audit_log.entity', '>', 'kinds.entity').as('entity'))
      .where('kinds.entity', 'is not', null)))
    .selectFrom('kinds').select('entity').where('entity', 'is not', null).execute();
  return rows.map((r) => r.entity as string);
}

/** Everyone who can appear in the log, for the filter. */
export function auditUsers(em: EntityManager): Promise<Array<{ id: number; name: string; email: string }>> {
  return db(em).selectFrom('app_user').select(['id', 'name', 'email']).orderBy('name').orderBy('id').execute();
}
