/**
 * The account timeline in the JSON API (docs/api.md#account-timeline): a page newest first with
 * the cursor of the next one, and the same entries as a CSV download and an Atom feed. The
 * exports take the same filters; they carry up to EXPORT_MAX (CSV) and FEED_MAX (Atom) entries.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { accountTimeline, timelineUpTo } from '../../domain/timeline/timeline.js';
import type { TimelineEntry } from '../../domain/timeline/timeline-entries.js';
import type { AppEnv } from '../app-env.js';
import { apiRouter, errorResponses, json } from '../common/openapi.js';
import { AccountParams, notFoundResponse } from '../profile/profile.schemas.js';
import { timelineAtom } from './timeline-atom.js';
import { timelineCsv } from './timeline-csv.js';
import { filterOf, TimelinePageJson, TimelineQuery } from './timeline.schemas.js';

export const EXPORT_MAX = 5000;
export const FEED_MAX = 100;

const errors = { ...errorResponses, 404: notFoundResponse };

const page = createRoute({
  method: 'get', path: '/accounts/{accountNumber}/timeline', tags: ['timeline'],
  summary: 'The account timeline: everything that happened to it, newest first (keyset-paginated)',
  request: { params: AccountParams, query: TimelineQuery },
  responses: { 200: json(TimelinePageJson, 'One page of entries and the cursor of the next'), ...errors },
});

const csv = createRoute({
  method: 'get', path: '/accounts/{accountNumber}/timeline.csv', tags: ['timeline'],
  summary: `The timeline as CSV (same filters; up to ${EXPORT_MAX} entries from the cursor, or the newest)`,
  request: { params: AccountParams, query: TimelineQuery },
  responses: { 200: { description: 'at,kind,summary,actor,portal,link', content: { 'text/csv': { schema: z.string() } } }, ...errors },
});

const atom = createRoute({
  method: 'get', path: '/accounts/{accountNumber}/timeline.atom', tags: ['timeline'],
  summary: `The timeline as an Atom 1.0 feed (same filters; the newest ${FEED_MAX} entries)`,
  request: { params: AccountParams, query: TimelineQuery },
  responses: { 200: { description: 'An Atom feed', content: { 'application/atom+xml': { schema: z.string() } } }, ...errors },
});

const entryJson = (e: TimelineEntry) => ({ at: e.at.toISOString(), kind: e.kind, summary: e.summary, actor: e.actor, portal: e.portal, link: e.link });

/** The site's public address (PUBLIC_URL, else the request's origin): exports carry absolute links. */
export function baseUrlOf(c: Context<AppEnv>): string {
  return (c.get('deps').config.PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/+$/, '');
}

const zoneOf = (c: Context<AppEnv>) => c.get('deps').config.UTILITY_TIME_ZONE;

export const timelineApiRoutes = apiRouter()
  .openapi(page, async (c) => {
    const filter = filterOf(c.req.valid('query'), zoneOf(c));
    const result = await accountTimeline(c.get('em'), c.req.valid('param').accountNumber, filter, zoneOf(c));
    return c.json({ accountNumber: result.accountNumber, items: result.items.map(entryJson), pageSize: filter.pageSize, nextCursor: result.nextCursor }, 200);
  })
  .openapi(csv, async (c) => {
    const filter = filterOf(c.req.valid('query'), zoneOf(c));
    const result = await timelineUpTo(c.get('em'), c.req.valid('param').accountNumber, filter, zoneOf(c), EXPORT_MAX);
    return c.body(timelineCsv(result.items, baseUrlOf(c)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="timeline-${result.accountNumber}.csv"`,
    });
  })
  .openapi(atom, async (c) => {
    const filter = filterOf(c.req.valid('query'), zoneOf(c));
    const result = await timelineUpTo(c.get('em'), c.req.valid('param').accountNumber, filter, zoneOf(c), FEED_MAX);
    const base = baseUrlOf(c);
    const self = `${base}/api/v1/accounts/${encodeURIComponent(result.accountNumber)}/timeline.atom${new URL(c.req.url).search}`;
    return c.body(timelineAtom({ accountNumber: result.accountNumber, baseUrl: base, selfUrl: self, entries: result.items, now: new Date() }), 200, {
      'Content-Type': 'application/atom+xml; charset=utf-8',
    });
  });
