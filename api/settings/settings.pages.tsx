/** /admin/settings (htmx): admins edit the SLA timers and business hours, the holidays, the default quiet hours, the VIP rule and the nightly schedule, and reach the template editor. */
import { Hono, type Context } from 'hono';
import { SERVICE_ORDER_PRIORITIES } from '../../domain/common/enums.js';
import type { SlaSettings } from '../../domain/service-orders/service-order-sla.js';
import type { VipSettings } from '../../domain/accounts/vip.js';
import {
  loadVipSettings, QuietHoursForm, saveQuietHours, saveSlaHours, saveVipThresholds, SlaForm, VipForm,
} from '../../domain/settings/admin-settings.js';
import { getSetting } from '../../domain/settings/settings.js';
import { addHoliday, HolidayForm, listHolidays, removeHoliday } from '../../domain/settings/holidays.js';
import type { QuietHours } from '../../domain/notifications/quiet-hours.js';
import {
  HolidaysPanel, QuietHoursSettingsForm, SettingsPage, SlaSettingsForm, VipSettingsForm,
} from '../../views/settings/settings.view.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { handleForm, parseForm } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';
import { scheduleFormOf } from './schedule.pages.js';

const asHours = (seconds: number) => String(Math.round((seconds / 3600) * 100) / 100);

function slaValues(sla: SlaSettings): Record<string, string> {
  const values: Record<string, string> = {
    reminderLeadHours: asHours(sla.reminderLeadSeconds), businessStart: sla.businessHours.start, businessEnd: sla.businessHours.end,
  };
  for (const p of SERVICE_ORDER_PRIORITIES) {
    values[`${p}Assign`] = asHours(sla.byPriority[p].assignWithinSeconds);
    values[`${p}Complete`] = asHours(sla.byPriority[p].completeWithinSeconds);
    values[`${p}Clock`] = sla.clockByPriority[p];
  }
  return values;
}
const quietValues = (quiet: QuietHours) => ({ quietStart: quiet.start, quietEnd: quiet.end });
const vipValues = (vip: VipSettings) => Object.fromEntries(Object.entries(vip).map(([k, v]) => [k, String(v)]));

/** Admins edit the SLA timers and the VIP rule (docs/rules.md#roles-access-and-audit); each form saves and re-renders itself. */
export const settingsPageRoutes = new Hono<AppEnv>()
  .get('/admin/settings', requireRole('admin'), async (c) => {
    const em = c.get('em');
    const [sla, notifications, vip, metrics] = [await getSetting(em, 'sla'), await getSetting(em, 'notifications'), await loadVipSettings(em), await getSetting(em, 'metrics')];
    return c.html(<SettingsPage sla={slaValues(sla)} quiet={quietValues(notifications.quietHours)} holidays={await listHolidays(em)} vip={vipValues(vip)}
      schedule={scheduleFormOf(metrics.cron, c.get('deps').config.UTILITY_TIME_ZONE)}
      user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />);
  })
  .post('/admin/settings/quiet-hours', requireRole('admin'), (c: Context<AppEnv>) => handleForm(c,
    (values) => saveQuietHours(c.get('em'), parseForm(QuietHoursForm, values), actorOf(c)),
    (values, errors, message) => c.html(<QuietHoursSettingsForm values={values} errors={errors} message={message} />),
    (quiet) => c.html(<QuietHoursSettingsForm values={quietValues(quiet)} saved />)))
  .post('/admin/settings/holidays', requireRole('admin'), (c: Context<AppEnv>) => handleForm(c,
    (values) => addHoliday(c.get('em'), parseForm(HolidayForm, values), actorOf(c)),
    async (values, errors, message) => c.html(<HolidaysPanel holidays={await listHolidays(c.get('em'))} values={values} errors={errors} message={message} />),
    async (added) => c.html(<HolidaysPanel holidays={await listHolidays(c.get('em'))} notice={`${added.name} (${added.day}) added.`} />)))
  .post('/admin/settings/holidays/:id{[0-9]+}/remove', requireRole('admin'), async (c) => {
    const removed = await removeHoliday(c.get('em'), Number(c.req.param('id')), actorOf(c));
    return c.html(<HolidaysPanel holidays={await listHolidays(c.get('em'))} notice={`${removed.name} (${removed.day}) removed.`} />);
  })
  .post('/admin/settings/sla', requireRole('admin'), (c: Context<AppEnv>) => handleForm(c,
    (values) => saveSlaHours(c.get('em'), parseForm(SlaForm, values), actorOf(c)),
    (values, errors, message) => c.html(<SlaSettingsForm values={values} errors={errors} message={message} />),
    (sla) => c.html(<SlaSettingsForm values={slaValues(sla)} saved />)))
  .post('/admin/settings/vip', requireRole('admin'), (c: Context<AppEnv>) => handleForm(c,
    (values) => saveVipThresholds(c.get('em'), parseForm(VipForm, values), actorOf(c)),
    (values, errors, message) => c.html(<VipSettingsForm values={values} errors={errors} message={message} />),
    (vip) => c.html(<VipSettingsForm values={vipValues(vip)} saved />)));
