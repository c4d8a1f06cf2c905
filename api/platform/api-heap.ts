/**
 * V8 heap settings of a serving API process, measured under the load bench's read mix
 * (BENCHMARKS.md, "Read load on the compiled API"):
 * - Young generation. Left alone, V8 sizes it from the machine's memory: on a 24 GB machine it
 *   grows to 2 × 64 MB under load. Requests live for milliseconds, so a 16 MB semi-space collects
 *   them as well (a scavenge costs what survives, not the space's size).
 * - Old generation. Left alone, its limit is sized from the machine's memory too (gigabytes here),
 *   and V8 lets it fill with promoted request garbage long before a full collection: under 64
 *   connections of searches one process went from ~200 to 320–330 MB resident while its live heap
 *   stayed at 40–60 MB. With a limit of 384 MB, V8 treats the heap as a small one and collects
 *   early: the same run stayed at ~197 MB, at the same request rate. The limit is still six times
 *   the live heap, so no request comes near it (the largest answers, a timeline CSV or an
 *   account's history, are one account's rows).
 * An operator's own setting of either flag wins, on the command line or in NODE_OPTIONS.
 */

/** Young-generation semi-space of an API process, in MB. */
export const API_SEMI_SPACE_MB = 16;
/** Old-generation limit of an API process, in MB. */
export const API_OLD_SPACE_MB = 384;

const HEAP_FLAGS: readonly (readonly [name: string, megabytes: number])[] = [
  ['--max-semi-space-size', API_SEMI_SPACE_MB],
  ['--max-old-space-size', API_OLD_SPACE_MB],
];

/** The heap flags an API process runs with, as they go on the command line. */
export const API_HEAP_FLAGS: readonly string[] = HEAP_FLAGS.map(([name, megabytes]) => `${name}=${megabytes}`);

/** V8 takes `--max_old_space_size` for `--max-old-space-size`. */
const flagName = (flag: string) => flag.split('=')[0].replaceAll('_', '-');

/**
 * `execArgv` for an API process: the given flags plus each heap setting the operator did not set,
 * in those flags or in NODE_OPTIONS (flags given here would override NODE_OPTIONS' own).
 */
export function withApiHeapFlags(execArgv: readonly string[], nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
  const set = new Set([...execArgv, ...nodeOptions.split(/\s+/)].map(flagName));
  return [...execArgv, ...HEAP_FLAGS.filter(([name]) => !set.has(name)).map(([name, megabytes]) => `${name}=${megabytes}`)];
}
