// The name search against the rules written as plain code (docs/rules.md#search): over a crowd of
// look-alike names (typo neighbours, prefixes, double-barrelled, accented), every query finds exactly
// the accounts the rules say, in their order, with their total. The SQL's index tricks must not matter.
// Typo matches join only when the closer matches are fewer than a page (our choice), and the total says so.
// Every query is asked twice: planned as it runs, and on the API's generic-plan connections (planned once per shape).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { searchAccounts } from '../domain/accounts/search/account-search.js';
import { planSearch, withOneDeletion, withOneEdit } from '../domain/accounts/search/search-query.js';
import { TYPOS_BELOW } from '../domain/accounts/search/account-search-sql.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { openGenericPlanDb } from '../infra/database/generic-plan-pool.js';
import type { Db } from '../domain/common/database.js';
import { insertRow } from './support/rows.js';

let database: TestDatabase;
/** One generic-plan connection, so each shape's generic plan is made once and then reused by the later queries. */
let genericPlanDb: Db;

const FIRST = ['John', 'Jon', 'Joan', 'Johnny', 'Johanna', 'Jhon', 'Jo', 'Mary', 'Maria', 'Marie', 'Alejandra', 'Alejandro', 'José', 'Søren', 'Anne-Marie', 'Li', 'Deck'];
const LAST = ['Smith', 'Smyth', 'Smithers', 'Smit', 'Deckow', 'Deckowski', 'Doe', 'Doerr', "O'Brien-Lee", 'Pérez', 'Perez-Smith', 'Lee', 'Johnson', 'Li'];

const QUERIES = [
  // one word: exact, prefix, typo neighbours, short
  'john', 'jon', 'jhon', 'joan', 'johnn', 'smith', 'smiht', 'smyth', 'smit', 'deckow', 'dekcow', 'deck', 'dec', 'mari', 'maria',
  'perez', 'lee', 'brien', 'obrien', 'obrienlee', 'johnson', 'jo', 'li', 'soren', 'søren', 'alejandra',
  // several words, either order, with typos and prefixes
  'john smith', 'smith john', 'jon smyth', 'jhon smiht', 'johnny smithers', 'johnny smith', 'alejandra deckow', 'deckow alejandra',
  'alejandra dekcow', 'alejandro deckowski', 'jose perez', 'josé pérez', 'perez jose', 'perez smith', 'smith perez', 'anne marie',
  'anne-marie lee', "mary o'brien-lee", 'obrien lee', 'lee li', 'li lee', 'maria lee', 'deck deckow', 'deckow deck', 'john johnson',
  'smith smith', 'joh smi', 'mar li', 'jo li', 'li jo',
  // short words beside long ones
  'john s', 'j smith', 'jo smith', 'al deckow', 'deckow a', 'marie o', 'li l',
];

/** An account as the rules see it: its number and its name folded by the database. */
interface Folded { number: string; words: string[]; fk: string; lk: string; full: string; reversed: string }
let accounts: Folded[] = [];
/** Each query folded by the database, as the search folds input beyond ASCII. */
const foldedQueries = new Map<string, string>();

test.before(async () => {
  database = await createTestDatabase('search_names');
  genericPlanDb = openGenericPlanDb(database.url, 1);
  const query = db(database.orm.em);
  let n = 0;
  for (const first of FIRST) {
    for (const last of LAST) {
      n += 1;
      await insertRow(query, 'account', {
        account_number: `WU-${n % 7 === 0 ? 100_000 + n : 10_000 + n}`, first_name: first, last_name: last, email: null, phone: null,
        service_address: '1 Main St', customer_since: '2020-01-01', status: 'active', version: 1, created_at: sql`now()`, updated_at: sql`now()`,
      });
    }
  }
  accounts = await query.selectFrom('account as a').select([
    'a.account_number as number',
    sql<string[]>`f_name_words(a.first_name, a.last_name)`.as('words'),
    sql<string>`f_name_key(a.first_name)`.as('fk'), sql<string>`f_name_key(a.last_name)`.as('lk'),
    sql<string>`lower(f_unaccent(a.first_name || ' ' || a.last_name))`.as('full'),
    sql<string>`lower(f_unaccent(a.last_name || ' ' || a.first_name))`.as('reversed'),
  ]).execute();
  for (const q of QUERIES) {
    const { rows } = await sql<{ folded: string }>`select lower(f_unaccent(${q})) as folded`.execute(query);
    foldedQueries.set(q, rows[0].folded);
  }
});
test.after(async () => {
  await genericPlanDb.destroy();
  await database.drop();
});

