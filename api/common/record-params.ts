/** Record ids in URLs: the JSON API's `{id}` path parameter and the page routes' `:id`; anything that cannot name a row is a 404. */
import { z } from '@hono/zod-openapi';
import { NotFound } from '../../domain/common/errors.js';
import { parseRowId, rowIdParam } from '../../domain/common/row-id.js';

/** A record's numeric id in an API path (payment, reading, note, complaint, document, notification): int4, so 1..2147483647. */
export const RecordIdParams = z.object({
  id: rowIdParam().openapi({ param: { name: 'id', in: 'path' }, example: 42 }),
});

/** A record id from a page URL: anything but a plausible row id is an unknown record (404), never a server error. */
export function recordId(raw: string | undefined, what: string): number {
  const id = parseRowId(raw);
  if (id === null) throw new NotFound(what, raw?.slice(0, 40));
  return id;
}
