/** Unit tests of the email channel's Message-ID (stable per idempotency key) and its sender parsed once. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { messageIdFor, senderMailbox } from './email-sender.js';

test('the email Message-ID is stable per idempotency key and on the sender\'s domain', () => {
  const from = 'Cistern Water <notifications@cistern.example>';
  assert.is(messageIdFor('order_created:SO-1', from), messageIdFor('order_created:SO-1', from));
  assert.is.not(messageIdFor('order_created:SO-1', from), messageIdFor('order_created:SO-2', from));
  assert.match(messageIdFor('order_created:SO-1', from), /^<[0-9a-f]{40}@cistern\.example>$/);
});

const senders: Array<[string, ReturnType<typeof senderMailbox>]> = [
  ['Cistern Water <notifications@cistern.example>', { name: 'Cistern Water', address: 'notifications@cistern.example' }],
  ['"Water, Billing" <billing@cistern.example>', { name: 'Water, Billing', address: 'billing@cistern.example' }],
  ['notifications@cistern.example', { name: '', address: 'notifications@cistern.example' }],
  // Not one mailbox: left to nodemailer as written.
  ['a@cistern.example, b@cistern.example', 'a@cistern.example, b@cistern.example'],
  ['Cistern Water', 'Cistern Water'],
];
for (const [from, expected] of senders) {
  test(`the sender ${JSON.stringify(from)} is parsed once as ${JSON.stringify(expected)}`, () => {
    assert.equal(senderMailbox(from), expected);
  });
}

test.run();