/**
 * The rules: every typed word must match; words of 3 letters or more as a word of the name (0),
 * the start of the first or last name (1) or, from 4 letters, a word one typo away (2); shorter
 * words beside them only as the whole or the start of the first or last name. The worst word
 * decides: all exact → 2 (1 when the whole name was typed, either order), a prefix → 3, a typo → 5.
 */
function expectedTier(q: string, account: Folded): number | null {
  const plan = planSearch(q, foldedQueries.get(q)!);
  const long = plan.nameTokens.filter((t) => t.length >= 3);
  const looked = long.length ? long : plan.nameTokens;
  const short = long.length ? plan.nameTokens.filter((t) => t.length < 3) : [];
  const starts = (t: string) => account.fk.startsWith(t) || account.lk.startsWith(t);
  const tiers = [
    ...looked.map((t) => {
      if (account.words.includes(t)) return 0;
      if (starts(t)) return 1;
      return t.length >= 4 && withOneEdit(t).some((v) => account.words.includes(v)) ? 2 : null;
    }),
    ...short.map((t) => (account.fk === t || account.lk === t ? 0 : starts(t) ? 1 : null)),
  ];
  if (tiers.some((tier) => tier === null)) return null;
  const worst = Math.max(...(tiers as number[]));
  if (worst === 0) return plan.folded === account.full || plan.folded === account.reversed ? 1 : 2;
  return worst === 1 ? 3 : 5;
}

/**
 * The accounts the rules find for `q`, best first (tier, then account number, shortest first);
 * typo matches (tier 5) only when the closer ones are fewer than TYPOS_BELOW (our choice).
 */
function expected(q: string): string[] {
  const hits = accounts
    .map((account) => ({ number: account.number, tier: expectedTier(q, account) }))
    .filter((hit): hit is { number: string; tier: number } => hit.tier !== null)
    .sort((a, b) => a.tier - b.tier || a.number.length - b.number.length || (a.number < b.number ? -1 : 1));
  const close = hits.filter((hit) => hit.tier < 5);
  return (close.length < TYPOS_BELOW ? hits : close).map((hit) => hit.number);
}


for (const q of QUERIES) {
  test(`"${q}" finds what the rules say, in their order, with their total`, async () => {
    const want = expected(q);
    assert.ok(want.length > 0, `the rules find something for "${q}" (else the similar-name fallback answers)`);
    for (const generic of [undefined, genericPlanDb]) {
      const page = await searchAccounts(database.orm.em.fork(), { q, page: 1, pageSize: 200 }, generic);
      assert.equal(page.items.map((item) => item.accountNumber), want, generic ? 'on a generic plan' : 'planned as it runs');
      assert.is(page.total, want.length);
    }
  });
}

const lastNames = async (q: string, filters: { status?: 'active' | 'inactive' } = {}) => {
  const page = await searchAccounts(database.orm.em.fork(), { q, page: 1, pageSize: 200, ...filters });
  return { names: new Set(page.items.map((item) => item.lastName)), total: page.total, count: page.items.length };
};

