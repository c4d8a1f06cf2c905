// The database's name-word functions: the deletions kept for every name word, as the search's rule in
// plain code says (domain/accounts/search/search-query.ts), and the name-word function inlined where the
// indexes use it. The searches that rely on them, and the one-typo test, are held over a crowd of names
// in tests/account-search-names.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { withOneDeletion } from '../domain/accounts/search/search-query.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
test.before(async () => { database = await createTestDatabase('name_word_functions'); });
test.after(async () => { await database.drop(); });

test('the database keeps the same deletions of a word as the search looks up', async () => {
  const words = ['john', 'aab', 'a', 'obrienlee', 'soren'];
  const { rows } = await sql<{ w: string; d: string[] }>`select w, f_word_deletions(w) as d from unnest(${words}::text[]) as w`.execute(db(database.orm.em));
  for (const row of rows) assert.equal([...row.d].sort(), withOneDeletion(row.w).sort(), row.w);
});

test('the name-word function is inlined into the statements and indexes that use it (a function call was 3 times the cost)', async () => {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain verbose select f_name_words(first_name, last_name) from account`.execute(db(database.orm.em));
  const output = rows.map((row) => row['QUERY PLAN']).join('\n');
  assert.ok(output.includes('Output: array_remove('), output);
  assert.not.ok(output.includes('f_name_words('), output);
});

test.run();
