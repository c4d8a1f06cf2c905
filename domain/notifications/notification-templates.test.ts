/** Unit tests of the notification templates and the `notifications` setting's schema. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NOTIFICATION_EVENTS } from '../common/enums.js';
import { DEFAULT_NOTIFICATION_SETTINGS, notificationSettingsSchema } from './notification-settings.js';
import { fillTemplate, renderNotification, visitWindow } from './notification-templates.js';

const account = { firstName: 'John', lastName: 'Doe', accountNumber: 'WU-10001' };
const zone = 'America/Chicago';
const nbsp = (text: string) => text.replace(/\u202f/g, ' '); // ICU puts a narrow no-break space before AM/PM

test('every default template renders for both channels with no placeholder left', () => {
  for (const event of NOTIFICATION_EVENTS) {
    for (const channel of ['email', 'sms'] as const) {
      const rendered = renderNotification(event, channel, { account, payload: {}, orderType: null }, DEFAULT_NOTIFICATION_SETTINGS, zone);
      assert.not.match(rendered.body, /\{\{/, `${event}/${channel}`);
      assert.is(rendered.subject === null, channel === 'sms');
    }
  }
});

test('the visit window is shown in the utility time zone, across a DST change too', () => {
  const cases: Array<[string, number | null, string]> = [
    ['2026-12-01T15:30:00.000Z', 120, 'Tue, Dec 1, 9:30 AM – 11:30 AM'],
    ['2026-07-01T15:30:00.000Z', 60, 'Wed, Jul 1, 10:30 AM – 11:30 AM'],
    ['2026-11-01T06:30:00.000Z', 120, 'Sun, Nov 1, 1:30 AM – 2:30 AM'], // clocks go back at 2:00
    ['2026-12-01T15:30:00.000Z', null, 'Tue, Dec 1, 9:30 AM'],
    ['not a date', 30, ''],
  ];
  for (const [start, minutes, expected] of cases) assert.is(nbsp(visitWindow(start, minutes, zone)), expected, start);
});

test('placeholders are filled from the account and the payload; money in dollars from cents', () => {
  const rendered = renderNotification('balance_overdue', 'sms', {
    account, payload: { overdueCents: 123456, overdueSince: '2026-09-01', daysOverdue: 88 }, orderType: null,
  }, DEFAULT_NOTIFICATION_SETTINGS, zone);
  assert.match(rendered.body, '$1,234.56 on account WU-10001 is overdue since Sep 1, 2026');
  assert.is(fillTemplate('{{ firstName }} {{unknown}}!', { firstName: 'Ann' }), 'Ann !');
});

test('a template with an unknown placeholder is refused when saved; a partial setting keeps the defaults', () => {
  assert.not.ok(notificationSettingsSchema.safeParse({ templates: { order_created: { sms: { body: 'Hi {{firstname}}' } } } }).success);
  const partial = notificationSettingsSchema.parse({ attempts: 2, templates: { order_created: { sms: { body: 'Order {{orderNumber}}' } } } });
  assert.is(partial.attempts, 2);
  assert.is(partial.backoffMs, DEFAULT_NOTIFICATION_SETTINGS.backoffMs);
  assert.is(partial.templates.order_created.sms.body, 'Order {{orderNumber}}');
  assert.equal(partial.templates.order_created.email, DEFAULT_NOTIFICATION_SETTINGS.templates.order_created.email);
  assert.equal(partial.templates.payment_failed, DEFAULT_NOTIFICATION_SETTINGS.templates.payment_failed);
});

test.run();
