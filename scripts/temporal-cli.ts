/** `npm run temporal:cli`: prints the path of the Temporal CLI, building it first if needed (progress on stderr). */
import { ensureTemporalCli } from './lib/temporal-cli.js';

process.stdout.write(`${await ensureTemporalCli((line) => process.stderr.write(`${line}\n`))}\n`);
