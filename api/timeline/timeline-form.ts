/**
 * The Timeline tab's filter read from the query string with the API's own schema, so the tab and
 * the JSON route accept exactly the same values; a bad value becomes an inline message by its field.
 */
import { DomainError, Invalid } from '../../domain/common/errors.js';
import type { TimelineFilter } from '../../domain/timeline/timeline-filter.js';
import type { TimelineFormValues } from '../../views/profile/timeline.view.js';
import { fieldErrors } from '../common/openapi.js';
import { filterOf, TimelineQuery } from './timeline.schemas.js';

export interface TimelineRequest {
  values: TimelineFormValues;
  /** Null when a value was refused (see errors). */
  filter: TimelineFilter | null;
  errors: Record<string, string>;
}

export function timelineRequest(queries: (name: string) => string[], timeZone: string, pageSize?: number): TimelineRequest {
  const values = { kinds: queries('kind'), from: queries('from')[0] ?? '', to: queries('to')[0] ?? '' };
  const cursor = queries('cursor')[0];
  const raw = {
    ...(values.kinds.length && { kind: values.kinds }), ...(values.from && { from: values.from }), ...(values.to && { to: values.to }),
    ...(cursor && { cursor }), ...(pageSize && { pageSize: String(pageSize) }),
  };
  const parsed = TimelineQuery.safeParse(raw);
  if (!parsed.success) return { values, filter: null, errors: fieldErrors(parsed.error.issues) };
  try {
    return { values, filter: filterOf(parsed.data, timeZone), errors: {} };
  } catch (error) {
    if (error instanceof Invalid) return { values, filter: null, errors: error.fields };
    if (error instanceof DomainError) return { values, filter: null, errors: { '(query)': error.message } };
    throw error;
  }
}
