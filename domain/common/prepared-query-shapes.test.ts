/** Statements named by their shape (prepared-query.ts, `ShapeNames` and `namedByShape`): one name per text, and a bound on how many. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_NAMED_SHAPES, namedByShape, ShapeNames, statementNameOf } from './prepared-query.js';

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

test('each registry of shapes has its own bound, and names never collide across registries', () => {
  const few = new ShapeNames(2);
  const other = new ShapeNames(2);
  const a = few.named('select $1 as a');
  const b = few.named('select $1 as b');
  assert.is(few.named('select $1 as c'), 'select $1 as c', 'the third shape goes unnamed');
  assert.is(few.named('select $1 as a'), a);
  const elsewhere = other.named('select $1 as c');
  assert.ok(statementNameOf(elsewhere), 'another registry still names it');
  assert.is(new Set([a, b, elsewhere].map(statementNameOf)).size, 3);
});

test.run();
