/** Public numbers (account WU-…, service order SO-…) drawn from their sequences, and resynced past bulk-loaded ones. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from './database.js';

/**
 * The next public number from its sequence. Data loaded in bulk (the demo seed, an
 * import) may already use numbers ahead of the sequence; `resync` moves the sequence
 * past the highest one in use, so creation never collides twice.
 */
const SOURCES = {
  serviceOrder: { sequence: 'service_order_number_seq', table: 'service_order', column: 'order_number', prefix: 'SO-' },
  account: { sequence: 'account_number_seq', table: 'account', column: 'account_number', prefix: 'WU-' },
} as const;
export type NumberKind = keyof typeof SOURCES;

export async function nextPublicNumber(em: EntityManager, kind: NumberKind): Promise<string> {
  const source = SOURCES[kind];
  const row = await db(em).selectNoFrom(sql<string>`nextval(${sql.lit(source.sequence)})`.as('n')).executeTakeFirstOrThrow();
  return `${source.prefix}${row.n}`;
}

export async function resyncPublicNumbers(em: EntityManager, kind: NumberKind): Promise<void> {
  const s = SOURCES[kind];
  const sequence = sql.lit(s.sequence);
  const column = sql.ref(s.column);
  const highest = db(em).selectFrom(s.table)
    .select(sql<number>`max(substring(${column} from ${sql.lit(s.prefix.length + 1)})::bigint)`.as('highest'))
    .where(column, '~', sql.lit(`^${s.prefix}[0-9]+$`));
  await db(em).selectNoFrom(sql`setval(${sequence}, greatest(nextval(${sequence}), coalesce((${highest}), 0) + 1))`.as('n')).execute();
}
