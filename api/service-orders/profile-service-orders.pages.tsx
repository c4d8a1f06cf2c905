/** An agent creates a service order from the profile's Service tab (docs/rules.md#consumer-profile); the tab reloads with it. */
import { Hono } from 'hono';
import { createServiceOrder } from '../../domain/service-orders/service-orders.js';
import { ServiceOrderForm } from '../../views/profile/forms/service-order-form.view.js';
import { accountNumberOf } from '../common/account-param.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { handleForm, parseForm } from '../common/forms.js';
import { relaySoon } from '../common/outbox-delivery.js';
import { requireRole } from '../middleware/require-role.js';
import { CreateOrderForm } from './service-orders.schemas.js';

export const profileServiceOrderRoutes = new Hono<AppEnv>().post('/accounts/:accountNumber/service-orders', requireRole('agent'), async (c) => {
  const accountNumber = accountNumberOf(c);
  return handleForm(c,
    async (values) => {
      const created = await createServiceOrder(c.get('em'), parseForm(CreateOrderForm, { ...values, accountNumber }), actorOf(c), c.get('deps').config.UTILITY_TIME_ZONE);
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
