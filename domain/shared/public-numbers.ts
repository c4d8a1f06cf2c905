import type { EntityManager } from '@mikro-orm/postgresql';

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
  const rows = await em.getConnection().execute<{ n: string }[]>(`select nextval('${source.sequence}') as n`, [], 'all', em.getTransactionContext());
  return `${source.prefix}${rows[0].n}`;
}

export async function resyncPublicNumbers(em: EntityManager, kind: NumberKind): Promise<void> {
  const s = SOURCES[kind];
  await em.getConnection().execute(
    `select setval('${s.sequence}', greatest(nextval('${s.sequence}'),
       coalesce((select max(substring(${s.column} from ${s.prefix.length + 1})::bigint) from ${s.table} where ${s.column} ~ '^${s.prefix}[0-9]+$'), 0) + 1))`,
    [], 'all', em.getTransactionContext(),
  );
}
