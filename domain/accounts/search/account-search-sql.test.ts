/** Table-driven tests of what the search asks the trigram indexes for: a distinctive part of the typed contact. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emailIndexPart, phoneIndexPart } from './account-search-sql.js';

const phoneCases: Array<[string, string]> = [
  ['2175550134', '550134'], ['5550134', '550134'], ['550134', '550134'], ['0134', '0134'], ['21755501349', '501349'],
];
for (const [digits, part] of phoneCases) {
  test(`phoneIndexPart(${digits}) = ${part}`, () => assert.is(phoneIndexPart(digits), part));
}

const emailCases: Array<[string, string]> = [
  ['john.doe@example.com', 'john.doe'], ['doe@exam', 'doe'], ['jo@example.com', 'jo@example.com'], ['@example.com', '@example.com'], ['jsmith42', 'jsmith42'],
];
for (const [email, part] of emailCases) {
  test(`emailIndexPart(${email}) = ${part}`, () => assert.is(emailIndexPart(email), part));
}

test.run();
