/** Which database errors are the data's fault (refused on every try) and which may pass when tried again. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isDataRefusal } from './database-refusal.js';

const pgError = (code: string) => Object.assign(new Error(`SQLSTATE ${code}`), { code });

const cases: Array<[string, unknown, boolean]> = [
  ['a date out of range (22008)', pgError('22008'), true],
  ['a NUL in text (22021)', pgError('22021'), true],
  ['a check constraint (23514)', pgError('23514'), true],
  ['a foreign key (23503)', pgError('23503'), true],
  ['the same, wrapped by the ORM (its cause)', Object.assign(new Error('wrapped'), { cause: pgError('23505') }), true],
  ['a deadlock (40P01)', pgError('40P01'), false],
  ['a serialization failure (40001)', pgError('40001'), false],
  ['the server shutting down (57P01)', pgError('57P01'), false],
  ['a connection refused (a Node code)', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), false],
  ['a plain error', new Error('boom'), false],
  ['nothing', null, false],
];

for (const [name, error, expected] of cases) {
  test(name, () => assert.is(isDataRefusal(error), expected));
}

test.run();
