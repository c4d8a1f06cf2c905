/** Unit tests of the email channel's Message-ID (stable per idempotency key). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { messageIdFor } from './email-sender.js';

test('the email Message-ID is stable per idempotency key and on the sender\'s domain', () => {
  const from = 'Cistern Water <notifications@cistern.example>';
  assert.is(messageIdFor('order_created:SO-1', from), messageIdFor('order_created:SO-1', from));
  assert.is.not(messageIdFor('order_created:SO-1', from), messageIdFor('order_created:SO-2', from));
  assert.match(messageIdFor('order_created:SO-1', from), /^<[0-9a-f]{40}@cistern\.example>$/);
});

test.run();
