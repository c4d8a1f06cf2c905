/**
 * The name part of the account search (docs/rules.md#search): each typed word is looked up as a word
 * of the folded name (exact, or one typo away) or as the start of the folded first or last name.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../common/database.js';
import { CARRIED, CARRY, FULL_NAME, type Hit } from './account-search-sql.js';
import { TYPO_MIN_LENGTH, withOneEdit, type SearchPlan } from './search-query.js';

/** The smallest string greater than every string starting with `prefix` (keys are a-z/0-9, compared bytewise). */
export function prefixUpperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

const FIRST_KEY = sql<string>`f_name_key(a.first_name)`;
const LAST_KEY = sql<string>`f_name_key(a.last_name)`;
const NAME_WORDS = sql<string[]>`f_name_words(a.first_name, a.last_name)`;

/** `array[$1, $2, …]::text[]`: the words as one text array. */
function textArray(words: string[]) {
  return sql<string[]>`array[${sql.join(words)}]::text[]`;
}

/**
 * The accounts one typed word matches, with how well: 0 a word of the name, 1 the start
 * of the first or last name, 2 a word one typo away. Each lookup is an index condition
 * with no per-row folding (`&&` on the words' GIN index; ranges rather than LIKE on the
 * name keys).
 */
function tokenLookups(db: Db, token: string, position: number) {
  const upper = prefixUpperBound(token);
  const select = (tier: number) => db.selectFrom('account as a').select([
    'a.id as account_id', sql.lit(position).as('token_no'), sql.lit(tier).as('tier'), 'a.first_name', 'a.last_name', ...CARRY,
  ]);
  const parts = [
    select(0).where(NAME_WORDS, '&&', textArray([token])),
    select(1).where(sql<SqlBool>`(${FIRST_KEY} ~>=~ ${token} and ${FIRST_KEY} ~<~ ${upper}) or (${LAST_KEY} ~>=~ ${token} and ${LAST_KEY} ~<~ ${upper})`),
  ];
  if (token.length >= TYPO_MIN_LENGTH) {
    // In a sub-select, so the planner takes the candidates as one opaque array rather than estimating each.
    parts.push(select(2).where(NAME_WORDS, '&&', sql<string[]>`(select ${textArray(withOneEdit(token))})`));
  }
  return parts;
}

/** Words shorter than this are checked on the other words' candidates rather than looked up (a 1-letter prefix matches thousands). */
const LOOKUP_MIN_LENGTH = 3;

/** How well a short word matches a candidate's folded first/last name keys `fk`, `lk` (0 a whole key, 1 a prefix, 9 no). */
function shortTokenTier(token: string) {
  return sql<number>`case when k.fk = ${token} or k.lk = ${token} then 0 when starts_with(k.fk, ${token}) or starts_with(k.lk, ${token}) then 1 else 9 end`;
}

/**
 * Accounts where every typed word matches a part of the name, in any order; the tier is
 * that of the worst-matching word (all exact → 2, or 1 when the whole name was typed in
 * either order; some prefix → 3; some typo → 5). Words of 3 letters or more are looked
 * up; shorter ones are then checked on those candidates only.
 */
export function nameBranch(db: Db, plan: SearchPlan): Expression<Hit> | null {
  if (!plan.nameTokens.length) return null;
  const long = plan.nameTokens.filter((t) => t.length >= LOOKUP_MIN_LENGTH);
  const looked = long.length ? long : plan.nameTokens;
  const checks = long.length ? plan.nameTokens.filter((t) => t.length < LOOKUP_MIN_LENGTH).map(shortTokenTier) : [];
  const row = ['account_id', 'first_name', 'last_name', ...CARRIED] as const;
  const [first, ...rest] = looked.flatMap((token, i) => tokenLookups(db, token, i));
  const tokenHits = first.unionAll(rest);
  const perToken = db.selectFrom(tokenHits.as('token_hits'))
    .select((eb) => [...row, 'token_no', eb.fn.min('tier').as('best')])
    .groupBy([...row, 'token_no']);
  const everyToken = db.selectFrom(perToken.as('per_token'))
    .select((eb) => [...row, eb.fn.max('best').as('best')])
    .groupBy([...row])
    .having((eb) => eb(eb.fn.countAll(), '=', looked.length));
  const graded = db.selectFrom(everyToken.as('n'))
    .$if(checks.length > 0, (q) => q.crossJoinLateral(db.selectNoFrom([
      sql<string>`f_name_key(n.first_name)`.as('fk'), sql<string>`f_name_key(n.last_name)`.as('lk'),
    ]).as('k')))
    .selectAll('n')
    .select(sql<number>`greatest(${sql.join([sql.ref('n.best'), ...checks])})`.as('tier'));
  return db.selectFrom(graded.as('graded'))
    .select([
      'account_id',
      sql<number>`case when tier = 0 and (lower(f_unaccent(first_name || ' ' || last_name)) = ${plan.folded}
                                          or lower(f_unaccent(last_name || ' ' || first_name)) = ${plan.folded}) then 1
                       when tier = 0 then 2 when tier = 1 then 3 else 5 end`.as('tier'),
      sql<number>`0::real`.as('score'),
      ...CARRIED,
    ])
    .where('tier', '<', sql.lit(9));
}

/**
 * Names similar to the whole input as trigram sets (several typos, words run together):
 * the fallback when nothing else matched, since every candidate costs a folding.
 */
export function similarNameBranch(db: Db, plan: SearchPlan): Expression<Hit> | null {
  if (!plan.nameTokens.length || plan.folded.length < 4) return null;
  return db.selectFrom('account as a')
    .select(['a.id as account_id', sql.lit(6).as('tier'), sql<number>`similarity(${FULL_NAME}, ${plan.folded})`.as('score'), ...CARRY])
    .where(sql<SqlBool>`${FULL_NAME} % ${plan.folded}`);
}
