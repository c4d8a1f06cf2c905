/** /admin/audit (htmx): the audit log with filters, newest first, paginated. */
import { Hono, type Context } from 'hono';
import { auditedEntities, auditUsers, listAudit, type AuditFilters } from '../../domain/audit/audit-queries.js';
import { pageFromQuery } from '../../domain/common/paging.js';
import { parseRowId } from '../../domain/common/row-id.js';
import { AuditList, AuditPage } from '../../views/audit/audit.view.js';
import type { AppEnv } from '../app-env.js';
import { wantsFragment } from '../common/htmx.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Filters from a link or the filter form; a malformed value is ignored (a page shows everything rather than an error). */
function filtersFrom(query: Record<string, string>): AuditFilters {
  const text = (value: string | undefined) => value?.trim().slice(0, 255) || undefined;
  return {
    entity: text(query.entity), entityId: text(query.entityId),
    userId: parseRowId(query.user) ?? undefined,
    from: DAY.test(query.from ?? '') ? query.from : undefined,
    to: DAY.test(query.to ?? '') ? query.to : undefined,
  };
}

async function listData(c: Context<AppEnv>) {
  const query = c.req.query();
  const filters = filtersFrom(query);
  const timeZone = c.get('deps').config.UTILITY_TIME_ZONE;
  const page = await listAudit(c.get('em'), filters, pageFromQuery(query.page, query.pageSize, 50), timeZone);
  return { page, filters, timeZone };
}

export const auditPageRoutes = new Hono<AppEnv>().get('/admin/audit', requireRole('admin'), async (c) => {
  const data = await listData(c);
  if (wantsFragment(c)) return c.html(<AuditList data={data} />);
  const [entities, users] = await Promise.all([auditedEntities(c.get('em')), auditUsers(c.get('em'))]);
  return c.html(<AuditPage data={{ ...data, entities, users }} user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />);
});