test('typo matches are left out, and not counted, when the closer matches fill a page', async () => {
  // "smith" is a word of 3 × 17 names (Smith, Perez-Smith) or their start (Smithers): more than a page.
  const smith = await lastNames('smith');
  assert.ok(smith.total >= TYPOS_BELOW);
  assert.equal([...smith.names].sort(), ['Perez-Smith', 'Smith', 'Smithers']);
  assert.is(smith.total, 3 * FIRST.length);
  assert.is(smith.count, smith.total);
});

test('typo matches join, after the closer ones and counted, when those are fewer than a page', async () => {
  // "smyth" is 17 names (fewer than a page): Smith and Perez-Smith are one typo away.
  const smyth = await searchAccounts(database.orm.em.fork(), { q: 'smyth', page: 1, pageSize: 200 });
  const names = smyth.items.map((item) => item.lastName);
  assert.is(smyth.total, 3 * FIRST.length);
  assert.equal([...new Set(names.slice(0, FIRST.length))], ['Smyth'], 'the exact word first');
  assert.equal([...new Set(names.slice(FIRST.length))].sort(), ['Perez-Smith', 'Smith']);
  // Paged, the same list and the same total: whether typos count depends on the query and filters, not the page.
  const second = await searchAccounts(database.orm.em.fork(), { q: 'smyth', page: 2, pageSize: 10 });
  assert.is(second.total, smyth.total);
  assert.equal(second.items.map((item) => item.accountNumber), smyth.items.slice(10, 20).map((item) => item.accountNumber));
});

test('the closer matches are counted after the filters: few of them in a status, and the typo matches in it join', async () => {
  const query = db(database.orm.em);
  await query.updateTable('account').set({ status: 'inactive' })
    .where('first_name', 'in', ['John', 'Jon']).where('last_name', 'in', ['Smith', 'Smyth']).execute();
  try {
    const inactive = await lastNames('smith', { status: 'inactive' });
    assert.equal([...inactive.names].sort(), ['Smith', 'Smyth']);
    assert.is(inactive.total, 4);
  } finally {
    await query.updateTable('account').set({ status: 'active' }).where('status', '=', 'inactive').execute();
  }
});

test('at exactly a page of closer matches the typo matches stay out; one fewer and they join', async () => {
  const query = db(database.orm.em);
  // In the inactive status: TYPOS_BELOW accounts that "smith" matches closely, and one Smyth (a typo away).
  const close = await query.selectFrom('account').select('id').where('last_name', 'in', ['Smith', 'Perez-Smith', 'Smithers'])
    .orderBy('id').limit(TYPOS_BELOW).execute();
  const smyth = await query.selectFrom('account').select('id').where('last_name', '=', 'Smyth').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const inactive = (ids: number[]) => query.updateTable('account').set({ status: 'inactive' }).where('id', 'in', ids).execute();
  try {
    await inactive([...close.map((row) => row.id), smyth.id]);
    const full = await lastNames('smith', { status: 'inactive' });
    assert.is(full.total, TYPOS_BELOW);
    assert.not.ok(full.names.has('Smyth'), 'a page of closer matches: no typo match');
    await query.updateTable('account').set({ status: 'active' }).where('id', '=', close[0].id).execute();
    const fewer = await lastNames('smith', { status: 'inactive' });
    assert.is(fewer.total, TYPOS_BELOW);
    assert.ok(fewer.names.has('Smyth'), 'one fewer: the typo match joins and is counted');
  } finally {
    await query.updateTable('account').set({ status: 'active' }).where('status', '=', 'inactive').execute();
  }
});

