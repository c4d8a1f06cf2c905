import { Hono } from 'hono';
import { z } from 'zod';
import { SERVICE_ORDER_PRIORITIES, SERVICE_ORDER_TYPES } from '../../domain/shared/enums.js';
import { normalizeAccountNumber } from '../../domain/accounts/account-number.js';
import { createServiceOrder } from '../../domain/service-orders/service-orders.js';
import { ServiceOrderForm } from '../../views/profile/forms/service-order-form.view.js';
import { actorOf, relaySoon } from '../shared/actor.js';
import type { AppEnv } from '../app-env.js';
import { handleForm, parseForm } from '../shared/forms.js';
import { requireRole } from '../middleware/require-role.js';

const NewOrder = z.object({
  type: z.enum(SERVICE_ORDER_TYPES, 'choose a type'),
  priority: z.enum(SERVICE_ORDER_PRIORITIES).default('normal'),
  description: z.string({ error: 'required' }).min(1, 'required').max(2000),
  targetAccountNumber: z.string().optional(),
  permanent: z.literal('true').optional().transform((v) => v === 'true'),
});

/** An agent creates a service order from the profile's Service tab (SPEC §5); the tab reloads with it. */
export const profileServiceOrderRoutes = new Hono<AppEnv>().post('/accounts/:accountNumber/service-orders', requireRole('agent'), async (c) => {
  const accountNumber = normalizeAccountNumber(c.req.param('accountNumber')) ?? c.req.param('accountNumber');
  return handleForm(c,
    async (values) => {
      const created = await createServiceOrder(c.get('em'), { accountNumber, ...parseForm(NewOrder, values) }, actorOf(c));
      await relaySoon(c, created.outboxId);
      return created;
    },
    (values, errors, message) => c.html(<ServiceOrderForm accountNumber={accountNumber} values={values} errors={errors} message={message} />),
    () => {
      // htmx fetches the Service tab again and swaps it in: the new order shows, no page reload.
      c.header('HX-Location', JSON.stringify({ path: `/accounts/${accountNumber}/service`, target: '#profile-tabs', swap: 'outerHTML' }));
      return c.body(null, 204);
    });
});
