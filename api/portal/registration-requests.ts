/** The one way both the JSON API and the /my pages hand a registration or a confirmation to the domain. */
import type { Context } from 'hono';
import { normalizeAccountNumber } from '../../domain/accounts/account-number.js';
import { scryptCost } from '../../domain/auth/password.js';
import { Invalid } from '../../domain/common/errors.js';
import { confirmRegistration } from '../../domain/portal/portal-confirmation.js';
import { requestRegistration } from '../../domain/portal/portal-registration.js';
import type { AppEnv } from '../app-env.js';
import { clientAddress } from '../common/client-address.js';
import { relayJobSoon } from '../common/job-queues.js';

export interface RegistrationInput {
  accountNumber: string;
  lastName: string;
  latestBillAmountCents: number;
  email: string;
  password: string;
}

/**
 * Records the request and lets its e-mails go without waiting for them: the answer comes as quickly
 * whether or not the details named an account (the jobs worker's relay delivers any row this misses).
 */
export async function submitRegistration(c: Context<AppEnv>, input: RegistrationInput): Promise<void> {
  const accountNumber = normalizeAccountNumber(input.accountNumber);
  if (!accountNumber) throw new Invalid('Invalid body: accountNumber', { accountNumber: 'an account number as on your bill, e.g. WU-10001' });
  const { config } = c.get('deps');
  const request = { ...input, accountNumber, email: input.email.trim().toLowerCase(), ipAddress: clientAddress(c) };
  const receipt = await requestRegistration(c.get('em'), request, {
    cost: scryptCost(config.PASSWORD_SCRYPT_LOG2_N), secret: config.SESSION_SECRET, perAddressPerHour: config.PORTAL_REGISTRATIONS_PER_ADDRESS_PER_HOUR,
  });
  if (receipt.outcome === 'over_limit') c.get('log').warn({ accountNumber }, 'portal registration over its hourly limit; nothing sent');
  for (const outboxId of receipt.outboxIds) void relayJobSoon(c, outboxId).catch(() => undefined);
}

/** Spends a confirmation link: the consumer exists from now on. */
export function submitConfirmation(c: Context<AppEnv>, token: string) {
  return confirmRegistration(c.get('em'), token);
}
