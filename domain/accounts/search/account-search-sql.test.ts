/**
 * Table-driven tests of what the search asks the indexes for: a distinctive part of the typed contact, and which name
 * words may carry a typo.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emailIndexPart, digitsIndexPart } from './account-search-sql.js';
import { mayHaveTypo } from './account-search-names.js';
import { TYPO_MIN_LENGTH } from './search-query.js';

/** Phone numbers, account and meter numbers alike: the last 6 digits, or all of fewer. */
const digitsCases: Array<[string, string]> = [
  ['2175550134', '550134'], ['5550134', '550134'], ['550134', '550134'], ['0134', '0134'], ['21755501349', '501349'], ['1000', '1000'], ['2174223744', '223744'],
];
for (const [digits, part] of digitsCases) {
  test(`digitsIndexPart(${digits}) = ${part}`, () => assert.is(digitsIndexPart(digits), part));
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
