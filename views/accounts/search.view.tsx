/** The consumer search page: the search box with its filters, the ranked results and their numbered page links. */
import { ACCOUNT_STATUSES, type AccountStatus } from '../../domain/common/enums.js';
import { formatCents } from '../../domain/common/money.js';
import type { AccountHit } from '../../domain/accounts/search/account-search.js';
import { DEFAULT_PAGE_SIZE, pageCount, type Page } from '../../domain/common/paging.js';
import { statusLabel, StatusBadge } from '../common/status-badge.js';
import { VipCrown } from '../common/vip-crown.js';
import { Layout, type ShellUser } from '../common/layout.js';

/** The search as the page shows it in the form and keeps in its links. */
export interface SearchForm {
  q: string;
  status?: AccountStatus;
  vip?: boolean;
  overdue?: boolean;
}

/** `/accounts?…` for this search on `page` (the form's own parameter names). */
export function searchUrl(form: SearchForm, page: number, pageSize?: number): string {
  const params = new URLSearchParams();
  if (form.q) params.set('q', form.q);
  if (form.status) params.set('status', form.status);
  if (form.vip !== undefined) params.set('vip', String(form.vip));
  if (form.overdue !== undefined) params.set('overdue', String(form.overdue));
  if (page > 1) params.set('page', String(page));
  if (pageSize) params.set('pageSize', String(pageSize));
  const query = params.toString();
  return query ? `/accounts?${query}` : '/accounts';
}

/** Page links shown around the current page: first, last, and two either side. */
export function pageWindow(current: number, last: number): (number | null)[] {
  const pages: (number | null)[] = [];
  for (let p = 1; p <= last; p++) {
    if (p === 1 || p === last || Math.abs(p - current) <= 2) pages.push(p);
    else if (pages[pages.length - 1] !== null) pages.push(null);
  }
  return pages;
}

function PageLink({ form, page, pageSize, label, rel }: { form: SearchForm; page: number; pageSize: number; label: string; rel?: string }) {
  const href = searchUrl(form, page, pageSize === DEFAULT_PAGE_SIZE ? undefined : pageSize);
  return <a href={href} hx-get={href} hx-target="#search-results" hx-push-url="true" rel={rel}>{label}</a>;
}

function Pagination({ form, result }: { form: SearchForm; result: Page<AccountHit> }) {
  const last = pageCount(result);
  if (last <= 1) return null;
  const current = result.page;
  return (
    <nav class="pagination" aria-label="Result pages">
      {current > 1 ? <PageLink form={form} page={current - 1} pageSize={result.pageSize} label="Previous" rel="prev" /> : null}
      {pageWindow(current, last).map((p) =>
        p === null ? <span class="gap">…</span>
          : p === current ? <span aria-current="page" class="current">{p}</span>
            : <PageLink form={form} page={p} pageSize={result.pageSize} label={String(p)} />)}
      {current < last ? <PageLink form={form} page={current + 1} pageSize={result.pageSize} label="Next" rel="next" /> : null}
    </nav>
  );
}

function HitRow({ hit }: { hit: AccountHit }) {
  return (
    <tr>
      <td><a href={`/accounts/${encodeURIComponent(hit.accountNumber)}`}>{hit.accountNumber}</a></td>
      <td>{hit.name} <VipCrown vip={hit.vip} /></td>
      <td><StatusBadge status={hit.status} disconnectionKind={hit.disconnectionKind} /></td>
      <td class="num">
        {formatCents(hit.balanceCents)}
        {hit.overdueSince ? <span class="overdue-tag"> overdue since {hit.overdueSince}</span> : null}
      </td>
      <td class="num">{hit.healthScore === null ? '—' : `${hit.healthScore}/100`}</td>
    </tr>
  );
}

function summary(form: SearchForm, result: Page<AccountHit>): string {
  const found = `${result.total.toLocaleString('en-US')} account${result.total === 1 ? '' : 's'}`;
  const filters = [
    form.status ? statusLabel(form.status).toLowerCase() : null,
    form.vip === true ? 'VIP' : form.vip === false ? 'not VIP' : null,
    form.overdue === true ? 'balance overdue' : form.overdue === false ? 'no overdue balance' : null,
  ].filter(Boolean).join(', ');
  const matching = form.q ? ` matching “${form.q}”` : '';
  return `${found}${matching}${filters ? ` (${filters})` : ''}`;
}

/** The results: what an htmx search request gets, swapped into #search-results. */
export function SearchResults({ form, result }: { form: SearchForm; result: Page<AccountHit> }) {
  return (
    <div class="search-results-body">
      <p class="muted" role="status">{summary(form, result)}{result.total > 0 ? `, page ${result.page}` : ''}</p>
      {result.items.length ? (
        <table class="results">
          <thead>
            <tr><th scope="col">Account</th><th scope="col">Name</th><th scope="col">Status</th><th scope="col" class="num">Balance</th><th scope="col" class="num">Health</th></tr>
          </thead>
          <tbody>{result.items.map((hit) => <HitRow hit={hit} />)}</tbody>
        </table>
      ) : (
        <p class="empty">No consumer matches. Try part of a name, an account number such as WU-10001, an e-mail, a phone or a meter number.</p>
      )}
      <Pagination form={form} result={result} />
    </div>
  );
}

function Filters({ form }: { form: SearchForm }) {
  return (
    <div class="search-filters">
      <label>Status{' '}
        <select name="status">
          <option value="">All</option>
          {ACCOUNT_STATUSES.map((s) => <option value={s} selected={form.status === s}>{statusLabel(s)}</option>)}
        </select>
      </label>
      <label class="check"><input type="checkbox" name="vip" value="true" checked={form.vip === true} /> VIP only</label>
      <label class="check"><input type="checkbox" name="overdue" value="true" checked={form.overdue === true} /> Balance overdue</label>
    </div>
  );
}

export function SearchPage({ user, csrfToken, form, result }: { user: ShellUser; csrfToken: string | null; form: SearchForm; result: Page<AccountHit> }) {
  return (
    <Layout title="Consumers" user={user} csrfToken={csrfToken} active="accounts">
      <header class="page-header"><h1>Consumers</h1><a href="/accounts/new">New account</a></header>
      <search>
        <form class="panel search-form" action="/accounts" method="get"
          hx-get="/accounts" hx-trigger="input delay:300ms, submit" hx-target="#search-results" hx-push-url="true"
          hx-sync="this:replace" hx-indicator="#search-indicator">
          <label for="search-q">Find a consumer</label>
          <div class="search-row">
            <input id="search-q" type="search" name="q" value={form.q} maxlength={200} autocomplete="off" autofocus
              placeholder="Name, account number, e-mail, phone or meter number" />
            <button type="submit" class="primary">Search</button>
            <span id="search-indicator" class="htmx-indicator muted">Searching…</span>
          </div>
          <Filters form={form} />
        </form>
      </search>
      <section id="search-results" class="panel" aria-label="Search results">
        <SearchResults form={form} result={result} />
      </section>
    </Layout>
  );
}
