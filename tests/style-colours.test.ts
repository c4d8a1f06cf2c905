/**
 * Unit tests: the colours live in colours.css alone. The staff sheet and the portal sheet once each
 * kept their own copy, and the portal's drifted below the contrast the staff pages had; so neither
 * may define a colour variable again, and every status has its swatch, text shade and tint.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const sheet = (name: string) => readFileSync(new URL(`../views/static/${name}`, import.meta.url), 'utf8');
const customProperties = (css: string) => [...css.matchAll(/(--[a-z0-9-]+)\s*:/g)].map((m) => m[1]);

for (const name of ['app.css', 'portal.css']) {
  test(`${name} redefines none of the shared colours`, () => {
    const shared = new Set(customProperties(sheet('colours.css')));
    assert.equal(customProperties(sheet(name)).filter((name) => shared.has(name)), []);
  });
}

const STATUSES = ['active', 'inactive', 'pending', 'disconnected', 'collection'];
for (const status of STATUSES) {
  test(`colours.css: ${status} has its swatch, text shade and tint`, () => {
    const defined = customProperties(sheet('colours.css'));
    for (const suffix of ['', '-text', '-tint']) assert.ok(defined.includes(`--status-${status}${suffix}`), `--status-${status}${suffix}`);
  });
}

test('every variable the two sheets use is defined in colours.css or in the sheet itself', () => {
  for (const name of ['app.css', 'portal.css']) {
    const defined = new Set([...customProperties(sheet('colours.css')), ...customProperties(sheet(name))]);
    for (const [, used] of sheet(name).matchAll(/var\((--[a-z0-9-]+)/g)) assert.ok(defined.has(used), `${name} uses ${used}`);
  }
});

test.run();