test('the database tells a typo as withOneEdit does: every variant of a word, and nothing two edits away, equal, or put in from outside its alphabet', async () => {
  const typed = ['john', 'smith', 'deckow', 'aab', 'anna', 'x1y2', '2017'];
  const pairs: Array<[string, string, boolean]> = [];
  for (const word of typed) {
    const variants = new Set(withOneEdit(word).filter((variant) => variant !== word));
    // Candidates: the variants, their own variants (mostly two edits away) and a few outside the alphabet.
    const candidates = new Set([word, ...variants, ...[...variants].slice(0, 40).flatMap(withOneEdit), `${word}é`, `${word.slice(0, 2)}9${word.slice(3)}`, `${word}_`]);
    for (const candidate of candidates) if (candidate) pairs.push([candidate, word, variants.has(candidate)]);
  }
  const { rows } = await sql<{ i: number; apart: boolean }>`select i::int, f_one_typo_apart(w, t) as apart
    from unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) with ordinality as x(w, t, i)`.execute(db(database.orm.em));
  const wrong = rows.filter((row) => row.apart !== pairs[row.i - 1][2]).map((row) => `${pairs[row.i - 1][0]} ~ ${pairs[row.i - 1][1]}: ${row.apart}`);
  assert.ok(pairs.filter((p) => p[2]).length > 1000 && pairs.filter((p) => !p[2]).length > 1000, `${pairs.length} pairs`);
  assert.equal(wrong.slice(0, 10), [], `${wrong.length} of ${pairs.length} pairs told otherwise`);
});

test('a renamed account is found by a typo of its new name; a new account by a typo of its name', async () => {
  const query = db(database.orm.em);
  await query.updateTable('account').set({ first_name: 'Zebulon' }).where('account_number', '=', 'WU-10001').execute();
  await insertRow(query, 'account', {
    account_number: 'WU-99999', first_name: 'Quintessa', last_name: 'Marlowe', email: null, phone: null,
    service_address: '1 Main St', customer_since: '2020-01-01', status: 'active', version: 1, created_at: sql`now()`, updated_at: sql`now()`,
  });
  try {
    const found = async (q: string) => (await searchAccounts(database.orm.em.fork(), { q, page: 1, pageSize: 25 })).items.map((item) => item.accountNumber);
    const kept = await query.selectFrom('name_word_deletion').select('word').distinct()
      .where('word', 'in', ['zebulon', 'quintessa', 'marlowe']).orderBy('word').execute();
    assert.equal(kept.map((row) => row.word), ['marlowe', 'quintessa', 'zebulon'], 'the new words are kept with their deletions');
    assert.equal(await found('zebulom'), ['WU-10001']);
    assert.equal(await found('zebluon smith'), ['WU-10001']);
    assert.equal(await found('quintesa marlow'), ['WU-99999']);
  } finally {
    await query.deleteFrom('account').where('account_number', '=', 'WU-99999').execute();
    await query.updateTable('account').set({ first_name: 'John' }).where('account_number', '=', 'WU-10001').execute();
  }
});

/** Thrown to roll back a transaction whose findings were already read (the per-transaction index counters need one). */
class RolledBack extends Error {}

test('accounts added together look each known word up once and spread only a new word into its deletions', async () => {
  const account = (number: string, first: string, last: string) => ({
    account_number: number, first_name: first, last_name: last, email: null, phone: null,
    service_address: '1 Main St', customer_since: '2020-01-01', status: 'active' as const, version: 1, created_at: sql<Date>`now()`, updated_at: sql<Date>`now()`,
  });
  // The lookups of the words' index not yet reported to the statistics: read before and after, in one transaction.
  const lookups = async (trx: Db) => (await sql<{ n: number }>`select pg_stat_get_xact_numscans('name_word_deletion_pkey'::regclass)::int as n`.execute(trx)).rows[0].n;
  const kept = (trx: Db) => trx.selectFrom('name_word_deletion').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const found: { probes: number; words: number; added: number; deletions: string[] } = { probes: 0, words: 0, added: 0, deletions: [] };
  await db(database.orm.em).transaction().execute(async (trx) => {
    const before = (await kept(trx)).n;
    // Known words only (the crowd's names): nothing to add, one lookup of each distinct word at most.
    const lookedUp = await lookups(trx);
    await trx.insertInto('account').values([account('WU-99991', 'John', 'Smith'), account('WU-99992', 'Mary', 'Smyth'), account('WU-99993', 'Jon', 'Doe')]).execute();
    found.probes = (await lookups(trx)) - lookedUp;
    found.words = (await sql<{ n: number }>`select count(distinct w)::int as n from account, unnest(f_name_words(first_name, last_name)) as w
      where account_number like 'WU-9999_'`.execute(trx)).rows[0].n;
    assert.is((await kept(trx)).n, before, 'known words add nothing');
    await trx.insertInto('account').values([account('WU-99994', 'Quintavius', 'Smith'), account('WU-99995', 'Quintavius', 'Doe')]).execute();
    found.added = (await kept(trx)).n - before;
    found.deletions = (await trx.selectFrom('name_word_deletion').select('deletion').where('word', '=', 'quintavius').orderBy('deletion').execute()).map((r) => r.deletion);
    throw new RolledBack();
  }).catch((error: unknown) => { if (!(error instanceof RolledBack)) throw error; });
  assert.ok(found.words >= 4, `${found.words} distinct words`);
  assert.ok(found.probes <= found.words, `${found.probes} lookups for ${found.words} words (one per deletion before)`);
  assert.equal([...found.deletions].sort(), withOneDeletion('quintavius').sort());
  assert.is(found.added, found.deletions.length, 'the new word and its deletions, once');
});

