/**
 * Counts the statements a piece of work sends to PostgreSQL, transaction control
 * (`begin`, `commit`) included: each is a round trip. It counts at the driver (`pg`), so
 * every path (the ORM, typed queries, raw SQL) is seen; nothing else may query meanwhile.
 */
import pg from 'pg';

export async function countStatements(work: () => Promise<unknown>): Promise<{ count: number; statements: string[] }> {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  const statements: string[] = [];
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const [config] = args;
    statements.push(typeof config === 'string' ? config : String((config as { text?: string })?.text ?? ''));
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    prototype.query = original;
  }
  return { count: statements.length, statements };
}
