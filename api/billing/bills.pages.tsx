/**
 * The Financial tab's "Add bill" form (admins): the same import as the billing system's
 * API call (`importBill`), the same checks, the answers inline; a saved bill re-renders the
 * tab and the header, so the bill and the new balance show at once.
 */
import { Hono, type Context } from 'hono';
import { Conflict, Invalid } from '../../domain/common/errors.js';
import { importBill, type NewBill } from '../../domain/billing/bills.js';
import { isoDay } from '../../domain/common/calendar.js';
import { BillForm } from '../../views/profile/forms/bill-form.js';
import { accountNumberOf } from '../common/account-param.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { dayOf } from '../common/date-field.js';
import { formValues, handleForm, parseForm, type FormValues } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { renderSavedTab } from '../accounts/account-writes-refresh.js';
import { NewBillForm } from './bills.schemas.js';

function billFrom(c: Context<AppEnv>, values: FormValues): NewBill {
  const form = parseForm(NewBillForm, values);
  return {
    periodStart: dayOf(c, form.periodStart), periodEnd: dayOf(c, form.periodEnd), issuedAt: dayOf(c, form.issuedAt), dueDate: dayOf(c, form.dueDate),
    amountCents: form.billAmount, usage: form.usage,
  };
}

/** The domain names money `amountCents`; the form's field is `billAmount` (the Financial tab's payment form has an `amount` of its own). */
function asFormError(error: unknown): unknown {
  if (!(error instanceof Invalid) || !error.fields.amountCents) return error;
  const { amountCents, ...rest } = error.fields;
  return new Invalid(error.message, { ...rest, billAmount: amountCents });
}

async function saveBill(c: Context<AppEnv>) {
  const accountNumber = accountNumberOf(c);
  const timeZone = c.get('deps').config.UTILITY_TIME_ZONE;
  const rerender = (values: FormValues, errors: Record<string, string>, message: string) =>
    c.html(<BillForm accountNumber={accountNumber} values={values} errors={errors} message={message} />);
  try {
    return await handleForm(c,
      (values) => importBill(c.get('em'), accountNumber, billFrom(c, values), actorOf(c), timeZone).catch((e) => { throw asFormError(e); }),
      rerender,
      ({ bill, created }) => renderSavedTab(c, accountNumber, 'financial',
        created ? `Bill for ${isoDay(bill.periodStart)} – ${isoDay(bill.periodEnd)} added.` : 'This bill was already there; nothing changed.'));
  } catch (error) {
    if (!(error instanceof Conflict) || error.details?.reason !== 'duplicate_period') throw error;
    c.status(409);
    return rerender(await formValues(c), { periodStart: 'this period already has a different bill' }, error.message);
  }
}

export const billPageRoutes = new Hono<AppEnv>().post('/accounts/:accountNumber/bills', requireRole('admin'), saveBill);
