/** Statements named by their shape (prepared-query.ts, `namedByShape`): one name per text, and a bound on how many. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_NAMED_SHAPES, namedByShape, statementNameOf } from './prepared-query.js';

test('a text seen again gets the name it got the first time; another text gets another name', () => {
  const first = namedByShape('with a as (insert into t values ($1)) select 1');
  assert.ok(statementNameOf(first), first);
  assert.ok(first.endsWith(' with a as (insert into t values ($1)) select 1'), 'the text follows its name');
  assert.is(namedByShape('with a as (insert into t values ($1)) select 1'), first);
  const second = namedByShape('with a as (insert into t values ($1), ($2)) select 1');
  assert.is.not(statementNameOf(second), statementNameOf(first));
});

test(`past ${MAX_NAMED_SHAPES} shapes a new text goes unnamed, and the named ones keep their names`, () => {
  const kept = namedByShape('select $1 as kept');
  for (let i = 0; i < MAX_NAMED_SHAPES; i++) namedByShape(`select $1 as shape_${i}`);
  assert.is(namedByShape('select $1 as one_too_many'), 'select $1 as one_too_many');
  assert.is(statementNameOf(namedByShape('select $1 as one_too_many')), undefined);
  assert.is(namedByShape('select $1 as kept'), kept);
});

test.run();
