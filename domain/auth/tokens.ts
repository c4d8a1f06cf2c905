/** Random secrets for cookies and bearer tokens, and the hash under which they are stored. */
import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie or bearer token; only its SHA-256 is ever stored. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
