/**
 * V8 heap settings of a serving API process. Left alone, V8 sizes the young generation from the
 * machine's memory: on a 24 GB machine it grows to 2 × 64 MB under load, and an API process
 * held 260–310 MB resident while its live heap was ~50 MB. Requests live for milliseconds, so a
 * 16 MB semi-space collects them as well (a scavenge costs what survives, not the space's size)
 * and keeps a process near 200 MB under 64 connections.
 */

/** Young-generation semi-space of an API process, in MB. */
export const API_SEMI_SPACE_MB = 16;

/** `execArgv` for an API process: the given flags plus the heap settings, unless the operator set them already. */
export function withApiHeapFlags(execArgv: readonly string[]): string[] {
  const set = execArgv.some((flag) => flag.startsWith('--max-semi-space-size'));
  return set ? [...execArgv] : [...execArgv, `--max-semi-space-size=${API_SEMI_SPACE_MB}`];
}
