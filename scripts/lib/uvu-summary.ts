/**
 * Reads a test file's result from its uvu output: the closing summary (Total / Passed / Skipped)
 * and the hook failures scripts/lib/uvu-reporting-hooks.ts prints.
 */
export interface FileResult {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  ms: number;
  output: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matches the ESC that starts an ANSI colour code, on purpose.
const ANSI = /\u001b\[[0-9;]*m/g;
/** Starts the line scripts/lib/uvu-reporting-hooks.ts prints for each failing hook. */
export const HOOK_FAILURE_MARK = 'HOOK FAILED';
const HOOK_FAILURE = new RegExp(`^\\s*${HOOK_FAILURE_MARK}\\s`, 'gm');

/**
 * uvu's Total counts the tests that were meant to run (skipped ones are not in it), so the
 * failures are Total − Passed. A failing hook is one failure at least even when uvu counts
 * none (a before hook that throws leaves Total − Passed at the tests it stopped, an after hook
 * none), and a non-zero exit with nothing counted is one failure too.
 */
export function parseUvuSummary(file: string, rawOutput: string, exitCode: number): FileResult {
  const output = rawOutput.replace(ANSI, '');
  const number = (label: string) => {
    const match = output.match(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm'));
    return match ? Number(match[1]) : null;
  };
  const total = number('Total');
  const passed = number('Passed');
  const skipped = number('Skipped') ?? 0;
  const hookFailures = output.match(HOOK_FAILURE)?.length ?? 0;
  if (total === null || passed === null) {
    // The file crashed before uvu could report: count it as one failure (or its hooks') so it is seen.
    return { file, passed: 0, failed: Math.max(1, hookFailures), skipped: 0, ms: 0, output: output || `exited with code ${exitCode}` };
  }
  const failed = Math.max(total - passed, hookFailures, exitCode !== 0 ? 1 : 0);
  return { file, passed, failed, skipped, ms: 0, output };
}
