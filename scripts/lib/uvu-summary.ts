/** Reads uvu's closing summary (Total / Passed / Skipped) from a test file's output. */
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

export function parseUvuSummary(file: string, rawOutput: string, exitCode: number): FileResult {
  const output = rawOutput.replace(ANSI, '');
  const number = (label: string) => {
    const match = output.match(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm'));
    return match ? Number(match[1]) : null;
  };
  const total = number('Total');
  const passed = number('Passed');
  const skipped = number('Skipped') ?? 0;
  if (total === null || passed === null) {
    // The file crashed before uvu could report: count it as one failure so it is seen.
    return { file, passed: 0, failed: 1, skipped: 0, ms: 0, output: output || `exited with code ${exitCode}` };
  }
  const failed = Math.max(total - passed - skipped, exitCode !== 0 && total === passed + skipped ? 1 : 0);
  return { file, passed, failed, skipped, ms: 0, output };
}
