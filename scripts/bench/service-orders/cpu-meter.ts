/**
 * CPU seconds by component over a measured window: each component is a set of processes whose
 * user + system time (/proc/PID/stat) is read before and after. PostgreSQL is the sum over the
 * backends serving the named databases (pg_stat_activity), so other sessions on a shared server,
 * and its background writers, are left out.
 */
import pg from 'pg';
import { cpuSeconds } from '../load/served-processes.js';

export interface Component {
  name: string;
  pids(): Promise<number[]>;
}

export type CpuSnapshot = Map<string, Map<number, number>>;

export async function snapshot(components: Component[]): Promise<CpuSnapshot> {
  const taken: CpuSnapshot = new Map();
  for (const component of components) {
    const pids = await component.pids();
    taken.set(component.name, new Map(pids.map((pid) => [pid, cpuSeconds(pid)])));
  }
  return taken;
}

/**
 * CPU seconds each component used between two snapshots. A process only in `after` started in the
 * window and counts whole; one gone by `after` is lost (the pools here keep their connections).
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Map<string, number> {
  const used = new Map<string, number>();
  for (const [name, pids] of after) {
    let seconds = 0;
    for (const [pid, now] of pids) if (Number.isFinite(now)) seconds += now - (before.get(name)?.get(pid) ?? 0);
    used.set(name, seconds);
  }
  return used;
}

/** The backends of PostgreSQL serving `databases`, found through `adminUrl` (any database on the same server). */
export function postgresBackends(adminUrl: string, databases: string[]): Component & { close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: adminUrl, max: 1 });
  return {
    name: 'PostgreSQL',
    async pids() {
      const { rows } = await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = any($1) and pid <> pg_backend_pid()', [databases]);
      return rows.map((row) => row.pid);
    },
    close: () => pool.end(),
  };
}

/** Fixed processes (the API's, the worker, the Temporal server). */
export const processes = (name: string, pids: () => number[]): Component => ({ name, pids: async () => pids() });
