/**
 * Table-driven tests of what the search asks the indexes for: a distinctive part of the typed contact, which name
 * words may carry a typo, and which inputs run on a generic plan (names and e-mail, not numbers).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emailIndexPart, phoneIndexPart } from './account-search-sql.js';
import { mayHaveTypo } from './account-search-names.js';
import { keepsGenericPlan } from './account-search.js';
import { planSearch, TYPO_MIN_LENGTH } from './search-query.js';

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

const genericCases: Array<[string, boolean]> = [
  ['john smith', true], ['smith', true], ["o'brien-lee", true], ['jsmith42@example.com', true], ['mith42', true], ['example.com', true],
  ['WU-10001', false], ['wu-100', false], ['10002', false], ['2175550142', false], ['(217) 555-0142', false], ['m-5678', false],
];
for (const [q, generic] of genericCases) {
  test(`"${q}" ${generic ? 'runs on a generic plan' : 'is planned as it runs'}`, () => assert.is(keepsGenericPlan(planSearch(q, q.toLowerCase())), generic));
}

test.run();
