/** Table-driven tests of the portal registration rules: name matching, outcomes, letters and limits. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type AccountOnFile, comparableName, detailsMatch, lettersFor, overLimit, registrationOutcome } from './registration-rules.js';

test('names compare without accents, case, extra spaces or typographic apostrophes', () => {
  const same: [string, string][] = [['Doe', 'doe'], ['Peña', 'pena'], ['  van   der Berg ', 'Van der Berg'], ['O’Brien', "o'brien"], ['Smith‐Jones', 'smith-jones']];
  for (const [a, b] of same) assert.is(comparableName(a), comparableName(b), `${a} ~ ${b}`);
  assert.is.not(comparableName('Doe'), comparableName('Dow'));
});

test('the details match only with the right last name and the latest bill’s exact amount', () => {
  const onFile: AccountOnFile = { lastName: 'Doe', latestBillAmountCents: 4_250 };
  const cases: [AccountOnFile | null, string, number, boolean][] = [
    [onFile, 'doe', 4_250, true],
    [onFile, 'Doe', 4_251, false],
    [onFile, 'Roe', 4_250, false],
    [{ lastName: 'Doe', latestBillAmountCents: null }, 'Doe', 0, false],
    [null, 'Doe', 4_250, false],
  ];
  for (const [file, name, cents, expected] of cases) assert.is(detailsMatch(file, name, cents), expected, `${name} ${cents}`);
});

test('the outcome: no match first, then an e-mail in use, then an account that already has access', () => {
  const cases: [boolean, boolean, boolean, string][] = [
    [false, true, true, 'no_match'],
    [true, true, true, 'email_in_use'],
    [true, false, true, 'account_taken'],
    [true, false, false, 'confirm'],
  ];
  for (const [matched, emailInUse, accountHasConsumer, outcome] of cases) {
    assert.is(registrationOutcome({ matched, emailInUse, accountHasConsumer }), outcome);
  }
});

test('letters: nothing for no match; the e-mail on file is told when it differs from the one typed', () => {
  const cases: [Parameters<typeof lettersFor>, string[]][] = [
    [['no_match', 'a@x.example', 'b@x.example'], []],
    [['confirm', 'a@x.example', 'b@x.example'], ['confirm_link', 'on_file_notice']],
    [['confirm', 'a@x.example', 'A@X.example '], ['confirm_link']],
    [['confirm', 'a@x.example', null], ['confirm_link']],
    [['email_in_use', 'a@x.example', 'b@x.example'], ['email_in_use', 'on_file_notice']],
    [['account_taken', 'a@x.example', null], ['account_taken']],
  ];
  for (const [args, letters] of cases) assert.equal(lettersFor(...args), letters, args.join(' '));
});

test('five requests an hour per e-mail and per account; the sixth is over', () => {
  assert.not.ok(overLimit({ byEmail: 4, byAccount: 4 }));
  assert.ok(overLimit({ byEmail: 5, byAccount: 0 }));
  assert.ok(overLimit({ byEmail: 0, byAccount: 5 }));
});

test.run();
