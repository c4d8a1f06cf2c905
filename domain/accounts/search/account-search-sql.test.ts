/** Table-driven tests of what the search asks the indexes for: a distinctive part of the typed contact, and the typo variants of a name word. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emailIndexPart, phoneIndexPart } from './account-search-sql.js';
import { mayHaveTypo, typoVariants } from './account-search-names.js';

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

for (const word of ['a', 'jo', 'lee', 'john', 'smith', 'deckow']) {
  test(`mayHaveTypo(${word}) says whether typoVariants has any`, () => assert.is(mayHaveTypo(word), typoVariants(word).length > 0));
}

test.run();
