/**
 * The name part of the account search (docs/rules.md#search): each typed word is looked up as a word
 * of the folded name (exact, or one typo away) or as the start of the folded first or last name.
 * With several words the indexes intersect them before any row is read.
 */
import { sql, type AliasableExpression, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../common/database.js';
import { CARRIED, CARRY, FULL_NAME, startsWith, type Hit } from './account-search-sql.js';
import { TYPO_MIN_LENGTH, withOneDeletion, type SearchPlan } from './search-query.js';

const FIRST_KEY = sql<string>`f_name_key(a.first_name)`;
const LAST_KEY = sql<string>`f_name_key(a.last_name)`;
const NAME_WORDS = sql<string[]>`f_name_words(a.first_name, a.last_name)`;

/** `array[$1, $2, …]::text[]`: the words as one text array. */
function textArray(words: string[]) {
  return sql<string[]>`array[${sql.join(words)}]::text[]`;
}

/** Whether a typed word may carry a typo: long enough (TYPO_MIN_LENGTH) to have typo variants at all. */
export function mayHaveTypo(token: string): boolean {
  return token.length >= TYPO_MIN_LENGTH;
}

/**
 * `token` is one of the name's words. Planned per search, the planner estimates the word from the index's
 * statistics; on the generic-plan connections (account-search.ts) the word is a parameter and the plan is the
 * one kept for every word (tests/account-search-names.test.ts asks every name rule on both).
 */
function hasWord(token: string) {
  return sql<SqlBool>`${NAME_WORDS} && ${textArray([token])}`;
}

/**
 * A name word is one typo away from `token`. The candidates come from the table of name words by
 * their one-letter deletions (two words one edit apart share one), each checked by the database's
 * `f_one_typo_apart` (migration 20261214090000: the rule of `withOneEdit`); the name index is then
 * asked for those few words only (in a sub-select, so the planner takes them as one opaque array).
 * The token's hundreds of exact variants are never made or sent: they were a third of a name search's
 * API CPU under load (BENCHMARKS.md, "The typo variants the search no longer sends").
 */
function hasTypoOf(db: Db, token: string) {
  const neighbours = db.selectFrom('name_word_deletion as d')
    .select(sql<string[]>`coalesce(array_agg(distinct d.word), '{}')`.as('words'))
    .where(sql<SqlBool>`d.deletion = any(${withOneDeletion(token)}::text[]) and f_one_typo_apart(d.word, ${token})`);
  return sql<SqlBool>`${NAME_WORDS} && ${neighbours}`;
}

/** The folded first or last name starts with `token` or is it. */
function keyStarts(token: string) {
  return sql<SqlBool>`${startsWith(FIRST_KEY, token)} or ${startsWith(LAST_KEY, token)}`;
}

const ROW = ['account_id', 'first_name', 'last_name', ...CARRIED] as const;

/** A matched account with its name and `best`: how well its worst-matching word matched (0 a name word, 1 a prefix, 2 a typo). */
type NameRow = Omit<Hit, 'tier' | 'score'> & { first_name: string; last_name: string; best: number };

function selectName(db: Db) {
  return db.selectFrom('account as a').select(['a.id as account_id', 'a.first_name', 'a.last_name', ...CARRY]);
}

/**
 * `token` is a word of a name whose words are more than its two keys (`O'Brien-Lee`, `Anne-Marie`); for every other
 * name a word is a key. `has_other_name_words` is a stored column (computed when the names change) and the condition
 * of the GIN index over those names only (migrations 20261208090000 and 20261209090000).
 */
function hasOtherWord(token: string) {
  return sql<SqlBool>`${NAME_WORDS} && ${textArray([token])} and a.has_other_name_words`;
}

/**
 * One looked-up word, close matches: the accounts where it is a name word (0) or the start of the first or last
 * name (1). Each way is a branch of its own that one index answers without reading the table (the key indexes
 * carry every column a match needs: migration 20261208090000): a common last name matched ~2,000 accounts, and
 * reading a table page for each was most of the search's time. Joined by OR, they would be one bitmap scan,
 * which reads the table. An account found several ways (`Smith Smithers`) comes several times: the search keeps
 * each account's best tier (`rankedPage`), so it is not grouped here too.
 */
function oneWordClose(db: Db, token: string) {
  const select = (tier: number) => selectName(db).select(sql.lit(tier).as('best'));
  return select(0).where(sql<SqlBool>`${FIRST_KEY} = ${token}`)
    .unionAll(select(0).where(sql<SqlBool>`${LAST_KEY} = ${token}`))
    .unionAll(select(0).where(hasOtherWord(token)))
    .unionAll(select(1).where(startsWith(FIRST_KEY, token, { longer: true })))
    .unionAll(select(1).where(startsWith(LAST_KEY, token, { longer: true })));
}

/** One looked-up word, typos: the accounts with a name word one typo away (2); the word is not its own typo. */
function oneWordTypos(db: Db, token: string) {
  return selectName(db).select(sql.lit(2).as('best')).where(hasTypoOf(db, token));
}

/**
 * Several looked-up words: the accounts where every word is a name word, a name's start or (with
 * `typos`) a word one typo away, as one condition the indexes answer together (a BitmapAnd of one
 * BitmapOr per word), so only the few accounts matching all of them are read. How well each
 * word matched is then told on those rows (folding their names once, ~10 µs a row).
 */
function everyWord(db: Db, tokens: string[], typos: boolean) {
  // The word and its typos as two index conditions: GIN's work on one is (keys × accounts found), and
  // the typo keys then meet only the accounts of real neighbours, not the word's own.
  const anyWay = (token: string) => {
    const typo = typos && mayHaveTypo(token) ? sql<SqlBool>` or ${hasTypoOf(db, token)}` : sql<SqlBool>``;
    return sql<SqlBool>`(${hasWord(token)}${typo} or ${keyStarts(token)})`;
  };
  const candidates = selectName(db).where(sql<SqlBool>`${sql.join(tokens.map(anyWay), sql` and `)}`);
  const tierOf = (token: string) =>
    sql<number>`case when ${token} = any(k.words) then 0 when starts_with(k.fk, ${token}) or starts_with(k.lk, ${token}) then 1 else 2 end`;
  return db.selectFrom(candidates.as('n'))
    .crossJoinLateral(foldedName(db))
    .select([...ROW.map((column) => `n.${column}` as const), sql<number>`greatest(${sql.join(tokens.map(tierOf))})`.as('best')]);
}

/** A candidate's folded name words and first/last keys, computed once (`offset 0` keeps the planner from copying them into each use). */
function foldedName(db: Db) {
  return db.selectNoFrom([
    sql<string[]>`f_name_words(n.first_name, n.last_name)`.as('words'),
    sql<string>`f_name_key(n.first_name)`.as('fk'), sql<string>`f_name_key(n.last_name)`.as('lk'),
  ]).offset(sql.lit(0)).as('k');
}

/** Words shorter than this are checked on the other words' candidates rather than looked up (a 1-letter prefix matches thousands). */
const LOOKUP_MIN_LENGTH = 3;

/** How well a short word matches a candidate's folded first/last name keys `fk`, `lk` (0 a whole key, 1 a prefix, 9 no). */
function shortTokenTier(token: string) {
  return sql<number>`case when k.fk = ${token} or k.lk = ${token} then 0 when starts_with(k.fk, ${token}) or starts_with(k.lk, ${token}) then 1 else 9 end`;
}

/** Tier 1 rather than 2 for an account whose whole name was typed (either order); only input with a space can be one. */
function exactNameTier(plan: SearchPlan): RawBuilder<SqlBool> {
  if (!plan.folded.includes(' ')) return sql<SqlBool>`false`;
  return sql<SqlBool>`(lower(f_unaccent(first_name || ' ' || last_name)) = ${plan.folded}
                       or lower(f_unaccent(last_name || ' ' || first_name)) = ${plan.folded})`;
}

/** The name matches: `close` (tiers 1–3, every word exact or a prefix) and `typos` (also a word one typo away: tier 5), if any word may carry one. */
export interface NameBranches {
  close: Expression<Hit>;
  typos: Expression<Hit> | null;
}

/**
 * Accounts where every typed word matches a part of the name, in any order; the tier is
 * that of the worst-matching word (all exact → 2, or 1 when the whole name was typed in
 * either order; some prefix → 3; some typo → 5). Words of 3 letters or more are looked
 * up; shorter ones are then checked on those candidates only. The typo matches come apart,
 * since the search asks for them only when the closer matches are few (docs/rules.md#search).
 */
export function nameBranches(db: Db, plan: SearchPlan): NameBranches | null {
  if (!plan.nameTokens.length) return null;
  const long = plan.nameTokens.filter((t) => t.length >= LOOKUP_MIN_LENGTH);
  const looked = long.length ? long : plan.nameTokens;
  const checks = long.length ? plan.nameTokens.filter((t) => t.length < LOOKUP_MIN_LENGTH).map(shortTokenTier) : [];
  const graded = (matched: AliasableExpression<NameRow>) => gradedHits(db, plan, matched, checks);
  const typoWords = looked.filter(mayHaveTypo);
  if (looked.length === 1) {
    return { close: graded(oneWordClose(db, looked[0])), typos: typoWords.length ? graded(oneWordTypos(db, looked[0])) : null };
  }
  return { close: graded(everyWord(db, looked, false)), typos: typoWords.length ? graded(everyWord(db, looked, true)) : null };
}

/** Matched rows (with `best`, the worst word's 0–2) with the short words checked, as search hits with their tier. */
function gradedHits(db: Db, plan: SearchPlan, matched: AliasableExpression<NameRow>, checks: RawBuilder<number>[]): Expression<Hit> {
  const graded = db.selectFrom(matched.as('n'))
    .$if(checks.length > 0, (q) => q.crossJoinLateral(db.selectNoFrom([
      sql<string>`f_name_key(n.first_name)`.as('fk'), sql<string>`f_name_key(n.last_name)`.as('lk'),
    ]).as('k')))
    .selectAll('n')
    .select(sql<number>`greatest(${sql.join([sql.ref('n.best'), ...checks])})`.as('tier'));
  return db.selectFrom(graded.as('graded'))
    .select([
      'account_id',
      sql<number>`case when tier = 0 and ${exactNameTier(plan)} then 1
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
