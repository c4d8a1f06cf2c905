/** Unit tests of password hashing: the production scrypt cost, the stored format, and which hashes need a rehash. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPassword, needsRehash, PASSWORD_COST, scryptCost, verifyPassword } from './password.js';

test('production hashes use N=2^17, r=8, p=1 and verify (scrypt needs maxmem above its 32 MiB default)', async () => {
  assert.equal(PASSWORD_COST, { N: 131072, r: 8, p: 1 });
  const stored = await hashPassword('correct horse battery staple');
  assert.match(stored, /^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
  assert.ok(await verifyPassword('correct horse battery staple', stored));
  assert.not.ok(await verifyPassword('correct horse battery stapler', stored));
});

const REHASH: [string, string, boolean][] = [
  ['the current cost', 'scrypt$131072$8$1$c2FsdA==$aGFzaA==', false],
  ['the old N=2^14', 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', true],
  ['another r', 'scrypt$131072$16$1$c2FsdA==$aGFzaA==', true],
  ['another p', 'scrypt$131072$8$2$c2FsdA==$aGFzaA==', true],
  ['not ours', 'bcrypt$2b$10$abc', true],
];
for (const [name, stored, expected] of REHASH) {
  test(`needsRehash: ${name} → ${expected}`, () => assert.is(needsRehash(stored), expected));
}

test('a stored hash with out-of-bounds parameters is refused, not computed', async () => {
  assert.not.ok(await verifyPassword('x', 'scrypt$1073741824$8$1$c2FsdA==$aGFzaA=='));
  assert.not.ok(await verifyPassword('x', 'scrypt$1000$8$1$c2FsdA==$aGFzaA=='));
  assert.not.ok(await verifyPassword('x', 'scrypt$16384$8$1$$'));
});

test('a lowered test cost hashes and verifies with its own parameters', async () => {
  const stored = await hashPassword('pw', scryptCost(10));
  assert.match(stored, /^scrypt\$1024\$8\$1\$/);
  assert.ok(await verifyPassword('pw', stored));
  assert.ok(needsRehash(stored));
  assert.not.ok(needsRehash(stored, scryptCost(10)));
});

test.run();
