/**
 * Queries of a fixed shape, built and compiled once per process and then run with new
 * values: the hot read paths (an account's header and its facts, the unfiltered timeline,
 * the caller's token or session, the dashboard) skip the query builder's per-call work.
 *
 * They also skip PostgreSQL's planner. A statement sent without a name is parsed and planned
 * again on every run: for the profile's statement (a dozen sub-selects) that planning took
 * ~1.9 ms of PostgreSQL CPU against ~0.8 ms to execute it (EXPLAIN at 1,000,000 accounts,
 * BENCHMARKS.md). So each of these statements carries a name (`/*named:N*\/` at its start, read by
 * infra/database/named-statement-client.ts), and the server keeps it prepared per connection.
 * The query's own constants (statuses, limits, kinds) are written into its text, so only the
 * caller's arguments remain parameters: PostgreSQL then finds its generic plan as cheap as a
 * planned one and keeps it (with constants as parameters its estimate was 2.5 times worse, and
 * it would plan every run anyway).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Compilable, CompiledQuery, RawBuilder } from 'kysely';
import { db, type Db } from './database.js';

/** Stands in for the n-th argument while the query is built; each run puts the argument's value in its place. */
class Slot {
  constructor(readonly index: number) {}
}

/** How a statement's text names it: `/*named:N*\/ select …`. */
const NAME_MARK = '/*named:';
let statementsNamed = 0;

/** The name a statement's text carries (see the header), or undefined for every other statement. */
export function statementNameOf(text: string): string | undefined {
  if (!text.startsWith(NAME_MARK)) return undefined;
  const end = text.indexOf('*/');
  return end > NAME_MARK.length ? `cistern_${text.slice(NAME_MARK.length, end)}` : undefined;
}

/** A constant as SQL text, or undefined when it should stay a parameter (anything but a string, a boolean or a safe integer). */
function literalOf(value: unknown): string | undefined {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value < 0 ? `(${value})` : String(value);
  return undefined;
}

/**
 * The compiled query with its constants written into the text and its arguments renumbered
 * `$1…$n` in order: what is left to bind is the arguments (and any constant that has no literal).
 * When the text's placeholders are not exactly `$1…$n` in order, it is returned as compiled.
 */
export function inlineConstants<Row>(compiled: CompiledQuery<Row>): CompiledQuery<Row> {
  const placeholders = [...compiled.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  if (placeholders.length !== compiled.parameters.length || placeholders.some((n, i) => n !== i + 1)) return compiled;
  const parameters: unknown[] = [];
  const text = compiled.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = compiled.parameters[Number(n) - 1];
    const literal = value instanceof Slot ? undefined : literalOf(value);
    if (literal !== undefined) return literal;
    parameters.push(value);
    return `$${parameters.length}`;
  });
  return { ...compiled, sql: text, parameters };
}

/** The query built over slots for its arguments and compiled, its constants in the text: what each run binds into. */
export function compiledWithSlots<Args extends unknown[], Row>(q: Db, arity: Args['length'], build: (q: Db, ...args: Args) => Compilable<Row>): CompiledQuery<Row> {
  return inlineConstants(build(q, ...(Array.from({ length: arity }, (_, index) => new Slot(index)) as Args)).compile());
}

/** The statement's text with a name of its own in front (see the header). */
export function named(text: string): string {
  statementsNamed += 1;
  return `${NAME_MARK}${statementsNamed}*/ ${text}`;
}

/**
 * Names for statements whose text is their shape, with every value a parameter: the first time a text is
 * seen it gets a name, so each connection plans it once. Past `max` distinct texts a new one is sent unnamed,
 * so a caller whose shapes do not recur cannot make every connection keep an unbounded number of statements.
 */
export class ShapeNames {
  private readonly names = new Map<string, string>();

  constructor(readonly max: number) {}

  /** The text with its shape's name in front, or the text as it is once `max` shapes are named. */
  named(text: string): string {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= this.max) return text;
    const name = named(text);
    this.names.set(text, name);
    return name;
  }
}

/** How many statement shapes `namedByShape` names in a process; a shape past them goes unnamed (each name is kept by every connection). */
export const MAX_NAMED_SHAPES = 200;
const writeShapes = new ShapeNames(MAX_NAMED_SHAPES);

/**
 * The writes of a payment or a reading sent as one statement (domain/common/writes-together.ts), named by
 * their shape (`ShapeNames`). A few shapes recur (with or without allocations, one or two audit rows).
 */
export function namedByShape(text: string): string {
  return writeShapes.named(text);
}

/** The compiled query's parameters with each slot replaced by its argument. */
export function bind(compiled: CompiledQuery<unknown>, args: readonly unknown[]): unknown[] {
  return compiled.parameters.map((value) => (value instanceof Slot ? args[value.index] : value));
}

/** Which argument stands in each of the compiled query's parameters; null when one of them is a constant, not an argument. */
export function slotIndexes(compiled: CompiledQuery<unknown>): number[] | null {
  const indexes = compiled.parameters.map((value) => (value instanceof Slot ? value.index : -1));
  return indexes.includes(-1) ? null : indexes;
}

/** A raw `sql` statement as `preparedQuery`'s build returns it: a RawBuilder compiles only when given the database. */
export function compilableSql<Row>(q: Db, query: RawBuilder<Row>): Compilable<Row> {
  return { compile: () => query.compile(q) };
}

/**
 * `build(q, ...args)` written as usual, with the arguments used only as values (compared,
 * inserted, limited), never to choose the query's shape. Returns a function that runs the
 * compiled, named statement in the entity manager's transaction, as `db(em)` would.
 */
export function preparedQuery<Args extends unknown[], Row>(arity: Args['length'], build: (q: Db, ...args: Args) => Compilable<Row>) {
  let compiled: CompiledQuery<Row> | undefined;
  const compile = (q: Db): CompiledQuery<Row> => {
    const inlined = compiledWithSlots(q, arity, build);
    return { ...inlined, sql: named(inlined.sql) };
  };
  return async (em: EntityManager, ...args: Args): Promise<Row[]> => {
    const q = db(em);
    compiled ??= compile(q);
    const { rows } = await q.executeQuery<Row>({ ...compiled, parameters: bind(compiled, args) });
    return rows;
  };
}
