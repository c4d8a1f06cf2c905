import { createRoute, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { loadAccountProfile } from '../../domain/accounts/account-profile.js';
import { setVipPin } from '../../domain/accounts/vip-pin.js';
import { VipPinForm } from '../../views/profile/forms/vip-pin-form.view.js';
import { actorOf } from '../shared/actor.js';
import type { AppEnv } from '../app-env.js';
import { handleForm } from '../shared/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { apiRouter, ErrorBody, errorResponses } from '../shared/openapi.js';
import { renderSavedTab } from './account-writes-refresh.js';

const PIN_CHOICES = { rule: null, on: true, off: false } as const;

/** The admin's VIP override on the Overview tab; a saved one re-renders the tab and the header. */
export const vipPinPageRoutes = new Hono<AppEnv>().post('/accounts/:accountNumber/vip-pin', requireRole('admin'), async (c) => {
  const accountNumber = c.req.param('accountNumber');
  return handleForm(c,
    (values) => {
      const choice = (values.pin ?? 'rule') as keyof typeof PIN_CHOICES;
      const pinned = choice in PIN_CHOICES ? PIN_CHOICES[choice] : null;
      return setVipPin(c.get('em'), accountNumber, { pinned, reason: values.reason ?? null }, actorOf(c));
    },
    async (values, errors, message) => {
      const { insights } = await loadAccountProfile(c.get('em'), accountNumber);
      return c.html(<VipPinForm accountNumber={accountNumber} vip={insights.vip} values={values} errors={errors} message={message} />);
    },
    (saved) => renderSavedTab(c, saved.accountNumber, 'overview', saved.vipPinned === null ? 'VIP follows the rule again.' : `VIP pinned ${saved.vipPinned ? 'on' : 'off'}.`));
});

const PinBody = z.object({
  pinned: z.boolean().nullable(),
  reason: z.string().max(500).nullable().optional(),
}).openapi('VipPin');
const PinResult = z.object({
  accountNumber: z.string(), vip: z.boolean(), vipPinned: z.boolean().nullable(), vipPinReason: z.string().nullable(),
}).openapi('VipPinResult');

const pinRoute = createRoute({
  method: 'put', path: '/accounts/{accountNumber}/vip-pin', tags: ['accounts'],
  summary: 'Pin VIP on or off with a reason (admin); null removes the pin and the rule decides again',
  middleware: [requireRole('admin')] as const,
  request: {
    params: z.object({ accountNumber: z.string().min(1).max(40).openapi({ param: { name: 'accountNumber', in: 'path' } }) }),
    body: { required: true, content: { 'application/json': { schema: PinBody } } },
  },
  responses: {
    200: { description: 'The account’s VIP as it now is', content: { 'application/json': { schema: PinResult } } },
    404: { description: 'Unknown account', content: { 'application/json': { schema: ErrorBody } } },
    ...errorResponses,
  },
});

export const vipPinApiRoutes = apiRouter().openapi(pinRoute, async (c) => {
  const { pinned, reason } = c.req.valid('json');
  return c.json(await setVipPin(c.get('em'), c.req.valid('param').accountNumber, { pinned, reason: reason ?? null }, actorOf(c)), 200);
});
