/** The admin's VIP pin form on the Overview tab. */
import type { AccountVip } from '../../../domain/accounts/account-insights.js';
import { Field, FormMessage, inputProps } from '../../common/form-field.js';

export interface VipPinFormProps {
  accountNumber: string;
  vip: AccountVip;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  message?: string;
}

/** Admins only: pin VIP on or off with a reason, or let the rule decide again. */
export function VipPinForm({ accountNumber, vip, values = {}, errors = {}, message }: VipPinFormProps) {
  const current = vip.pinned ? (vip.vip ? 'on' : 'off') : 'rule';
  const choice = values.pin ?? current;
  return (
    <form id="vip-pin-form" class="vip-pin-form" hx-post={`/accounts/${accountNumber}/vip-pin`} hx-target="this" hx-swap="outerHTML" novalidate>
      <FormMessage message={message} />
      <fieldset>
        <legend>Admin override</legend>
        {([['rule', 'Let the rule decide'], ['on', 'Pin VIP on'], ['off', 'Pin VIP off']] as const).map(([value, label]) => (
          <label class="checkbox"><input type="radio" name="pin" value={value} checked={choice === value} /> {label}</label>
        ))}
      </fieldset>
      <Field label="Reason (required for a pin)" name="reason" error={errors.reason}>
        <input {...inputProps('reason', { reason: values.reason ?? vip.pinReason ?? '' }, errors)} maxlength={500} />
      </Field>
      <button type="submit">Save VIP override</button>
    </form>
  );
}
