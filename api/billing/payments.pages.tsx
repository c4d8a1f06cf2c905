/** The Financial tab's "Record payment" form and the settle buttons of pending payments (htmx). */
import { Hono, type Context } from 'hono';
import { Conflict, Invalid } from '../../domain/common/errors.js';
import { instantOfInput } from '../../domain/common/date-input.js';
import { findAccountRecord } from '../../domain/accounts/account-record.js';
import { recordPayment, settlePayment, type NewPayment } from '../../domain/billing/payments.js';
import { listBills } from '../../domain/billing/profile-finance.js';
import { PaymentForm } from '../../views/profile/forms/payment-form.js';
import { accountNumberOf } from '../common/account-param.js';
import { actorOf } from '../common/actor.js';
import { recordId } from '../common/record-params.js';
import type { AppEnv } from '../app-env.js';
import { formValues, handleForm, parseForm, type FormValues } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { renderSavedTab } from '../accounts/account-writes-refresh.js';
import { NewPaymentForm, SettleBody } from './payments.schemas.js';

function paymentFrom(values: FormValues, timeZone: string): NewPayment {
  const form = parseForm(NewPaymentForm, values);
  const paidAt = instantOfInput(form.paidAt, timeZone, 'paidAt');
  return { paidAt, reference: form.reference, amountCents: form.amount, method: form.method, status: form.status, billId: form.billId };
}

/** The domain names money `amountCents`; the form's field is `amount`. */
function asFormError(error: unknown): unknown {
  if (!(error instanceof Invalid) || !error.fields.amountCents) return error;
  const { amountCents, ...rest } = error.fields;
  return new Invalid(error.message, { ...rest, amount: amountCents });
}

async function rerender(c: Context<AppEnv>, accountNumber: string, values: FormValues, errors: Record<string, string>, message: string) {
  const record = await findAccountRecord(c.get('em'), accountNumber);
  const bills = await listBills(c.get('em'), record.id, { page: 1, pageSize: 12 });
  return c.html(<PaymentForm accountNumber={accountNumber} bills={bills.items} timeZone={c.get('deps').config.UTILITY_TIME_ZONE}
    values={values} errors={errors} message={message} />);
}

async function savePayment(c: Context<AppEnv>) {
  const accountNumber = accountNumberOf(c);
  const timeZone = c.get('deps').config.UTILITY_TIME_ZONE;
  try {
    return await handleForm(c,
      (values) => recordPayment(c.get('em'), accountNumber, paymentFrom(values, timeZone), actorOf(c), timeZone).catch((e) => { throw asFormError(e); }),
      (values, errors, message) => rerender(c, accountNumber, values, errors, message),
      (payment) => renderSavedTab(c, accountNumber, 'financial', `Payment ${payment.reference} recorded.`));
  } catch (error) {
    if (!(error instanceof Conflict) || error.details?.field !== 'reference') throw error;
    c.status(409);
    return rerender(c, accountNumber, await formValues(c), { reference: 'already recorded: a payment is entered once' }, error.message);
  }
}

export const paymentPageRoutes = new Hono<AppEnv>()
  .post('/accounts/:accountNumber/payments', requireRole('agent'), savePayment)
  .post('/accounts/:accountNumber/payments/:id{[0-9]+}/status', requireRole('agent'), async (c) => {
    const accountNumber = accountNumberOf(c);
    const { status } = parseForm(SettleBody, await formValues(c));
    const payment = await settlePayment(c.get('em'), recordId(c.req.param('id'), 'Payment'), status, actorOf(c), { timeZone: c.get('deps').config.UTILITY_TIME_ZONE, ofAccount: accountNumber });
    return renderSavedTab(c, accountNumber, 'financial', `Payment ${payment.reference} marked ${status}.`);
  });
