/**
 * The Timeline tab's "More" button: the next page of entries for the same filter, swapped in
 * place of the button (the tab itself is a profile tab: api/profile/profile-tabs.tsx).
 */
import { Hono } from 'hono';
import { findAccount } from '../../domain/accounts/account-record.js';
import { timelineOf } from '../../domain/timeline/timeline.js';
import { TimelineMore } from '../../views/profile/timeline.view.js';
import { ErrorFragment } from '../../views/common/error.view.js';
import type { AppEnv } from '../app-env.js';
import { accountNumberOf } from '../common/account-param.js';
import { requireRole } from '../middleware/require-role.js';
import { timelineRequest } from './timeline-form.js';

export const timelinePageRoutes = new Hono<AppEnv>()
  .get('/accounts/:accountNumber/timeline/more', requireRole('agent'), async (c) => {
    const timeZone = c.get('deps').config.UTILITY_TIME_ZONE;
    const account = await findAccount(c.get('em'), accountNumberOf(c));
    const { values, filter, errors } = timelineRequest((name) => c.req.queries(name) ?? [], timeZone);
    if (!filter) return c.html(<ErrorFragment message="The filter is not valid." fields={errors} />, 422);
    const page = await timelineOf(c.get('em'), account, filter, timeZone);
    return c.html(<TimelineMore accountNumber={account.accountNumber} entries={page.items} nextCursor={page.nextCursor} values={values} timeZone={timeZone} />);
  });
