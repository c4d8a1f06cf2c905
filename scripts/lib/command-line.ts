/**
 * The project's commands read their options one way: `--help` prints the usage (exit 0), and a command line
 * parseArgs refuses (an unknown option, a missing value) prints its reason and the usage with exit 64 (EX_USAGE),
 * never parseArgs' TypeError and stack.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type HelpOption = { help: { type: 'boolean'; default: false } };

/** `config` read from process.argv with strict checking and a `--help` option added; exits on `--help` or a refused line. */
export function readCommandLine<T extends ParseArgsConfig & { options: NonNullable<ParseArgsConfig['options']> }>(config: T, usage: string) {
  const withHelp = { ...config, options: { ...config.options, help: { type: 'boolean', default: false } } as T['options'] & HelpOption, strict: true as const };
  let parsed: ReturnType<typeof parseArgs<typeof withHelp>>;
  try {
    parsed = parseArgs(withHelp);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    process.exit(64); // EX_USAGE
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parsed;
}
