/**
 * A prepared query (prepared-query.ts) whose calls made at about the same moment outside a
 * transaction run as ONE named statement (call-groups.ts): the group's arguments go in as arrays,
 * and the query runs once per call, joined laterally to them:
 *
 *   select k.coalesced_call, q.* from unnest((select $1::text[]), (select $2::date[])) with ordinality as k(a1, a2, coalesced_call)
 *     cross join lateral (<the query, its arguments read from k>) as q
 *
 * Each call gets the rows of its own arguments, read by a statement sent after it was made: nothing
 * is cached, so what a call sees is as fresh as with a statement of its own. Only for queries of at
 * most one row per call (the caller's session or token, an account's profile row): their rows are
 * answered in the order PostgreSQL returns them. A query without arguments shares its one answer
 * among the calls of the group.
 *
 * Inside a transaction a call runs alone, in that transaction. When the grouped statement fails
 * (an argument the database refuses), each call runs alone, so only the refused call fails.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Compilable, CompiledQuery } from 'kysely';
import { callGroup } from './call-groups.js';
import { remembered } from './remembered.js';
import { db, type Db } from './database.js';
import { compiledWithSlots, named, preparedQuery, slotIndexes } from './prepared-query.js';

/** The PostgreSQL type of each argument, as its array is cast (`text`, `int4`, `date`). */
export type ArgumentTypes<Args extends unknown[]> = { [K in keyof Args]: 'text' | 'int4' | 'date' };

const CALL_COLUMN = 'coalesced_call';

interface Call<Args> { em: EntityManager; args: Args }

/**
 * The grouped statement: `compiled`'s text inside the lateral join, each `$n` replaced by the column of the
 * argument it stood for. Undefined when the query cannot be grouped (a parameter that is not an argument).
 */
function groupedText(compiled: CompiledQuery<unknown>, types: readonly string[]): string | undefined {
  const slots = slotIndexes(compiled);
  // Every `$n` in the text must be a parameter (no constant written in holds one), or the replacement would misplace it.
  if (!slots || (compiled.sql.match(/\$\d+/g) ?? []).length !== slots.length) return undefined;
  if (types.length === 0) return named(compiled.sql);
  const inner = compiled.sql.replace(/\$(\d+)/g, (_, n: string) => `k.a${slots[Number(n) - 1] + 1}`);
  // Each array behind a sub-select: the planner then cannot count its elements, so a group of one and a group of
  // ten are estimated alike and PostgreSQL keeps one generic plan (counted, every run was planned again: ~1 ms for the profile).
  const arrays = types.map((type, i) => `(select $${i + 1}::${type}[])`).join(', ');
  const columns = types.map((_, i) => `a${i + 1}`).join(', ');
  return named(`select k.${CALL_COLUMN}::int as ${CALL_COLUMN}, q.* from unnest(${arrays}) with ordinality as k(${columns}, ${CALL_COLUMN}) cross join lateral (${inner}) as q`);
}

/** The grouped statement's rows, each call's under its position in the group. */
function rowsByCall<Row>(rows: Array<Row & { [CALL_COLUMN]?: number }>, calls: number, shared: boolean): Row[][] {
  if (shared) return Array.from({ length: calls }, () => rows);
  const answers = Array.from({ length: calls }, (): Row[] => []);
  for (const { [CALL_COLUMN]: position, ...row } of rows) answers[(position as number) - 1].push(row as Row);
  return answers;
}

/**
 * `build(q, ...args)` as for `preparedQuery`, returning at most one row per call; `types` names each
 * argument's PostgreSQL type. Returns a function with the same signature as `preparedQuery`'s.
 */
export function coalescedQuery<Args extends unknown[], Row>(types: NoInfer<ArgumentTypes<Args>>, build: (q: Db, ...args: Args) => Compilable<Row>) {
  const alone = preparedQuery<Args, Row>(types.length, build);
  let grouped: { compiled: CompiledQuery<Row>; text: string } | null | undefined;
  const groups = new WeakMap<object, (call: Call<Args>) => Promise<Row[]>>();

  const run = async (calls: readonly Call<Args>[]): Promise<Array<Row[] | Error>> => {
    const { compiled, text } = grouped as { compiled: CompiledQuery<Row>; text: string };
    const parameters = types.map((_, i) => calls.map((call) => call.args[i]));
    try {
      const { rows } = await db(calls[0].em).executeQuery<Row & { [CALL_COLUMN]?: number }>({ ...compiled, sql: text, parameters });
      return rowsByCall(rows, calls.length, types.length === 0);
    } catch (error) {
      if (calls.length === 1) return [error as Error];
      // One call's argument may be what the database refused: alone, only that call fails.
      return Promise.all(calls.map((call) => alone(call.em, ...call.args).catch((failure: Error) => failure)));
    }
  };
  const newGroup = () => callGroup(run);

  return async (em: EntityManager, ...args: Args): Promise<Row[]> => {
    if (grouped === undefined) {
      const compiled = compiledWithSlots(db(em), types.length, build);
      const text = groupedText(compiled, types);
      grouped = text === undefined ? null : { compiled, text };
    }
    if (grouped === null || em.isInTransaction()) return alone(em, ...args);
    // One group per connection pool: the calls of one database go together (a process may hold several, as the tests do).
    const pool = em.getConnection();
    return remembered(groups, pool, newGroup)({ em, args });
  };
}
