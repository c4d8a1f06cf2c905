/** The account number in a page URL, in its canonical form; anything that cannot be one is an unknown account (404). */
import type { Context } from 'hono';
import { canonicalAccountNumber } from '../../domain/accounts/account-record.js';
import type { AppEnv } from '../app-env.js';

/** `/accounts/wu-10001/…` and `/accounts/WU-10001/…` name the same account: WU-10001. */
export function accountNumberOf(c: Context<AppEnv>): string {
  return canonicalAccountNumber(c.req.param('accountNumber') ?? '');
}
