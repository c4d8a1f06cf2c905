/**
 * Password hashing with Node's built-in scrypt (memory-hard; no native add-on to build).
 * Stored as `scrypt$N$r$p$salt$hash`, so a hash made with older parameters still verifies
 * and is replaced on the next sign-in (docs/rules.md#sign-in-and-sessions).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { rememberedPromise } from '../common/remembered.js';

export interface ScryptCost { N: number; r: number; p: number }

/** A password a person chooses has 12 to 128 characters, any characters (docs/rules.md#sign-in-and-sessions): forms, API and command line alike. */
export const PASSWORD_LENGTH = { min: 12, max: 128 } as const;

/** N = 2^17, r = 8, p = 1: 128 MiB and a few hundred milliseconds per hash. */
export const PASSWORD_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** The cost for log2(N), r = 8, p = 1 (tests lower N through the configuration). */
export function scryptCost(log2N: number): ScryptCost {
  return { ...PASSWORD_COST, N: 2 ** log2N };
}

/** scrypt needs 128·N·r bytes; Node refuses above `maxmem` (32 MiB by default), so allow that plus headroom. */
function maxmemFor(cost: ScryptCost): number {
  return 128 * cost.N * cost.r + 32 * 1024 * 1024;
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...cost, maxmem: maxmemFor(cost) }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, cost: ScryptCost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface StoredHash { cost: ScryptCost; salt: Buffer; hash: Buffer }

/** The parts of a stored hash, or null when it is not one of ours (or its parameters are out of bounds). */
function parseStored(stored: string): StoredHash | null {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const sane = Number.isInteger(cost.N) && cost.N >= 2 && cost.N <= 2 ** 20 && (cost.N & (cost.N - 1)) === 0
    && cost.r >= 1 && cost.r <= 32 && cost.p >= 1 && cost.p <= 16;
  if (scheme !== 'scrypt' || !salt || !hash || !sane) return null;
  return { cost, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.cost);
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

/** True when a stored hash was made with other parameters than `cost`, so the next sign-in should replace it. */
export function needsRehash(stored: string, cost: ScryptCost = PASSWORD_COST): boolean {
  const parsed = parseStored(stored);
  return !parsed || parsed.cost.N !== cost.N || parsed.cost.r !== cost.r || parsed.cost.p !== cost.p;
}

/** A hash to compare against when the email is unknown, so timing does not reveal which emails exist. */
const decoys = new Map<number, Promise<string>>();
export function decoyHash(cost: ScryptCost = PASSWORD_COST): Promise<string> {
  return rememberedPromise(decoys, cost.N, () => hashPassword(randomBytes(16).toString('hex'), cost));
}
