/**
 * `npm run allocations:rebuild [-- --check] [--database-url URL]`: re-derives every account's payment allocations
 * from its bills and payments and compares them with the stored rows; without --check it corrects the accounts that differ.
 * Exit status: 0 stored rows equal the rebuild (or were corrected), 1 --check found differences, 64 usage.
 */
import { readCommandLine } from './lib/command-line.js';
import { config } from '../infra/config.js';
import { openOrm } from '../infra/database/orm.js';
import { rebuildAllocations, type RebuildReport } from '../domain/billing/payment-allocations.js';

const USAGE = 'usage: npm run allocations:rebuild -- [--check] [--database-url URL]';

function describe(report: RebuildReport): string {
  const lines = [
    `${report.accounts} accounts: ${report.expectedRows} allocation rows by the rule, ${report.storedRows} stored.`,
    report.differingAccounts.length === 0
      ? 'Every account\'s stored rows equal the rebuild.'
      : `${report.differingAccounts.length} accounts differ (${report.staleRows} stored rows not in the rebuild, ${report.missingRows} missing): ${report.differingAccounts.slice(0, 20).join(', ')}${report.differingAccounts.length > 20 ? ', …' : ''}`,
  ];
  if (report.differingAccounts.length > 0) lines.push(report.written ? 'Corrected.' : 'Nothing written (--check).');
  return `${lines.join('\n')}\n`;
}

const parsed = readCommandLine({ options: { check: { type: 'boolean' }, 'database-url': { type: 'string' } } }, USAGE);

const orm = await openOrm(parsed.values['database-url'] ?? config().DATABASE_URL);
try {
  const check = parsed.values.check === true;
  const report = await rebuildAllocations(orm.em.fork(), config().UTILITY_TIME_ZONE, { write: !check });
  process.stdout.write(describe(report));
  process.exitCode = check && report.differingAccounts.length > 0 ? 1 : 0;
} finally {
  await orm.close();
}
