/** Unit tests of the template editor's rules: placeholder checks per event, SMS sizes, drafts, and rendering a draft. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NotificationEvent } from '../common/enums.js';
import { DEFAULT_NOTIFICATION_SETTINGS } from './notification-settings.js';
import { renderNotification } from './notification-templates.js';
import { placeholderProblems } from './template-placeholders.js';
import { smsSize } from './sms-size.js';
import { draftProblems } from './template-editor.js';

test('placeholder problems name the placeholder as written, per event', () => {
  const cases: Array<[string, NotificationEvent, string[]]> = [
    ['Hello {{firstName}}, order {{orderNumber}}', 'order_created', []],
    ['Hello {{ firstName }}', 'payment_failed', []],
    ['No placeholders at all', 'balance_overdue', []],
    ['Hello {{firstname}}', 'order_created', ['{{firstname}} is not a placeholder']],
    ['Hello {{first name}}', 'order_created', ['{{first name}} is not a placeholder']],
    ['Hello {{}}', 'order_created', ['{{}} is not a placeholder']],
    ['Meter {{meterNumber}}', 'order_created', ['{{meterNumber}} has no value for order created']],
    ['Visit {{window}}', 'order_completed', ['{{window}} has no value for order completed']],
    ['Visit {{window}}', 'technician_scheduled', []],
    ['{{amount}} since {{overdueSince}} ({{daysOverdue}} days)', 'balance_overdue', []],
    ['{{amount}} {{reference}}', 'balance_overdue', ['{{reference}} has no value for balance overdue']],
    ['Hello {{firstName', 'order_created', ['a {{ without its }}']],
    ['Hello firstName}}', 'order_created', ['a {{ without its }}']],
    ['{{x}} and {{x}} again', 'order_created', ['{{x}} is not a placeholder']],
  ];
  for (const [text, event, expected] of cases) {
    const problems = placeholderProblems(text, event);
    assert.is(problems.length, expected.length, `${text}: ${problems.join(' | ')}`);
    for (const [i, start] of expected.entries()) assert.ok(problems[i].startsWith(start), `${text}: ${problems[i]}`);
  }
});

test('every default template passes the check of its own event', () => {
  for (const [event, templates] of Object.entries(DEFAULT_NOTIFICATION_SETTINGS.templates)) {
    for (const text of [templates.email.subject, templates.email.body, templates.sms.body]) {
      assert.equal(placeholderProblems(text, event as NotificationEvent), [], `${event}: ${text}`);
    }
  }
});

test('SMS segments: 160 / 153 GSM-7 characters, extension characters count twice, anything else is UCS-2 at 70 / 67', () => {
  const cases: Array<[string, 'GSM-7' | 'UCS-2', number, number]> = [
    ['', 'GSM-7', 0, 0],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['€'.repeat(80), 'GSM-7', 160, 1],
    [`${'a'.repeat(159)}[`, 'GSM-7', 161, 2],
    ['Café à São Paulo', 'UCS-2', 16, 1], // ã is not in the GSM alphabet
    ['9:30 AM – 11:30 AM', 'UCS-2', 18, 1], // the en dash
    ['x'.repeat(70) + '’', 'UCS-2', 71, 2],
    ['😀'.repeat(35), 'UCS-2', 70, 1], // two UTF-16 units each
    ['😀'.repeat(36), 'UCS-2', 72, 2],
  ];
  for (const [text, encoding, units, segments] of cases) {
    assert.equal(smsSize(text), { encoding, units, segments }, text.slice(0, 20));
  }
});

test('a draft is refused by field: missing, too long, or a placeholder the event does not fill', () => {
  const ok = { event: 'payment_failed', channel: 'email', subject: 'Payment {{reference}}', body: 'Hello {{firstName}}' } as const;
  const cases: Array<[Partial<typeof ok> | { body: string } | { subject: string }, Record<string, RegExp>]> = [
    [{}, {}],
    [{ subject: '' }, { subject: /required/ }],
    [{ subject: '   ' }, { subject: /required/ }],
    [{ subject: 'x'.repeat(201) }, { subject: /at most 200/ }],
    [{ body: 'Hi {{orderNumber}}' }, { body: /\{\{orderNumber\}\} has no value for payment failed/ }],
    [{ subject: '{{Amount}}', body: '{{nope}}' }, { subject: /\{\{Amount\}\} is not a placeholder/, body: /\{\{nope\}\}/ }],
    [{ body: 'bad \u0000 byte' }, { body: /control characters/ }],
  ];
  for (const [change, expected] of cases) {
    const problems = draftProblems({ ...ok, ...change });
    assert.equal(Object.keys(problems).sort(), Object.keys(expected).sort(), JSON.stringify(change));
    for (const [field, pattern] of Object.entries(expected)) assert.match(problems[field], pattern);
  }
  // An SMS has no subject, and its body may be at most 480 characters.
  assert.equal(draftProblems({ ...ok, channel: 'sms', subject: '' }), {});
  assert.match(draftProblems({ ...ok, channel: 'sms', body: 'x'.repeat(481) }).body, /at most 480/);
});

test('a draft renders through the sender\'s renderer: placeholders filled, an unknown one as nothing', () => {
  const account = { firstName: 'Ann', lastName: 'Lee', accountNumber: 'WU-10001' };
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['{{fullName}} owes {{amount}}', { amountCents: 4250, reference: 'P-1' }, 'Ann Lee owes $42.50'],
    ['Ref {{reference}} for {{accountNumber}}', { reference: 'P-1' }, 'Ref P-1 for WU-10001'],
    ['Hi {{firstname}}!', {}, 'Hi !'],
  ];
  for (const [body, payload, expected] of cases) {
    const templates = { ...DEFAULT_NOTIFICATION_SETTINGS.templates, payment_failed: { ...DEFAULT_NOTIFICATION_SETTINGS.templates.payment_failed, sms: { body } } };
    const rendered = renderNotification('payment_failed', 'sms', { account, payload, orderType: null }, { templates }, 'America/Chicago');
    assert.is(rendered.body, expected);
  }
});

test.run();
