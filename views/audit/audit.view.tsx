/** The admins' audit log page: filters, entries with what changed, paging. */
import { auditDiff, changedRows } from '../../domain/audit/audit-diff.js';
import type { AuditFilters, AuditItem } from '../../domain/audit/audit-queries.js';
import type { Page } from '../../domain/common/paging.js';
import { Pager as ListPager } from '../common/pager.js';
import { Layout, type ShellUser } from '../common/layout.js';
import { formatDateTime } from '../profile/format.js';

/** The admins' audit log (docs/rules.md#roles-access-and-audit): who changed which record when, with what changed. */
export interface AuditListData {
  page: Page<AuditItem>;
  filters: AuditFilters;
  timeZone: string;
}

export interface AuditPageData extends AuditListData {
  entities: string[];
  users: Array<{ id: number; name: string; email: string }>;
}

export function auditUrl(filters: AuditFilters, page = 1): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ entity: filters.entity, entityId: filters.entityId, user: filters.userId, from: filters.from, to: filters.to })) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/admin/audit?${query}` : '/admin/audit';
}

function Diff({ item }: { item: AuditItem }) {
  const rows = changedRows(auditDiff(item.before, item.after));
  if (!rows.length) return <span class="muted">—</span>;
  return (
    <table class="compact audit-diff">
      <tbody>
        {rows.map((r) => (
          <tr class={r.changed ? 'changed' : undefined} data-field={r.field}>
            <th scope="row">{r.field}</th>
            <td class="audit-before">{r.before === null ? <span class="muted">—</span> : <del>{r.before}</del>}</td>
            <td class="audit-after">{r.after === null ? <span class="muted">—</span> : <ins>{r.after}</ins>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Pager({ data }: { data: AuditListData }) {
  const link = (page: number) => {
    const href = auditUrl(data.filters, page);
    return { href, 'hx-get': href, 'hx-target': '#audit-list', 'hx-swap': 'outerHTML', 'hx-push-url': 'true' };
  };
  return <ListPager page={data.page} label="Audit log" link={link} />;
}

/** Where the change came from: the request id, the workflow or the job; nothing for rows from before it was kept. */
function Origin({ item }: { item: AuditItem }) {
  const origins = [
    ['request', item.requestId], ['workflow', item.workflowId], ['job', item.jobId],
  ].filter((origin): origin is [string, string] => origin[1] !== null);
  if (!origins.length) return <span class="muted">—</span>;
  return <>{origins.map(([kind, id]) => <div><span class="muted">{kind}</span> <code>{id}</code></div>)}</>;
}

/** The entries alone: what a filter or page change swaps in. */
export function AuditList({ data }: { data: AuditListData }) {
  return (
    <div id="audit-list">
      {data.page.items.length === 0 ? <p class="empty">No entries match.</p> : (
        <table class="audit-log">
          <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Record</th><th scope="col">Before → after</th><th scope="col">Origin</th></tr></thead>
          <tbody>
            {data.page.items.map((item) => (
              <tr data-audit={String(item.id)}>
                <td><time datetime={item.at.toISOString()}>{formatDateTime(item.at, data.timeZone)}</time></td>
                <td>{item.userName}</td>
                <td>{item.action}</td>
                <td>{item.entity} <strong>{item.entityId}</strong></td>
                <td><Diff item={item} /></td>
                <td class="audit-origin"><Origin item={item} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager data={data} />
    </div>
  );
}

function Filters({ data }: { data: AuditPageData }) {
  const f = data.filters;
  return (
    <form class="filters audit-filters" method="get" action="/admin/audit" hx-get="/admin/audit" hx-target="#audit-list" hx-swap="outerHTML"
      hx-push-url="true" hx-trigger="change, submit">
      <label>Record kind
        <select name="entity">
          <option value="">All</option>
          {data.entities.map((e) => <option value={e} selected={e === f.entity}>{e}</option>)}
        </select>
      </label>
      <label>Record id <input name="entityId" value={f.entityId ?? ''} placeholder="WU-10001" /></label>
      <label>User
        <select name="user">
          <option value="">Anyone</option>
          {data.users.map((u) => <option value={String(u.id)} selected={u.id === f.userId}>{u.name} ({u.email})</option>)}
        </select>
      </label>
      <label>From <input type="date" name="from" value={f.from ?? ''} /></label>
      <label>To <input type="date" name="to" value={f.to ?? ''} /></label>
      <button type="submit">Filter</button>
    </form>
  );
}

export function AuditPage({ data, user, csrfToken }: { data: AuditPageData; user: ShellUser; csrfToken: string | null }) {
  return (
    <Layout title="Audit log" user={user} csrfToken={csrfToken} active="audit">
      <header class="page-header"><h1>Audit log</h1></header>
      <Filters data={data} />
      <AuditList data={data} />
    </Layout>
  );
}
