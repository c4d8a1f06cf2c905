/** The admin's VIP override, as a form on the Overview tab and as PUT /api/v1/accounts/{n}/vip-pin: one schema for both. */
import { createRoute, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { loadAccountProfile } from '../../domain/accounts/account-profile.js';
import { setVipPin } from '../../domain/accounts/vip-pin.js';
import { Invalid } from '../../domain/common/errors.js';
import { VipPinForm } from '../../views/profile/forms/vip-pin-form.view.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { handleForm, type FormValues } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { apiRouter, body, ErrorBody, errorResponses, fieldErrors, json } from '../common/openapi.js';
import { AccountParams } from '../profile/profile.schemas.js';
import { renderSavedTab } from './account-writes-refresh.js';

/** The command: `pinned` true/false pins VIP on/off, null hands it back to the rule. */
const PinBody = z.object({
  pinned: z.boolean().nullable(),
  reason: z.string().max(500).nullable().optional(),
}).openapi('VipPin');
const PinResult = z.object({
  accountNumber: z.string(), vip: z.boolean(), vipPinned: z.boolean().nullable(), vipPinReason: z.string().nullable(),
}).openapi('VipPinResult');

const PIN_CHOICES: Record<string, boolean | null> = { rule: null, on: true, off: false };

/** The form's radio (`pin` = rule/on/off; anything else means the rule) as the command's fields. */
function pinCommand(values: FormValues): z.infer<typeof PinBody> {
  const parsed = PinBody.safeParse({ pinned: PIN_CHOICES[values.pin ?? 'rule'] ?? null, reason: values.reason ?? null });
  if (!parsed.success) throw new Invalid('Please correct the fields marked below.', fieldErrors(parsed.error.issues));
  return parsed.data;
}

/** The admin's VIP override on the Overview tab; a saved one re-renders the tab and the header. */
export const vipPinPageRoutes = new Hono<AppEnv>().post('/accounts/:accountNumber/vip-pin', requireRole('admin'), async (c) => {
  const accountNumber = c.req.param('accountNumber');
  return handleForm(c,
    (values) => {
      const { pinned, reason } = pinCommand(values);
      return setVipPin(c.get('em'), accountNumber, { pinned, reason: reason ?? null }, actorOf(c), c.get('deps').config.UTILITY_TIME_ZONE);
    },
    async (values, errors, message) => {
      const { insights } = await loadAccountProfile(c.get('em'), accountNumber, c.get('deps').config.UTILITY_TIME_ZONE);
      return c.html(<VipPinForm accountNumber={accountNumber} vip={insights.vip} values={values} errors={errors} message={message} />);
    },
    (saved) => renderSavedTab(c, saved.accountNumber, 'overview', saved.vipPinned === null ? 'VIP follows the rule again.' : `VIP pinned ${saved.vipPinned ? 'on' : 'off'}.`));
});

const pinRoute = createRoute({
  method: 'put', path: '/accounts/{accountNumber}/vip-pin', tags: ['accounts'],
  summary: 'Pin VIP on or off with a reason (admin); null removes the pin and the rule decides again',
  middleware: [requireRole('admin')] as const,
  request: { params: AccountParams, ...body(PinBody) },
  responses: {
    200: json(PinResult, 'The account’s VIP as it now is'),
    404: json(ErrorBody, 'Unknown account'),
    ...errorResponses,
  },
});

export const vipPinApiRoutes = apiRouter().openapi(pinRoute, async (c) => {
  const { pinned, reason } = c.req.valid('json');
  return c.json(await setVipPin(c.get('em'), c.req.valid('param').accountNumber, { pinned, reason: reason ?? null }, actorOf(c), c.get('deps').config.UTILITY_TIME_ZONE), 200);
});