test('a name that gains or loses words beyond its two keys is found by them, or no longer (the stored has_other_name_words)', async () => {
  const query = db(database.orm.em);
  const flag = async () => (await query.selectFrom('account as a').select(sql<boolean>`a.has_other_name_words`.as('other'))
    .where('a.account_number', '=', 'WU-10002').executeTakeFirstOrThrow()).other;
  const found = async (q: string) => (await searchAccounts(database.orm.em.fork(), { q, page: 1, pageSize: 200 })).items.map((item) => item.accountNumber);
  assert.is(await flag(), false, 'John Smyth: two words, each a key');
  try {
    await query.updateTable('account').set({ last_name: 'Smyth-Quillon' }).where('account_number', '=', 'WU-10002').execute();
    assert.is(await flag(), true);
    assert.equal(await found('quillon'), ['WU-10002'], 'by the other word');
    assert.ok((await found('smyth')).includes('WU-10002'), 'and by its first word');
    await query.updateTable('account').set({ balance_cents: 100 }).where('account_number', '=', 'WU-10002').execute();
    assert.is(await flag(), true, 'an update that leaves the names alone keeps it');
  } finally {
    await query.updateTable('account').set({ last_name: 'Smyth', balance_cents: 0 }).where('account_number', '=', 'WU-10002').execute();
  }
  assert.is(await flag(), false);
  assert.equal(await found('quillon'), [], 'renamed back: the word is gone');
});

test('an account found by a word both as a name word and as the start of its other name is listed once, at its best tier', async () => {
  const query = db(database.orm.em);
  await insertRow(query, 'account', {
    account_number: 'WU-99998', first_name: 'Smithers', last_name: 'Smith', email: null, phone: null,
    service_address: '1 Main St', customer_since: '2020-01-01', status: 'active', version: 1, created_at: sql`now()`, updated_at: sql`now()`,
  });
  try {
    const page = await searchAccounts(database.orm.em.fork(), { q: 'smith', page: 1, pageSize: 200 });
    const numbers = page.items.map((item) => item.accountNumber);
    assert.is(numbers.filter((n) => n === 'WU-99998').length, 1, 'listed once');
    assert.is(page.total, new Set(numbers).size, 'counted once');
    const wordsOf = new Map(accounts.map((account) => [account.number, account.words]));
    const prefixOnly = numbers.findIndex((n) => wordsOf.has(n) && !wordsOf.get(n)?.includes('smith'));
    assert.ok(prefixOnly > numbers.indexOf('WU-99998'), 'at its best tier (a name word), before the accounts found by a prefix alone');
  } finally {
    await query.deleteFrom('account').where('account_number', '=', 'WU-99998').execute();
  }
});

test.run();
