/**
 * The name part of the account search (SPEC §4): each typed word is looked up as a word
 * of the folded name (exact, or one typo away) or as the start of the folded first or
 * last name; every word must match. Tiers as in account-search-sql.ts.
 */
import { CARRIED, CARRY, FULL_NAME, type SqlPart } from './account-search-sql.js';
import { TYPO_MIN_LENGTH, withOneEdit, type SearchPlan } from './search-query.js';

/** The smallest string greater than every string starting with `prefix` (keys are a-z/0-9, compared bytewise). */
export function prefixUpperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

const FIRST_KEY = 'f_name_key(a.first_name)';
const LAST_KEY = 'f_name_key(a.last_name)';
const NAME_WORDS = 'f_name_words(a.first_name, a.last_name)';

/**
 * The accounts one typed word matches, with how well: 0 a word of the name, 1 the start
 * of the first or last name, 2 a word one typo away. Each lookup is an index condition
 * with no per-row folding (`&&` on the words' GIN index; ranges rather than LIKE on the
 * name keys).
 */
function tokenLookups(token: string, position: number): SqlPart[] {
  const upper = prefixUpperBound(token);
  const select = (tier: number) => `select a.id, ${position}, ${tier}, a.first_name, a.last_name, ${CARRY} from account a`;
  const parts: SqlPart[] = [
    { sql: `${select(0)} where ${NAME_WORDS} && array[?]::text[]`, params: [token] },
    {
      sql: `${select(1)}
             where (${FIRST_KEY} ~>=~ ? and ${FIRST_KEY} ~<~ ?) or (${LAST_KEY} ~>=~ ? and ${LAST_KEY} ~<~ ?)`,
      params: [token, upper, token, upper],
    },
  ];
  if (token.length >= TYPO_MIN_LENGTH) {
    parts.push({ sql: `${select(2)} where ${NAME_WORDS} && (select array[?]::text[])`, params: [withOneEdit(token)] });
  }
  return parts;
}

/** Words shorter than this are checked on the other words' candidates rather than looked up (a 1-letter prefix matches thousands). */
const LOOKUP_MIN_LENGTH = 3;

/** How well a short word matches a candidate's folded first/last name keys `fk`, `lk` (0 a whole key, 1 a prefix, 9 no). */
function shortTokenTier(token: string): SqlPart {
  return {
    sql: 'case when k.fk = ? or k.lk = ? then 0 when starts_with(k.fk, ?) or starts_with(k.lk, ?) then 1 else 9 end',
    params: [token, token, token, token],
  };
}

/**
 * Accounts where every typed word matches a part of the name, in any order; the tier is
 * that of the worst-matching word (all exact → 2, or 1 when the whole name was typed in
 * either order; some prefix → 3; some typo → 5). Words of 3 letters or more are looked
 * up; shorter ones are then checked on those candidates only.
 */
export function nameBranch(plan: SearchPlan): SqlPart | null {
  if (!plan.nameTokens.length) return null;
  const long = plan.nameTokens.filter((t) => t.length >= LOOKUP_MIN_LENGTH);
  const looked = long.length ? long : plan.nameTokens;
  const checks = long.length ? plan.nameTokens.filter((t) => t.length < LOOKUP_MIN_LENGTH).map(shortTokenTier) : [];
  const lookups = looked.flatMap((token, i) => tokenLookups(token, i));
  const row = `account_id, first_name, last_name, ${CARRIED}`;
  const keys = checks.length ? 'cross join lateral (select f_name_key(n.first_name) as fk, f_name_key(n.last_name) as lk) as k' : '';
  return {
    sql: `select account_id,
                 case when tier = 0 and (lower(f_unaccent(first_name || ' ' || last_name)) = ?
                                         or lower(f_unaccent(last_name || ' ' || first_name)) = ?) then 1
                      when tier = 0 then 2 when tier = 1 then 3 else 5 end,
                 0::real, ${CARRIED}
            from (select n.*, greatest(n.best${checks.map((c) => `, ${c.sql}`).join('')}) as tier
                    from (select ${row}, max(best) as best
                            from (select ${row}, token_no, min(tier) as best
                                    from (${lookups.map((l) => l.sql).join('\n union all ')})
                                         as token_hits (account_id, token_no, tier, first_name, last_name, ${CARRIED})
                                   group by ${row}, token_no) as per_token
                           group by ${row} having count(*) = ?) as n ${keys}) as graded
           where tier < 9`,
    params: [plan.folded, plan.folded, ...checks.flatMap((c) => c.params), ...lookups.flatMap((l) => l.params), looked.length],
  };
}

/**
 * Names similar to the whole input as trigram sets (several typos, words run together):
 * the fallback when nothing else matched, since every candidate costs a folding.
 */
export function similarNameBranch(plan: SearchPlan): SqlPart | null {
  if (!plan.nameTokens.length || plan.folded.length < 4) return null;
  return {
    sql: `select a.id, 6, similarity(${FULL_NAME}, ?), ${CARRY} from account a where ${FULL_NAME} % ?`,
    params: [plan.folded, plan.folded],
  };
}
