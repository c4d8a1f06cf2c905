/**
 * The consumer portal's pages (/my, docs/rules.md#self-service-portal), phone first: each page
 * behind `requireConsumer`, reading the account from it. Forms post with htmx into #main: a bad
 * form comes back inline (422, nothing written); a good one sends the browser to the page it
 * changed (HX-Location, or a 303 without script) with a short notice.
 */
import { Hono, type Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { z } from 'zod';
import { NOTIFICATION_CHANNELS } from '../../domain/common/enums.js';
import { findAccountRecord } from '../../domain/accounts/account-record.js';
import { listBills, listPayments } from '../../domain/billing/profile-finance.js';
import { utilityIsoDay } from '../../domain/common/calendar.js';
import { consumerAccount, listNotificationsSent } from '../../domain/portal/portal-account.js';
import { cancelOwnOrder, ownServiceOrder, requestServiceOrder } from '../../domain/portal/portal-orders.js';
import { getPreferences, updatePreferences } from '../../domain/portal/portal-preferences.js';
import { listProblems, problemPhoto, reportProblem } from '../../domain/portal/portal-problems.js';
import { currentMeters, submitReading } from '../../domain/portal/portal-readings.js';
import { consumptionTrend, listAccountReadings } from '../../domain/readings/profile-connections.js';
import { isTerminal } from '../../domain/service-orders/service-order-transitions.js';
import { listServiceOrders } from '../../domain/service-orders/profile-service.js';
import { BillsPage } from '../../views/portal/bills.view.js';
import { HomePage } from '../../views/portal/home.view.js';
import { NotificationsPage } from '../../views/portal/notifications.view.js';
import { BLANK_FORM, type PortalForm } from '../../views/portal/portal-form.js';
import { PortalLayout, type PortalSection } from '../../views/portal/portal-layout.js';
import { ProblemsPage } from '../../views/portal/problems.view.js';
import { OrderPage, ServicePage } from '../../views/portal/service.view.js';
import { SettingsPage, settingsValues } from '../../views/portal/settings.view.js';
import { UsagePage } from '../../views/portal/usage.view.js';
import type { AppEnv } from '../app-env.js';
import { actorOf, deskOf } from '../common/actor.js';
import { dayOf } from '../common/date-field.js';
import { handleForm, parseForm, type FormValues } from '../common/forms.js';
import { wantsFragment } from '../common/htmx.js';
import { relaySoon } from '../common/outbox-delivery.js';
import { recordId } from '../common/record-params.js';
import { consumerOf, requireConsumer } from '../middleware/require-consumer.js';
import { ConsumerReadingForm, OrderRequestBody, ProblemFields } from './portal.schemas.js';
import { photoOf, photoResponse } from './portal-photo.js';

/** What `?saved=` says after a write. */
const NOTICES: Record<string, string> = {
  reading: 'Thank you: your reading is in.',
  'reading-flagged': 'Your reading is in. It looks unusual, so one of our agents will check it before it counts.',
  order: 'Your request is in. Follow it here.',
  cancelled: 'Your request is cancelled.',
  problem: 'Thank you: we have your report and will look into it.',
  settings: 'Your settings are saved.',
};
const LIST = { page: 1, pageSize: 50 };

const zone = (c: Context<AppEnv>) => c.get('deps').config.UTILITY_TIME_ZONE;
const csrf = (c: Context<AppEnv>) => c.get('session')?.csrfToken ?? null;
const notice = (c: Context<AppEnv>) => NOTICES[c.req.query('saved') ?? ''] ?? null;
const withErrors = (values: FormValues, errors: Record<string, string>, message: string): PortalForm => ({ values, errors, message });

/** The page, or only its #main content for an htmx request. */
function page(c: Context<AppEnv>, title: string, active: PortalSection, content: JSX.Element, status: 200 | 422 = 200) {
  if (wantsFragment(c)) return c.html(content, status);
  const { name, accountNumber } = consumerOf(c);
  return c.html(<PortalLayout title={title} active={active} shell={{ name, accountNumber, csrfToken: csrf(c) }}>{content}</PortalLayout>, status);
}

/** After a write: to `path` (htmx loads it into #main and pushes the URL; without script, a 303). */
function done(c: Context<AppEnv>, path: string) {
  if (c.req.header('hx-request')) {
    c.header('HX-Location', JSON.stringify({ path, target: '#main' }));
    return c.body(null, 204);
  }
  return c.redirect(path, 303);
}

async function usage(c: Context<AppEnv>, form: PortalForm, status: 200 | 422 = 200) {
  const em = c.get('em');
  const { accountId, accountNumber } = consumerOf(c);
  const [record, months, readings, meters] = await Promise.all([
    findAccountRecord(em, accountNumber), consumptionTrend(em, accountId, new Date(), zone(c)),
    listAccountReadings(em, accountId, { page: 1, pageSize: 24 }), currentMeters(em, accountId),
  ]);
  return page(c, 'Usage', 'usage', <UsagePage months={months} unit={record.usageUnit} readings={readings} meters={meters}
    today={utilityIsoDay(new Date(), zone(c))} form={form} csrfToken={csrf(c)} notice={notice(c)} />, status);
}

async function service(c: Context<AppEnv>, form: PortalForm, status: 200 | 422 = 200) {
  const orders = await listServiceOrders(c.get('em'), consumerOf(c).accountId, LIST);
  return page(c, 'Service', 'service', <ServicePage orders={orders} form={form} csrfToken={csrf(c)} timeZone={zone(c)} />, status);
}

async function problems(c: Context<AppEnv>, form: PortalForm, status: 200 | 422 = 200) {
  const list = await listProblems(c.get('em'), consumerOf(c).accountId, LIST);
  const mib = (c.get('deps').config.PHOTO_MAX_BYTES / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
  return page(c, 'Report a problem', 'problems', <ProblemsPage problems={list} form={form} csrfToken={csrf(c)} timeZone={zone(c)}
    maxPhotoMiB={mib} notice={notice(c)} />, status);
}

function settings(c: Context<AppEnv>, form: PortalForm, status: 200 | 422 = 200) {
  return page(c, 'Settings', 'settings', <SettingsPage form={form} csrfToken={csrf(c)} notice={notice(c)} />, status);
}

/** The settings form as posted: unticked boxes are simply absent. */
const SettingsForm = z.object({
  notificationChannel: z.enum(NOTIFICATION_CHANNELS, 'email or sms'),
  optOut: z.literal('on').optional(),
  defaultQuietHours: z.literal('on').optional(),
  'quietHours.from': z.string().max(10).optional(),
  'quietHours.to': z.string().max(10).optional(),
});

const orderNumberOf = (c: Context<AppEnv>) => c.req.param('orderNumber') ?? '';

export const portalPageRoutes = new Hono<AppEnv>()
  .get('/my', requireConsumer, async (c) => {
    const em = c.get('em');
    const { accountId, accountNumber } = consumerOf(c);
    const [account, orders] = await Promise.all([
      consumerAccount(em, accountId, accountNumber, zone(c), utilityIsoDay(new Date(), zone(c))),
      listServiceOrders(em, accountId, { page: 1, pageSize: 20 }),
    ]);
    const open = orders.items.filter((o) => !isTerminal(o.status)).slice(0, 5);
    return page(c, 'Home', 'home', <HomePage account={account} openOrders={open} notice={notice(c)} />);
  })
  .get('/my/bills', requireConsumer, async (c) => {
    const em = c.get('em');
    const { accountId, accountNumber } = consumerOf(c);
    const [record, bills, payments] = await Promise.all([findAccountRecord(em, accountNumber), listBills(em, accountId, LIST), listPayments(em, accountId, LIST)]);
    return page(c, 'Bills', 'bills', <BillsPage bills={bills} payments={payments} unit={record.usageUnit} timeZone={zone(c)} />);
  })
  .get('/my/usage', requireConsumer, (c) => usage(c, BLANK_FORM))
  .post('/my/readings', requireConsumer, (c) => handleForm(c,
    (values) => {
      const { readAt, value, meterNumber } = parseForm(ConsumerReadingForm, values);
      return submitReading(c.get('em'), consumerOf(c).accountId, { readAt: dayOf(c, readAt), value, meterNumber }, actorOf(c), zone(c));
    },
    (values, errors, message) => usage(c, withErrors(values, errors, message), 422),
    (reading) => done(c, `/my/usage?saved=${reading.flags.length ? 'reading-flagged' : 'reading'}`)))
  .get('/my/service-orders', requireConsumer, (c) => service(c, BLANK_FORM))
  .post('/my/service-orders', requireConsumer, (c) => handleForm(c,
    async (values) => {
      const created = await requestServiceOrder(c.get('em'), consumerOf(c).accountNumber, parseForm(OrderRequestBody, values), actorOf(c), c.get('deps').config.UTILITY_TIME_ZONE);
      await relaySoon(c, created.outboxId);
      return created;
    },
    (values, errors, message) => service(c, withErrors(values, errors, message), 422),
    (created) => done(c, `/my/service-orders/${created.orderNumber}?saved=order`)))
  .get('/my/service-orders/:orderNumber{SO-[0-9]+}', requireConsumer, async (c) => {
    const order = await ownServiceOrder(c.get('em'), consumerOf(c).accountId, orderNumberOf(c));
    return page(c, order.orderNumber, 'service', <OrderPage order={order} csrfToken={csrf(c)} timeZone={zone(c)} notice={notice(c)} />);
  })
  .post('/my/service-orders/:orderNumber{SO-[0-9]+}/cancel', requireConsumer, async (c) => {
    await cancelOwnOrder(deskOf(c), consumerOf(c).accountId, orderNumberOf(c));
    return done(c, `/my/service-orders/${orderNumberOf(c)}?saved=cancelled`);
  })
  .get('/my/problems', requireConsumer, (c) => problems(c, BLANK_FORM))
  .post('/my/problems', requireConsumer, (c) => handleForm(c,
    async (values) => {
      const { description, category } = parseForm(ProblemFields, values);
      const file = (await c.req.parseBody()).photo;
      return reportProblem(c.get('em'), consumerOf(c).accountNumber, { description, category, photo: await photoOf(file instanceof File ? file : undefined) },
        actorOf(c), c.get('deps').config.PHOTO_MAX_BYTES);
    },
    (values, errors, message) => problems(c, withErrors(values, errors, message), 422),
    () => done(c, '/my/problems?saved=problem')))
  .get('/my/problems/:id{[0-9]+}/photo', requireConsumer, async (c) =>
    photoResponse(c, await problemPhoto(c.get('em'), consumerOf(c).accountId, recordId(c.req.param('id'), 'Problem')), true))
  .get('/my/notifications', requireConsumer, async (c) => {
    const notifications = await listNotificationsSent(c.get('em'), consumerOf(c).accountId, { page: 1, pageSize: 100 });
    return page(c, 'Messages', 'notifications', <NotificationsPage notifications={notifications} timeZone={zone(c)} />);
  })
  .get('/my/settings', requireConsumer, async (c) =>
    settings(c, { values: settingsValues(await getPreferences(c.get('em'), consumerOf(c).accountId)), errors: {} }))
  .post('/my/settings', requireConsumer, (c) => handleForm(c,
    (values) => {
      const form = parseForm(SettingsForm, values);
      const quietHours = form.defaultQuietHours ? null : { from: form['quietHours.from'] ?? '', to: form['quietHours.to'] ?? '' };
      return updatePreferences(c.get('em'), consumerOf(c).accountId, { notificationChannel: form.notificationChannel, optOut: Boolean(form.optOut), quietHours }, actorOf(c));
    },
    (values, errors, message) => settings(c, withErrors(values, errors, message), 422),
    () => done(c, '/my/settings?saved=settings')));
