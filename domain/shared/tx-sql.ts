import type { EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;

/** Raw SQL that runs inside the entity manager's current transaction (when there is one). */
export type TxSql = <T = Row>(sql: string, params?: unknown[]) => Promise<T[]>;

export function txSql(em: EntityManager): TxSql {
  return <T = Row>(sql: string, params: unknown[] = []) => em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}
