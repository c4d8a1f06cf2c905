/** Record ids taken from page URLs, where anything implausible is a 404. */
import { NotFound } from '../../domain/common/errors.js';

/** A record id from a page URL: anything but a plausible row id is an unknown record (404), never a server error. */
export function recordId(raw: string | undefined, what: string): number {
  if (!raw || !/^\d{1,9}$/.test(raw)) throw new NotFound(what, raw);
  return Number(raw);
}
