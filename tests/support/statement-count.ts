/**
 * Counts the statements a piece of work sends to PostgreSQL, transaction control
 * (`begin`, `commit`) included: each is a round trip. It is the load bench's statement capture
 * (`captureStatements`, scripts/bench/load/sql-replay.ts) kept to the texts, so the tests and the
 * bench's SQL floors see the same statements, and neither counts the caller-change listener's
 * heartbeat, which runs on a timer of its own. Nothing else may query meanwhile.
 */
import { captureStatements } from '../../scripts/bench/load/sql-replay.js';

export async function countStatements(work: () => Promise<unknown>): Promise<{ count: number; statements: string[] }> {
  const captured = await captureStatements(async () => { await work(); });
  const statements = captured.map((statement) => statement.text);
  return { count: statements.length, statements };
}
