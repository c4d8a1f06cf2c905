/**
 * The timeline's query and shapes (docs/api.md#account-timeline), shared by the JSON route, the
 * exports and the profile tab: `kind` (repeated or comma-separated), `from`/`to` (utility-local
 * days, as every date field), `cursor` (the `nextCursor` of the page before) and `pageSize`.
 */
import { z } from '@hono/zod-openapi';
import { Invalid } from '../../domain/common/errors.js';
import { decodeCursor } from '../../domain/timeline/timeline-cursor.js';
import { checkRange, parseKinds, TIMELINE_MAX_PAGE_SIZE, TIMELINE_PAGE_SIZE, type TimelineFilter } from '../../domain/timeline/timeline-filter.js';
import { TIMELINE_KINDS } from '../../domain/timeline/timeline-kinds.js';
import { dayOfInput } from '../../domain/common/date-input.js';
import { dateField } from '../common/date-field.js';

const kinds = z.union([z.string().max(400), z.array(z.string().max(400)).max(TIMELINE_KINDS.length * 2)])
  .transform((value, ctx) => {
    try {
      return parseKinds(Array.isArray(value) ? value : [value]);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Invalid ? (error.fields.kind ?? error.message) : 'unknown kind' });
      return z.NEVER;
    }
  })
  .openapi({
    param: { name: 'kind', in: 'query', style: 'form', explode: true },
    description: `Only these kinds (repeat the parameter or separate with commas): ${TIMELINE_KINDS.join(', ')}`,
    example: 'payment,bill',
  });

const cursor = z.string().max(400).transform((value, ctx) => {
  const decoded = decodeCursor(value);
  if (!decoded) {
    ctx.addIssue({ code: 'custom', message: 'not a cursor of this timeline: send back a nextCursor as it came' });
    return z.NEVER;
  }
  return decoded;
}).openapi({ param: { name: 'cursor', in: 'query' }, description: 'The `nextCursor` of the page before' });

export const TimelineQuery = z.object({
  kind: kinds.optional(),
  from: dateField({ example: '2026-01-01' }).optional().openapi({ param: { name: 'from', in: 'query' }, description: 'First day shown (utility-local), included' }),
  to: dateField({ example: '2026-11-30' }).optional().openapi({ param: { name: 'to', in: 'query' }, description: 'Last day shown (utility-local), included' }),
  cursor: cursor.optional(),
  pageSize: z.coerce.number().int().min(1).max(TIMELINE_MAX_PAGE_SIZE).default(TIMELINE_PAGE_SIZE)
    .openapi({ param: { name: 'pageSize', in: 'query' }, example: TIMELINE_PAGE_SIZE }),
});
export type TimelineQueryInput = z.output<typeof TimelineQuery>;

/** The domain filter of a validated query; a range ending before it starts names `to`. */
export function filterOf(query: TimelineQueryInput, timeZone: string): TimelineFilter {
  const fromDay = query.from ? dayOfInput(query.from, timeZone) : undefined;
  const toDay = query.to ? dayOfInput(query.to, timeZone) : undefined;
  checkRange(fromDay, toDay);
  return { kinds: query.kind ?? [], fromDay, toDay, after: query.cursor, pageSize: query.pageSize };
}

export const TimelineEntryJson = z.object({
  at: z.string().openapi({ example: '2026-11-27T14:03:05.123Z' }),
  kind: z.enum(TIMELINE_KINDS),
  summary: z.string().openapi({ example: 'Payment $120.00 by credit card, processed (ref. PAY-1001)' }),
  actor: z.string().nullable().openapi({ description: 'Who acted (a staff user, the consumer, or a system job); null when the system did' }),
  portal: z.boolean().openapi({ description: 'Done by the consumer on the self-service portal' }),
  link: z.string().openapi({ example: '/accounts/WU-10001/financial#payment-42', description: 'The page that shows the record' }),
}).openapi('TimelineEntry');

export const TimelinePageJson = z.object({
  accountNumber: z.string(),
  items: z.array(TimelineEntryJson),
  pageSize: z.number().int(),
  nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next (older) page; null on the last page' }),
}).openapi('TimelinePage');
