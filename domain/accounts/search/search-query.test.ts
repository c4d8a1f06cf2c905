// Unit tests of the search input planning: cleaning, name words, one-edit candidates, phone digits and the plan.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  cleanQuery, escapeLike, nameTokens, phoneDigits, planSearch, prefixUpperBound, withinOneEdit, withOneDeletion, withOneEdit,
  type SearchPlan,
} from './search-query.js';

const cleanCases: Array<[string, string]> = [['  john   doe ', 'john doe'], ['\tWU-100\n', 'WU-100'], ['', '']];
for (const [input, expected] of cleanCases) {
  test(`cleanQuery(${JSON.stringify(input)}) = ${JSON.stringify(expected)}`, () => assert.is(cleanQuery(input), expected));
}

const tokenCases: Array<[string, string[]]> = [
  ['john doe', ['john', 'doe']],
  ["o'brien-smith  jo", ['o', 'brien', 'smith', 'jo']],
  ['john.doe', ['john', 'doe']],
  ['a b c d e f g', ['a', 'b', 'c', 'd', 'e']],
  ['--', []],
];
for (const [input, expected] of tokenCases) {
  test(`nameTokens(${JSON.stringify(input)})`, () => assert.equal(nameTokens(input), expected));
}

const editCases: Array<[string, string, boolean]> = [
  ['john', 'john', true], ['jhon', 'john', true], ['smiht', 'smith', true], ['jon', 'john', true], ['johnn', 'john', true],
  ['ohn', 'john', true], ['jahn', 'john', true], ['john', 'jane', false], ['jhno', 'john', false], ['jo', 'john', false],
  ['ab', 'ba', true], ['', 'a', true], ['abc', 'abd', true], ['abcd', 'badc', false],
];
for (const [a, b, expected] of editCases) {
  test(`withinOneEdit(${a}, ${b}) is ${expected} both ways`, () => {
    assert.is(withinOneEdit(a, b), expected);
    assert.is(withinOneEdit(b, a), expected);
  });
}

test('withOneEdit yields the word and exactly the strings one edit away', () => {
  const variants = withOneEdit('jhon');
  assert.ok(variants.includes('jhon'));
  assert.ok(variants.includes('john'), 'swap');
  assert.ok(variants.includes('jon'), 'delete');
  assert.ok(variants.includes('jhonn'), 'insert');
  assert.ok(variants.includes('jhan'), 'substitute');
  assert.is(new Set(variants).size, variants.length, 'no duplicates');
  for (const v of variants) assert.ok(withinOneEdit(v, 'jhon'), v);
  assert.not.ok(variants.includes(''));
});

test('withOneEdit of a 6-letter word stays a few hundred strings', () => {
  const n = withOneEdit('smithe').length;
  assert.ok(n > 300 && n < 400, String(n));
});

test('withOneDeletion: the word and the word less each letter', () => {
  assert.equal(withOneDeletion('john').sort(), ['jhn', 'joh', 'john', 'jon', 'ohn']);
  assert.equal(withOneDeletion('aab').sort(), ['aa', 'aab', 'ab']);
  assert.equal(withOneDeletion('a'), ['a']);
});

test('every word one edit away shares a deletion with the word (so the deletions find every typo)', () => {
  for (const word of ['jhon', 'smiht', 'leuschke', 'o2', 'abba', 'mclaughlin']) {
    const own = new Set(withOneDeletion(word));
    for (const variant of withOneEdit(word)) {
      assert.ok(withOneDeletion(variant).some((d) => own.has(d)), `${word} ~ ${variant}`);
    }
  }
});

const phoneCases: Array<[string, string | null]> = [
  ['(217) 555-0134', '2175550134'], ['217.555.0134', '2175550134'], ['+1 217 555 0134', '2175550134'],
  ['555-0134', '5550134'], ['0134', '0134'], ['123', null], ['john', null], ['12-ab', null],
];
for (const [input, expected] of phoneCases) {
  test(`phoneDigits(${JSON.stringify(input)}) = ${expected}`, () => assert.is(phoneDigits(input), expected));
}

const upperBoundCases: Array<[string, string]> = [['smith', 'smiti'], ['a', 'b'], ['az', 'a{'], ['doe9', 'doe:']];
for (const [prefix, bound] of upperBoundCases) {
  test(`prefixUpperBound(${prefix}) = ${bound}`, () => assert.is(prefixUpperBound(prefix), bound));
}

test('escapeLike escapes the wildcards and the escape character', () => {
  assert.is(escapeLike('50%_a\\b'), '50\\%\\_a\\\\b');
});

type Expect = Partial<SearchPlan>;
const planCases: Array<[string, string, Expect]> = [
  ['10001', '10001', { accountExact: 'WU-10001', accountPrefix: 'WU-10001', accountDigits: '10001', phoneDigits: '10001', meterDigits: '10001', nameTokens: [], email: null }],
  ['wu-10001', 'wu-10001', { accountExact: 'WU-10001', accountPrefix: 'WU-10001', accountDigits: null, nameTokens: [], phoneDigits: null }],
  ['WU-100', 'wu-100', { accountExact: null, accountPrefix: 'WU-100', nameTokens: [], meterPrefix: null }],
  ['wu100', 'wu100', { accountExact: null, accountPrefix: 'WU-100', nameTokens: [] }],
  ['wu', 'wu', { accountPrefix: null, nameTokens: ['wu'] }],
  ['12', '12', { accountPrefix: 'WU-12', accountDigits: null, meterDigits: null, phoneDigits: null }],
  ['John Doe', 'john doe', { nameTokens: ['john', 'doe'], accountExact: null, email: null, phoneDigits: null }],
  ['José', 'jose', { nameTokens: ['jose'], email: 'jose', emailInside: false }],
  ['jsmith42', 'jsmith42', { nameTokens: ['jsmith42'], email: 'jsmith42', emailInside: true }],
  ['john.doe', 'john.doe', { nameTokens: ['john', 'doe'], email: 'john.doe', emailInside: true }],
  ['john.doe@example.com', 'john.doe@example.com', { email: 'john.doe@example.com', emailInside: true, nameTokens: [] }],
  ['(217) 555-0134', '(217) 555-0134', { phoneDigits: '2175550134', nameTokens: [], accountExact: null, email: null }],
  ['M-5678', 'm-5678', { meterPrefix: 'M-5678', meterDigits: null, nameTokens: [], accountPrefix: null }],
  ['m5678', 'm5678', { meterPrefix: 'M-5678', nameTokens: [] }],
  ['jo', 'jo', { nameTokens: ['jo'], email: null }],
];
for (const [raw, folded, expected] of planCases) {
  test(`planSearch(${JSON.stringify(raw)})`, () => {
    const plan = planSearch(raw, folded);
    for (const [key, value] of Object.entries(expected)) assert.equal(plan[key as keyof SearchPlan], value, key);
  });
}

test('number-shaped input is not looked up as a name', () => {
  for (const q of ['wu-100', 'M-5678', '555-0134', 'a@b.c', '10001']) assert.equal(planSearch(q, q.toLowerCase()).nameTokens, [], q);
});

test.run();
