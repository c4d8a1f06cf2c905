/**
 * A value made on first use and kept under its key for the life of the process: an Intl format per time
 * zone, a compiled statement per zone, a static file's bytes. Making it is the cost (an Intl format is
 * ~150 µs on a busy host), so each kind keeps one Map (or a WeakMap, per app or per pool) and asks it here.
 * On hot paths pass a `make` defined once, not a new closure per call: `make` is given the key.
 * A promise (a file's bytes, a decoy hash) is kept with `rememberedPromise`, which forgets one that
 * failed, so a read that failed once is tried again on the next ask instead of failing until a restart.
 * The bounded caches of calendar.ts (cleared when full, asked millions of times by the seed and the
 * nightly run) keep their own few lines.
 */

/** What `remembered` keeps values in: a Map or a WeakMap. */
export interface KeptValues<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value kept under `key`, made by `make` (and kept) when there is none yet. */
export function remembered<K, V>(kept: KeptValues<K, V>, key: K, make: (key: K) => V): V {
  const found = kept.get(key);
  if (found !== undefined) return found;
  const made = make(key);
  kept.set(key, made);
  return made;
}

/** What `rememberedPromise` keeps promises in: it must be able to forget one that failed. */
export interface ForgettableValues<K, V> extends KeptValues<K, V> {
  delete(key: K): unknown;
}

/**
 * The promise kept under `key`, made by `make` when there is none: asks made while it is pending share it.
 * If it rejects, the callers waiting on it see the error and the key is forgotten (unless a newer promise
 * already took its place), so the next ask makes it again.
 */
export function rememberedPromise<K, V>(kept: ForgettableValues<K, Promise<V>>, key: K, make: (key: K) => Promise<V>): Promise<V> {
  return remembered(kept, key, (forKey) => {
    const made = make(forKey);
    made.catch(() => {
      if (kept.get(forKey) === made) kept.delete(forKey);
    });
    return made;
  });
}
