/** The API processes' heap flags: added once, and an operator's own setting wins. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { API_SEMI_SPACE_MB, withApiHeapFlags } from './api-heap.js';

const cases: { given: string[]; expected: string[] }[] = [
  { given: [], expected: [`--max-semi-space-size=${API_SEMI_SPACE_MB}`] },
  { given: ['--cpu-prof'], expected: ['--cpu-prof', `--max-semi-space-size=${API_SEMI_SPACE_MB}`] },
  { given: ['--max-semi-space-size=64'], expected: ['--max-semi-space-size=64'] },
];

test('withApiHeapFlags adds the semi-space limit unless one is given', () => {
  for (const { given, expected } of cases) assert.equal(withApiHeapFlags(given), expected, given.join(' '));
});

test.run();
