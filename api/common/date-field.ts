/**
 * The one zod type of every date field the API and the forms accept (docs/api.md#conventions):
 * `YYYY-MM-DD` or an ISO date-time with an offset; the route reads it in the utility's zone.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { dayOfInput, instantOfInput, parseDateInput, type DateInput } from '../../domain/common/date-input.js';
import type { AppEnv } from '../app-env.js';

const MESSAGE = 'a date YYYY-MM-DD or a date-time with an offset, e.g. 2026-11-27T22:30:00-06:00';

/**
 * A date field. `wallTime` also takes a form's datetime-local value (`2026-11-27T22:30`,
 * the utility's wall clock); the JSON API always wants the offset.
 */
export function dateField(options: { wallTime?: boolean; example?: string } = {}) {
  return z.string().max(40, MESSAGE)
    .transform((value, ctx): DateInput => {
      const parsed = parseDateInput(value, options);
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: options.wallTime ? 'a date and time' : MESSAGE });
        return z.NEVER;
      }
      return parsed;
    })
    .openapi({
      description: 'YYYY-MM-DD (that calendar day in the utility\'s time zone) or an ISO 8601 date-time with an offset',
      example: options.example ?? '2026-11-27',
    });
}

/** The utility's local day (`YYYY-MM-DD`) a parsed date field names, for `date` columns. */
export const dayOf = (c: Context<AppEnv>, input: DateInput): string => dayOfInput(input, zoneOf(c));

/** The instant a parsed date field names (a bare day: its first local moment), for timestamps. */
export const instantOf = (c: Context<AppEnv>, input: DateInput, field: string): Date => instantOfInput(input, zoneOf(c), field);

const zoneOf = (c: Context<AppEnv>) => c.get('deps').config.UTILITY_TIME_ZONE;
