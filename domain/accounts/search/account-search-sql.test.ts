/**
 * Table-driven tests of what the search asks the indexes for: a distinctive part of the typed contact, and which name
 * words may carry a typo.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emailIndexPart, phoneIndexPart } from './account-search-sql.js';
import { mayHaveTypo } from './account-search-names.js';
import { TYPO_MIN_LENGTH } from './search-query.js';

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

const typoCases: Array<[string, boolean]> = [['a', false], ['jo', false], ['lee', false], ['john', true], ['smith', true], ['deckow', true]];
for (const [word, may] of typoCases) {
  test(`mayHaveTypo(${word}) = ${may}: a word of ${TYPO_MIN_LENGTH} letters or more`, () => assert.is(mayHaveTypo(word), may));
}

test.run();
