/** /admin/settings (htmx): admins edit the SLA timers, the VIP rule and the nightly schedule, and reach the template editor. */
import { Hono, type Context } from 'hono';
import { SERVICE_ORDER_PRIORITIES } from '../../domain/common/enums.js';
import type { SlaSettings } from '../../domain/service-orders/service-order-sla.js';
import type { VipSettings } from '../../domain/accounts/vip.js';
import { loadVipSettings, saveSlaHours, saveVipThresholds, SlaForm, VipForm } from '../../domain/settings/admin-settings.js';
import { getSetting } from '../../domain/settings/settings.js';
import { SettingsPage, SlaSettingsForm, VipSettingsForm } from '../../views/settings/settings.view.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { handleForm, parseForm } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';
import { scheduleFormOf } from './schedule.pages.js';

const asHours = (seconds: number) => String(Math.round((seconds / 3600) * 100) / 100);

function slaValues(sla: SlaSettings): Record<string, string> {
  const values: Record<string, string> = { reminderLeadHours: asHours(sla.reminderLeadSeconds) };
  for (const p of SERVICE_ORDER_PRIORITIES) {
    values[`${p}Assign`] = asHours(sla.byPriority[p].assignWithinSeconds);
    values[`${p}Complete`] = asHours(sla.byPriority[p].completeWithinSeconds);
  }
  return values;
}
const vipValues = (vip: VipSettings) => Object.fromEntries(Object.entries(vip).map(([k, v]) => [k, String(v)]));

/** Admins edit the SLA timers and the VIP rule (docs/rules.md#roles-access-and-audit); each form saves and re-renders itself. */
export const settingsPageRoutes = new Hono<AppEnv>()
  .get('/admin/settings', requireRole('admin'), async (c) => {
    const em = c.get('em');
    const [sla, vip, metrics] = await Promise.all([getSetting(em, 'sla'), loadVipSettings(em), getSetting(em, 'metrics')]);
    return c.html(<SettingsPage sla={slaValues(sla)} vip={vipValues(vip)} schedule={scheduleFormOf(metrics.cron, c.get('deps').config.UTILITY_TIME_ZONE)}
      user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />);
  })
  .post('/admin/settings/sla', requireRole('admin'), (c: Context<AppEnv>) => handleForm(c,
    (values) => saveSlaHours(c.get('em'), parseForm(SlaForm, values), actorOf(c)),
    (values, errors, message) => c.html(<SlaSettingsForm values={values} errors={errors} message={message} />),
    (sla) => c.html(<SlaSettingsForm values={slaValues(sla)} saved />)))
  .post('/admin/settings/vip', requireRole('admin'), (c: Context<AppEnv>) => handleForm(c,
    (values) => saveVipThresholds(c.get('em'), parseForm(VipForm, values), actorOf(c)),
    (values, errors, message) => c.html(<VipSettingsForm values={values} errors={errors} message={message} />),
    (vip) => c.html(<VipSettingsForm values={vipValues(vip)} saved />)));
