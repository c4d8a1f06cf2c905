/**
 * The Connections tab's reading actions (htmx): enter a reading, verify or reject a
 * pending one, and one click from a flagged reading to an inspection order.
 */
import { Hono, type Context } from 'hono';
import { toLocalDateTimeInput } from '../../domain/common/utility-time.js';
import { findAccountRecord } from '../../domain/accounts/account-record.js';
import { listMeters } from '../../domain/readings/profile-connections.js';
import { decideReading, enterReading, orderInspection } from '../../domain/readings/reading-verification.js';
import { ReadingForm } from '../../views/profile/forms/reading-form.js';
import { metersInService } from '../../views/profile/forms/meter-choice.js';
import { accountNumberOf } from '../common/account-param.js';
import { actorOf } from '../common/actor.js';
import { recordId } from '../common/record-params.js';
import { dayOf } from '../common/date-field.js';
import { relaySoon } from '../common/outbox-delivery.js';
import type { AppEnv } from '../app-env.js';
import { handleForm, parseForm, type FormValues } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { renderSavedTab } from '../accounts/account-writes-refresh.js';
import { MeterExchangeForm, NewReadingForm } from './readings.schemas.js';
import { MeterExchangeForm as MeterExchangeFormView } from '../../views/profile/forms/meter-exchange-form.js';
import { exchangeMeter } from '../../domain/readings/meter-exchange.js';
import { findAccount } from '../../domain/accounts/account-record.js';

const readingId = (c: Context<AppEnv>) => recordId(c.req.param('id'), 'Reading');

/** What a refused form is drawn again from: the account's meters in service now, and today in the utility's zone. */
async function meterFormContext(c: Context<AppEnv>, accountNumber: string, values: FormValues, errors: Record<string, string>, message: string) {
  const record = await findAccountRecord(c.get('em'), accountNumber);
  const meters = await listMeters(c.get('em'), record.id, { page: 1, pageSize: 50 });
  const today = toLocalDateTimeInput(new Date(), c.get('deps').config.UTILITY_TIME_ZONE).slice(0, 10);
  return { accountNumber, meters: metersInService(meters.items), today, values, errors, message };
}

/** The reading form again, with the refused fields named next to them (422, nothing saved). */
async function rerender(c: Context<AppEnv>, accountNumber: string, values: FormValues, errors: Record<string, string>, message: string) {
  return c.html(<ReadingForm {...await meterFormContext(c, accountNumber, values, errors, message)} />);
}

function enter(c: Context<AppEnv>) {
  const accountNumber = accountNumberOf(c);
  return handleForm(c,
    (values) => {
      const { meterNumber, readAt, value } = parseForm(NewReadingForm, values);
      return enterReading(c.get('em'), meterNumber, { readAt: dayOf(c, readAt), value }, actorOf(c), c.get('deps').config.UTILITY_TIME_ZONE, accountNumber);
    },
    (values, errors, message) => rerender(c, accountNumber, values, errors, message),
    (reading) => renderSavedTab(c, accountNumber, 'connections', reading.flags.length
      ? `Reading ${reading.value.toLocaleString('en-US')} entered and flagged (${reading.flags.join(', ').replaceAll('_', ' ')}): it waits for verification.`
      : `Reading ${reading.value.toLocaleString('en-US')} entered.`));
}

/** The exchange form again, with the refused fields named next to them (422, nothing saved). */
async function rerenderExchange(c: Context<AppEnv>, accountNumber: string, values: FormValues, errors: Record<string, string>, message: string) {
  return c.html(<MeterExchangeFormView {...await meterFormContext(c, accountNumber, values, errors, message)} />);
}

function exchange(c: Context<AppEnv>) {
  const accountNumber = accountNumberOf(c);
  const timeZone = c.get('deps').config.UTILITY_TIME_ZONE;
  return handleForm(c,
    async (values) => {
      const { exchangedOn, ...given } = parseForm(MeterExchangeForm, values);
      const account = await findAccount(c.get('em'), accountNumber);
      return exchangeMeter(c.get('em'), account, { ...given, exchangedOn: dayOf(c, exchangedOn) }, actorOf(c), timeZone);
    },
    (values, errors, message) => rerenderExchange(c, accountNumber, values, errors, message),
    (done) => renderSavedTab(c, accountNumber, 'connections',
      `Meter ${done.oldMeter?.meterNumber ?? ''} replaced by ${done.newMeter.meterNumber} on ${done.exchangedOn}.`.replace('Meter  ', 'Meter ')));
}

export const readingPageRoutes = new Hono<AppEnv>()
  .post('/accounts/:accountNumber/meter-exchange', requireRole('agent'), exchange)
  .post('/accounts/:accountNumber/readings', requireRole('agent'), enter)
  .post('/accounts/:accountNumber/readings/:id{[0-9]+}/:decision{verify|reject}', requireRole('agent'), async (c) => {
    const accountNumber = accountNumberOf(c);
    const decision = c.req.param('decision') === 'verify' ? 'verified' : 'rejected';
    const reading = await decideReading(c.get('em'), readingId(c), decision, actorOf(c), accountNumber);
    return renderSavedTab(c, accountNumber, 'connections', `Reading of ${reading.readAt.toISOString().slice(0, 10)} ${decision}.`);
  })
  .post('/accounts/:accountNumber/readings/:id{[0-9]+}/inspection-order', requireRole('agent'), async (c) => {
    const accountNumber = accountNumberOf(c);
    const created = await orderInspection(c.get('em'), readingId(c), actorOf(c), { ofAccount: accountNumber, timeZone: c.get('deps').config.UTILITY_TIME_ZONE });
    await relaySoon(c, created.outboxId);
    return renderSavedTab(c, accountNumber, 'connections', `Inspection order ${created.orderNumber} created.`);
  });
