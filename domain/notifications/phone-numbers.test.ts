/** Unit tests of the phone number rule (E.164 for the SMS channel). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toE164 } from './phone-numbers.js';

test('phone numbers become E.164; anything else is not a number to text', () => {
  const cases: Array<[string, string | null]> = [
    ['(555) 010-2030', '+15550102030'], ['555.010.2030', '+15550102030'], ['1-555-010-2030', '+15550102030'],
    ['+44 20 7946 0958', '+442079460958'], ['010-2030', null], ['', null],
  ];
  for (const [input, expected] of cases) assert.is(toE164(input), expected, input);
});

test.run();
