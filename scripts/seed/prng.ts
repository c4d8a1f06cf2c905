/**
 * The seeded randomness of the demo data. Every number comes from here, never from
 * Math.random(), so one seed (and one as-of date) always yields the same database.
 * mulberry32 is tiny and fast; quality is ample for demo data, not for cryptography.
 */

/** Mixes several 32-bit integers into one well-spread seed (murmur3's finaliser per step). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A small string hash so named streams ("payments", "orders") get independent seeds. */
export function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** An integer in [0, count): an index into `count` things. */
  below(count: number): number {
    return Math.floor(this.next() * count);
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    let total = 0;
    for (const [, w] of entries) total += w;
    let roll = this.next() * total;
    for (const [key, w] of entries) {
      roll -= w;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  /** A count with the given mean (Poisson by Knuth; means here are small). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Roughly normal, mean 0 and standard deviation 1, bounded to ±3.5 (sum of four uniforms, rescaled). */
  gauss(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * Math.sqrt(3);
  }

  /**
   * An RFC 4122 version-4-shaped UUID that no other serial can give: the last 48 bits are
   * the serial scrambled by a bijection (times an odd constant, modulo 2^48), the other
   * random bits come from this stream. A UUID drawn from the stream alone would repeat
   * across accounts: a stream has only 2^32 states, so by the birthday bound two of some
   * 100,000 accounts share one.
   */
  uuidWithSerial(serial: number): string {
    if (!Number.isSafeInteger(serial) || serial < 0 || serial >= 2 ** 48) throw new RangeError(`serial must be 0..2^48-1, got ${serial}`);
    const hex: string[] = [];
    for (let i = 0; i < 10; i++) {
      let byte = this.int(0, 255);
      if (i === 6) byte = (byte & 0x0f) | 0x40;
      if (i === 8) byte = (byte & 0x3f) | 0x80;
      hex.push(byte.toString(16).padStart(2, '0'));
    }
    const tail = (BigInt(serial) * SERIAL_SCRAMBLE) & SERIAL_MASK;
    const s = hex.join('') + tail.toString(16).padStart(12, '0');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

const SERIAL_MASK = (1n << 48n) - 1n;
const SERIAL_SCRAMBLE = 0x5deece66dn; // odd, so multiplying by it permutes the residues modulo 2^48

/** An independent stream for one concern of one account: changing how orders are drawn leaves payments as they were. */
export function streamFor(seed: number, index: number, concern: string): Rng {
  return new Rng(mixSeed(seed, index, hashName(concern)));
}
