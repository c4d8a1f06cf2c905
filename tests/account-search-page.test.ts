// The account search page over HTTP: results with links and labels, the htmx fragment and history restore,
// the form's empty fields and bad values, and the sign-in redirect.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSearchFixture, type SearchFixture } from './support/search-fixture.js';

let fixture: SearchFixture;
test.before(async () => { fixture = await startSearchFixture('account_search_page'); });
test.after(async () => fixture.server.close());

const url = (path: string) => `${fixture.server.baseUrl}${path}`;

async function searchPage(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(url(`/accounts${query}`), { headers: { cookie: fixture.cookie, ...headers }, redirect: 'manual' });
  return { status: response.status, html: await response.text(), vary: response.headers.get('vary'), pushUrl: response.headers.get('hx-push-url') };
}

test('the page renders results with links to the profiles, status labels and the VIP crown', async () => {
  const { status, html } = await searchPage('?q=john+doe');
  assert.is(status, 200);
  assert.match(html, '<html');
  assert.match(html, 'href="/accounts/WU-10001"');
  assert.match(html, 'value="john doe"');
  assert.match(html, 'hx-get="/accounts"');
  assert.match(html, 'delay:300ms');
  assert.match(html, 'hx-push-url="true"');
  assert.match(html, 'status status-active');
  assert.match(html, 'aria-label="VIP"');
  assert.match(html, '$123.45');
  assert.not.match(html, ' style=');
});

test('an htmx request gets the results fragment; a history restore gets the page', async () => {
  const fragment = await searchPage('?q=pager&pageSize=10&page=2', { 'HX-Request': 'true' });
  assert.is(fragment.status, 200);
  assert.not.match(fragment.html, '<html');
  assert.match(fragment.html, 'WU-30011');
  assert.match(fragment.html, 'hx-get="/accounts?q=pager&amp;page=3&amp;pageSize=10"');
  assert.match(fragment.html, 'hx-target="#search-results"');
  assert.match(fragment.vary ?? '', 'HX-Request');
  assert.is(fragment.pushUrl, '/accounts?q=pager&page=2&pageSize=10');
  const restore = await searchPage('?q=pager', { 'HX-Request': 'true', 'HX-History-Restore-Request': 'true' });
  assert.match(restore.html, '<html');
});

test('the page: empty fields from the form are ignored; a bad value is explained', async () => {
  const { status, html } = await searchPage('?q=&status=&overdue=true');
  assert.is(status, 200);
  assert.match(html, 'WU-10003');
  const disconnected = await searchPage('?status=disconnected');
  assert.match(disconnected.html, 'Disconnected (permanent)');
  assert.match(disconnected.html, 'Disconnected (temporary)');
  const bad = await searchPage('?status=bogus');
  assert.is(bad.status, 422);
  const badFragment = await searchPage('?pageSize=999', { 'HX-Request': 'true' });
  assert.is(badFragment.status, 422);
  assert.match(badFragment.html, 'pageSize');
});

test('signed out, the page redirects to the sign-in', async () => {
  const response = await fetch(url('/accounts?q=john'), { redirect: 'manual' });
  assert.is(response.status, 303);
});

test.run();
