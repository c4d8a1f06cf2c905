/**
 * Reading the audit log (SPEC §1): filtered by entity, record, user and a date range,
 * newest first, paginated. Dates are the utility's calendar days, both ends included.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { parseLocalDateTime } from '../shared/utility-time.js';
import { pageOf, type Page, type PageRequest } from '../shared/paging.js';
import { asDate, asInt } from '../shared/sql-values.js';

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
  requestId: string | null;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The WHERE clause and its parameters; every filter is optional and they combine with AND. */
export function auditWhere(filters: AuditFilters, timeZone: string): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => { clauses.push(clause); params.push(value); };
  if (filters.entity) add('entity = ?', filters.entity);
  if (filters.entityId) add('entity_id = ?', filters.entityId);
  if (filters.userId !== undefined) add('user_id = ?', filters.userId);
  const from = filters.from ? parseLocalDateTime(`${filters.from}T00:00`, timeZone) : null;
  if (from) add('at >= ?', from);
  const until = filters.to ? parseLocalDateTime(`${nextDay(filters.to)}T00:00`, timeZone) : null;
  if (until) add('at < ?', until);
  return { where: clauses.length ? `where ${clauses.join(' and ')}` : '', params };
}

export function listAudit(em: EntityManager, filters: AuditFilters, request: PageRequest, timeZone: string): Promise<Page<AuditItem>> {
  const { where, params } = auditWhere(filters, timeZone);
  return pageOf(em,
    `select id, at, user_id, user_name, action, entity, entity_id, before, after, request_id from audit_log ${where} order by at desc, id desc`,
    `select count(*) as total from audit_log ${where}`, params, request, (r) => ({
      id: asInt(r.id), at: asDate(r.at), userId: r.user_id === null ? null : asInt(r.user_id), userName: String(r.user_name),
      action: String(r.action), entity: String(r.entity), entityId: String(r.entity_id),
      before: (r.before as Record<string, unknown> | null) ?? null, after: (r.after as Record<string, unknown> | null) ?? null,
      requestId: (r.request_id as string | null) ?? null,
    }));
}

/** The kinds of record in the log, for the filter; a loose index scan reads one index entry per kind. */
export async function auditedEntities(em: EntityManager): Promise<string[]> {
  const rows = await em.getConnection().execute<{ entity: string }[]>(
    `with recursive kinds as (
       select min(entity) as entity from audit_log
       union all
       select (select min(entity) from audit_log where entity > kinds.entity) from kinds where kinds.entity is not null)
     select entity from kinds where entity is not null`);
  return rows.map((r) => r.entity);
}

/** Everyone who can appear in the log, for the filter. */
export async function auditUsers(em: EntityManager): Promise<Array<{ id: number; name: string; email: string }>> {
  const rows = await em.getConnection().execute<{ id: unknown; name: string; email: string }[]>('select id, name, email from app_user order by name, id');
  return rows.map((r) => ({ id: asInt(r.id), name: r.name, email: r.email }));
}
